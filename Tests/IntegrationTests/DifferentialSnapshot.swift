import Foundation

/// The state a run left in the sandbox: every entry below it by relative path, with its
/// type, permission bits, file content and symlink target. Owners are left out on
/// purpose: tasks delegated to localhost write as root, and that is not a difference.
struct DifferentialSnapshot: Equatable, Sendable {
  enum Entry: Equatable, Sendable, CustomStringConvertible {
    case directory(mode: UInt16)
    case file(mode: UInt16, content: String)
    case symlink(target: String)
    case other(mode: UInt16)

    var description: String {
      switch self {
      case .directory(let mode): return "directory \(octal(mode))"
      case .file(let mode, let content): return "file \(octal(mode)) \(content.debugDescription)"
      case .symlink(let target): return "symlink -> \(target)"
      case .other(let mode): return "special \(octal(mode))"
      }
    }
  }

  var entries: [String: Entry] = [:]

  /// Walks `root` without following symlinks; the root itself is not recorded.
  init(root: String) {
    walk(root, relative: "")
  }

  init(entries: [String: Entry]) {
    self.entries = entries
  }

  private mutating func walk(_ path: String, relative: String) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    for name in names {
      let full = path + "/" + name
      let key = relative.isEmpty ? name : relative + "/" + name
      var info = stat()
      guard lstat(full, &info) == 0 else { continue }
      let mode = UInt16(info.st_mode & 0o7777)
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        entries[key] = .directory(mode: mode)
        walk(full, relative: key)
      case S_IFLNK:
        entries[key] = .symlink(target: (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
      case S_IFREG:
        let data = FileManager.default.contents(atPath: full) ?? Data()
        let text = String(data: data, encoding: .utf8) ?? "base64:" + data.base64EncodedString()
        entries[key] = .file(mode: mode, content: text)
      default:
        entries[key] = .other(mode: mode)
      }
    }
  }

  /// One line per path that differs, `self` being the reference (Ansible's side).
  func differences(from other: DifferentialSnapshot, referenceName: String, otherName: String) -> [String] {
    Set(entries.keys).union(other.entries.keys).sorted().compactMap { path in
      let mine = entries[path], theirs = other.entries[path]
      guard mine != theirs else { return nil }
      return "\(path): \(referenceName) \(mine?.description ?? "absent"), \(otherName) \(theirs?.description ?? "absent")"
    }
  }

  /// A listing of the whole tree, for the report when something differs.
  var listing: String {
    entries.keys.sorted().map { "  \($0): \(entries[$0]?.description ?? "")" }.joined(separator: "\n")
  }
}

private func octal(_ mode: UInt16) -> String {
  let digits = String(mode, radix: 8)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
