import Foundation

/// A file a user names on the controller (a playbook, an inventory, `-e @file`, vars files,
/// `--limit @file`), read whole as UTF-8. Only regular files (or links to them) are read: a
/// device or a pipe such as `/dev/zero` would never end, so it is refused before reading, as
/// ansible-playbook refuses a playbook that "does not appear to be a file".
package enum ControllerFile {
  package enum ReadError: Error, CustomStringConvertible, Equatable {
    case notAFile(String)
    case unreadable(String)

    package var description: String {
      switch self {
      case let .notAFile(path): return "\(path) does not appear to be a file"
      case let .unreadable(path): return "cannot read \(path) (check that it exists, its permissions and that it is UTF-8)"
      }
    }
  }

  package static func readText(_ path: String) throws(ReadError) -> String {
    var status = stat()
    guard stat(path, &status) == 0 else { throw .unreadable(path) }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .notAFile(path) }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw .unreadable(path)
    }
    return text
  }
}
