import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// The life lineinfile, blockinfile, replace and ini_file share: read the file from the
/// host, let the module compute the new text on the controller, then write it back whole
/// (backup first, validate on a scratch copy, upload renamed into place) and set mode,
/// owner and group. Like Ansible's atomic move, a replaced file keeps its owner, group and
/// mode; a new one gets 0666 minus the umask.
struct TextFileEdit: Sendable {
  let module: String
  /// The path as the task wrote it (messages and diff headers use it).
  let path: String
  let attributes: FileAttributes
  let backup: Bool
  let validate: String?

  /// The file as it is on the host.
  struct Current: Sendable {
    /// Where writes go: the path with symbolic links resolved, as Ansible's realpath.
    var realPath: String
    var state: PathState?
    var isDirectory = false
    var parentExists = true
    var text: String?
    var exists: Bool { state != nil }
  }

  enum ReadOutcome: Sendable {
    case read(Current)
    case failed(ModulePlan)
  }

  /// One command finds what is at the path; the content then comes by download.
  func read(on target: Target) async throws(ConnectionError) -> ReadOutcome {
    let script = [
      "p=\(ShellQuote.quote(path))",
      "if [ -d \"$p\" ]; then echo dir; exit 0; fi",
      "r=$(readlink -f -- \"$p\" 2>/dev/null) && [ -n \"$r\" ] || r=\"$p\"",
      ProbeWord.echo("real", variable: "r"),
      "if [ -e \"$r\" ]; then echo \"stat=$(stat -L -c '\(PathState.format)' -- \"$r\" 2>/dev/null || stat -L -c '\(PathState.plainFormat)' -- \"$r\")\"; fi",
      "if [ -f \"$r\" ] && [ -r \"$r\" ]; then echo \"sum=$(sha1sum < \"$r\" | cut -d' ' -f1)\"; fi",
      "case \"$r\" in */*) q=\"${r%/*}\" ;; *) q=. ;; esac",
      "[ -d \"${q:-/}\" ] && echo parent=yes",
      "exit 0",
    ].joined(separator: "\n")
    let output = try await target.run(script)
    var current = Current(realPath: path, parentExists: false)
    var checksum: String?
    for line in output.stdout.split(separator: "\n") {
      if line == "dir" { current.isDirectory = true }
      if line.hasPrefix("real="), let decoded = ProbeWord.decode(line.dropFirst(5)) { current.realPath = decoded }
      if line.hasPrefix("stat=") { current.state = PathState.parseLine(line.dropFirst(5)) }
      if line == "parent=yes" { current.parentExists = true }
      if line.hasPrefix("sum=") { checksum = String(line.dropFirst(4)) }
    }
    if current.isDirectory {
      return .failed(FileModule.failure("Path \(path) is a directory !", ["rc": .int(256)]))
    }
    if current.exists {
      let bytes = try await target.connection.download(current.realPath)
      // A transfer that passes through text (become's `cat`) would mangle bytes that are
      // not UTF-8: the checksum says whether the file arrived as it is.
      guard let text = String(validating: bytes, as: UTF8.self), checksum == nil || checksum == Digest.sha1Hex(bytes) else {
        return .failed(FileModule.failure("\(path) is not UTF-8 text; swiftplay edits text files only"))
      }
      current.text = text
    }
    return .read(current)
  }

  /// The Ansible content diff entry: `<path> (content)` headers.
  func contentDiff(before: String, after: String) -> ValueDict {
    [
      "before": .string(before), "after": .string(after),
      "before_header": .string("\(path) (content)"), "after_header": .string("\(path) (content)"),
    ]
  }

