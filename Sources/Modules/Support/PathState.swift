import Foundation
import SwiftPlayCore
import ValueModel

/// What a path on the target is, read with one `stat(1)` call: the facts file, copy and
/// stat plan from. The command and its parser are separate so the parser is tested on
/// recorded output.
struct PathState: Sendable, Equatable {
  enum Kind: String, Sendable { case file, directory, link, fifo, socket, character, block }

  var kind: Kind
  /// Permission bits, setuid/setgid/sticky included (`07777`).
  var mode: Int
  var uid: Int
  var gid: Int
  var owner: String
  var group: String
  var size: Int
  var atime: Double
  var mtime: Double
  var ctime: Double
  var inode: Int
  var device: Int
  var links: Int
  var blocks: Int
  var blockSize: Int
  /// Where a symbolic link points, as written in it (`readlink`).
  var linkTarget: String?

  /// `%f` gives the type and permission bits together as hex, which GNU and BusyBox
  /// stat both print; `%.9Y` keeps sub-second times where stat supports it.
  static let format = "%f|%u|%g|%U|%G|%s|%.9X|%.9Y|%.9Z|%i|%d|%h|%b|%o"
  static let plainFormat = "%f|%u|%g|%U|%G|%s|%X|%Y|%Z|%i|%d|%h|%b|%o"

  /// A shell snippet printing the stat line of `$p` (after `p=PATH`), then its link
  /// target when it is a symbolic link. Prints nothing when nothing is there.
  static func snippet(follow: Bool) -> String {
    let lstat = "stat -c '\(format)' -- \"$p\" 2>/dev/null || stat -c '\(plainFormat)' -- \"$p\""
    let stat = follow ? "stat -L -c '\(format)' -- \"$p\" 2>/dev/null || stat -L -c '\(plainFormat)' -- \"$p\" 2>/dev/null || " : ""
    return "if [ -e \"$p\" ] || [ -h \"$p\" ]; then \(stat)\(lstat); if [ -h \"$p\" ]; then readlink -- \"$p\"; fi; fi"
  }

  static func command(_ path: String, follow: Bool = false) -> String {
    "p=\(ShellQuote.quote(path)); \(snippet(follow: follow)); exit 0"
  }

  /// Reads what `command` printed: nil when the path does not exist.
  static func parse(_ output: String) -> PathState? {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, var state = parseLine(first) else { return nil }
    if state.kind == .link, lines.count > 1 { state.linkTarget = String(lines[1]) }
    return state
  }

  static func parseLine(_ line: Substring) -> PathState? {
    let fields = line.split(separator: "|", maxSplits: 13, omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 14, let raw = Int(fields[0], radix: 16) else { return nil }
    let kinds: [Int: Kind] = [
      0o100000: .file, 0o040000: .directory, 0o120000: .link, 0o010000: .fifo, 0o140000: .socket,
      0o020000: .character, 0o060000: .block,
    ]
    guard let kind = kinds[raw & 0o170000] else { return nil }
    func int(_ index: Int) -> Int { Int(fields[index]) ?? 0 }
    func time(_ index: Int) -> Double { Double(fields[index].replacingOccurrences(of: ",", with: ".")) ?? 0 }
    return PathState(
      kind: kind, mode: raw & 0o7777, uid: int(1), gid: int(2), owner: fields[3], group: fields[4], size: int(5),
      atime: time(6), mtime: time(7), ctime: time(8), inode: int(9), device: int(10), links: int(11),
      blocks: int(12), blockSize: int(13), linkTarget: nil)
  }

  static func probe(_ path: String, follow: Bool = false, on target: Target) async throws(ConnectionError) -> PathState? {
    parse(try await target.run(command(path, follow: follow)).stdout)
  }

  /// The state name Ansible's file module gives what is there (`hard` for a file with more
  /// than one name).
  var fileModuleState: String {
    switch kind {
    case .file: return links > 1 ? "hard" : "file"
    case .directory: return "directory"
    case .link: return "link"
    default: return "file"
    }
  }

  /// The keys Ansible's file and copy modules add about the path they leave.
  var attributeValues: ValueDict {
    [
      "mode": .string(FileMode.text(mode)), "owner": .string(owner), "group": .string(group),
      "uid": .int(uid), "gid": .int(gid), "size": .int(size), "state": .string(fileModuleState),
    ]
  }
}
