import Foundation
import ValueModel

/// What one of Ansible's modules printed, read as Ansible's action plugins read it: the
/// JSON object on its standard output (lines around it, such as a MOTD or a login
/// banner, are ignored), or a failure that keeps everything the module printed.
enum ModuleOutput {
  /// The result mapping, or nil when stdout holds no JSON object.
  static func parse(_ stdout: String) -> ValueDict? {
    let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("{") }),
      let last = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}") }),
      first <= last
    else { return nil }
    let text = lines[first...last].joined(separator: "\n")
    guard case let .dict(values)? = try? JSON.decode(text) else { return nil }
    return values
  }
}