  /// The plan once the module knows the new text (`after`, nil when the content stays).
  /// `values` are the module's result keys; `message` its msg, to which the attribute
  /// note is added as Ansible does. `backupKey` is `backup` (lineinfile) or `backup_file`.
  /// With `pathInfo` the result carries the file's uid, gid, owner, group, mode, state and
  /// size, as Ansible adds them to a result that has a `path` key. `quietAttributes` is
  /// ini_file's way: attributes are set after the edit outside check mode only, with no
  /// note in msg and no diff entry.
  func plan(
    _ current: Current, after: String?, message: String, values: ValueDict, diff: [ValueDict],
    backupKey: String, pathInfo: Bool = false, quietAttributes: Bool = false, on target: Target
  ) async throws(ConnectionError) -> ModulePlan {
    var changes = FileAttributes.Changes()
    if let state = current.state {
      changes = try await attributes.changes(current.realPath, state, on: target)
      if let failure = changes.failure { return FileModule.failure(failure, values) }
    }
    var message = message
    if !changes.isEmpty && !quietAttributes {
      if after != nil { message += " and " }
      message += "ownership, perms or SE linux context changed"
    }
    var values = values
    values["msg"] = .string(message)
    var diff = diff
    if !changes.isEmpty && !quietAttributes {
      diff.append([
        "before": .dict(changes.before), "after": .dict(changes.after),
        "before_header": .string("\(path) (file attributes)"), "after_header": .string("\(path) (file attributes)"),
      ])
    }
    if pathInfo {
      values.merge(current.state?.attributeValues ?? ["state": "absent"]) { $1 }
    }
    guard after != nil || !changes.isEmpty else {
      return ModulePlan(result: ModuleResult(changed: false, values: values))
    }
    let shown = ModuleResult(changed: after != nil || !quietAttributes, values: values, diff: diff)
    let planned = values
    let commands = changes.commands
    let shownDiff = diff
    return ModulePlan(result: shown) { target async throws(ConnectionError) in
      var values = planned
      if let after {
        if let failure = try await self.write(after, current: current, values: &values, backupKey: backupKey, on: target) {
          return ModuleResult(changed: false, failed: true, values: failure, diff: shownDiff)
        }
      }
      if !commands.isEmpty {
        let outcome = try await target.run((["set -e"] + commands).joined(separator: "\n"))
        guard outcome.rc == 0 else {
          values["msg"] = .string(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
          return ModuleResult(changed: after != nil, failed: true, values: values, diff: shownDiff)
        }
      }
      if pathInfo, let state = try await PathState.probe(current.realPath, follow: true, on: target) {
        values.merge(state.attributeValues) { $1 }
      }
      return ModuleResult(changed: true, values: values, diff: shownDiff)
    }
  }

  /// Backup, validate, upload, ownership: nil when done, else the failed result's values.
  func write(
    _ text: String, current: Current, values: inout ValueDict, backupKey: String, on target: Target
  ) async throws(ConnectionError) -> ValueDict? {
    let path = current.realPath
    let quoted = ShellQuote.quote(path)
    let parent = FileModule.dirname(path)
    func failed(_ message: String, _ extra: ValueDict = [:]) -> ValueDict {
      var all = values.merging(extra) { $1 }
      all["msg"] = .string(message.trimmingCharacters(in: .whitespacesAndNewlines))
      return all
    }
    if !current.exists && !current.parentExists && !parent.isEmpty {
      let made = try await target.run("mkdir -p -- \(ShellQuote.quote(parent))")
      guard made.rc == 0 else { return failed("Error creating \(parent) (\(made.stderr))") }
    }
    if backup, current.exists {
      let made = try await target.run("b=\(quoted).$$.$(date +%Y-%m-%d@%H:%M:%S)~; cp -p -- \(quoted) \"$b\" && echo \"$b\"")
      guard made.rc == 0 else { return failed("backup of \(path) failed: \(made.stderr)") }
      values[backupKey] = .string(made.stdout.trimmingCharacters(in: .newlines))
    }
    var mode: Int
    if let existing = current.state?.mode { mode = existing } else { mode = try await CopyModule.newFileMode(on: target) }
    if !current.exists, case let .absolute(bits)? = attributes.mode { mode = bits }
    let bytes = Array(text.utf8)
    if let validate {
      guard validate.contains("%s") else { return failed("validate must contain %s: \(validate)") }
      let scratch = (parent.isEmpty ? "" : parent + "/") + ".swiftplay-validate-\(UInt32.random(in: 0...UInt32.max))"
      try await target.connection.upload(bytes, to: scratch, mode: Int32(mode))
      let check = try await target.run(validate.replacingOccurrences(of: "%s", with: ShellQuote.quote(scratch)))
      guard check.rc == 0 else {
        _ = try await target.run("rm -f -- \(ShellQuote.quote(scratch))")
        return failed("failed to validate: rc:\(check.rc) error:\(check.stderr)")
      }
      let moved = try await target.run("mv -f -- \(ShellQuote.quote(scratch)) \(quoted)")
      guard moved.rc == 0 else { return failed(moved.stderr) }
    } else {
      try await target.connection.upload(bytes, to: path, mode: Int32(mode))
    }
    var commands: [String] = []
    if let existing = current.state {
      // The new file replaced the old one: it keeps the old owner and group.
      commands.append("chown \(existing.uid):\(existing.gid) -- \(quoted) 2>/dev/null || true")
    } else {
      commands += attributes.commands(forShellWord: quoted)
    }
    if !commands.isEmpty {
      let outcome = try await target.run(commands.joined(separator: "\n"))
      guard outcome.rc == 0 else { return failed(outcome.stderr) }
    }
    return nil
  }
}

/// What a module's text transformation made of a file's text: the new text, whether it
/// differs, Ansible's message and any module-specific result keys.
struct TextEditResult: Sendable, Equatable {
  var text: String
  var changed: Bool
  var message: String
  var values: ValueDict = [:]
}

/// Text as Python's `readlines()` of a file opened in binary mode sees it: lines split
/// after each `\n`, each keeping its end.
enum TextLines {
  static func split(_ text: String) -> [String] {
    var lines: [String] = []
    var start = text.startIndex
    let utf8 = text.utf8
    var index = utf8.startIndex
    while index < utf8.endIndex {
      let next = utf8.index(after: index)
      if utf8[index] == UInt8(ascii: "\n") {
        lines.append(String(text[start..<next]))
        start = next
      }
      index = next
    }
    if start < text.endIndex { lines.append(String(text[start...])) }
    return lines
  }

  /// Python's `bytes.splitlines(True)`: ends are `\n`, `\r\n` or `\r`.
  static func splitUniversal(_ text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      current.append(scalar)
      if scalar == "\n" || (scalar == "\r" && scalars.first != "\n") {
        lines.append(String(current))
        current = String.UnicodeScalarView()
      }
    }
    if !current.isEmpty { lines.append(String(current)) }
    return lines
  }

  /// `line.rstrip('\r\n')`.
  static func stripEnd(_ line: String) -> String {
    var scalars = line.unicodeScalars[...]
    while let last = scalars.last, last == "\n" || last == "\r" { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
  }

  /// Whether the line ends with `\n` or `\r`.
  static func hasEnd(_ line: String) -> Bool {
    guard let last = line.unicodeScalars.last else { return false }
    return last == "\n" || last == "\r"
  }
}
