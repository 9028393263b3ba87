import Foundation
import SwiftPlayCore
import ValueModel

/// The `mode`, `owner` and `group` options file, copy and friends share: what differs from
/// a path's current state, as Ansible's diff shows it, and the commands that fix it.
struct FileAttributes: Sendable, Equatable {
  /// Ansible's file options the native modules implement. Its SELinux context options,
  /// `attributes` (chattr) and `unsafe_writes` are not among them: a task using one runs
  /// Ansible's own module.
  static let options: [ArgumentOption] = [.raw("mode"), .str("owner"), .str("group")]

  var mode: FileMode?
  var owner: String?
  var group: String?

  init(mode: FileMode? = nil, owner: String? = nil, group: String? = nil) {
    self.mode = mode
    self.owner = owner
    self.group = group
  }

  init(_ values: ArgumentValues) throws(ModuleError) {
    mode = try FileMode.parse(values["mode"], module: values.module)
    owner = values.string("owner").flatMap { $0.isEmpty ? nil : $0 }
    group = values.string("group").flatMap { $0.isEmpty ? nil : $0 }
  }

  var isEmpty: Bool { mode == nil && owner == nil && group == nil }

  /// What must change on a path in `state`: the diff halves (without `path`) and the
  /// shell commands. Owner and group names are resolved to ids on the target so the diff
  /// shows ids, as Ansible's does; a name that does not exist there is a failure message.
  struct Changes: Sendable {
    var before: ValueDict = [:]
    var after: ValueDict = [:]
    var commands: [String] = []
    var failure: String?
    var isEmpty: Bool { commands.isEmpty }
  }

  func changes(_ path: String, _ state: PathState, onLink: Bool = false, on target: Target) async throws(ConnectionError) -> Changes {
    var changes = Changes()
    let quoted = ShellQuote.quote(path)
    let noFollow = onLink ? "-h " : ""
    if let owner, owner != state.owner, owner != String(state.uid) {
      guard let uid = try await Self.resolve(owner, command: "id -u", on: target) else {
        changes.failure = "chown failed: failed to look up user \(owner)"
        return changes
      }
      if uid != state.uid {
        changes.before["owner"] = .int(state.uid)
        changes.after["owner"] = .int(uid)
        changes.commands.append("chown \(noFollow)\(ShellQuote.quote(owner)) -- \(quoted)")
      }
    }
    if let group, group != state.group, group != String(state.gid) {
      guard let gid = try await Self.resolve(group, command: "getent group", field: 3, on: target) else {
        changes.failure = "chgrp failed: failed to look up group \(group)"
        return changes
      }
      if gid != state.gid {
        changes.before["group"] = .int(state.gid)
        changes.after["group"] = .int(gid)
        changes.commands.append("chgrp \(noFollow)\(ShellQuote.quote(group)) -- \(quoted)")
      }
    }
    if let mode, !onLink {
      let wanted = mode.resolve(current: state.mode, isDirectory: state.kind == .directory)
      if wanted != state.mode {
        changes.before["mode"] = .string(FileMode.text(state.mode))
        changes.after["mode"] = .string(FileMode.text(wanted))
        changes.commands.append("chmod 0\(FileMode.text(wanted)) -- \(quoted)")
      }
    }
    return changes
  }

  /// A user or group name (or number) to its id on the target; nil when unknown there.
  static func resolve(_ name: String, command: String, field: Int? = nil, on target: Target) async throws(ConnectionError) -> Int? {
    if let number = Int(name) { return number }
    let line = "\(command) \(ShellQuote.quote(name))" + (field.map { " | cut -d: -f\($0)" } ?? "")
    let outcome = try await target.run(line)
    guard outcome.rc == 0 else { return nil }
    return Int(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Commands that set these attributes on a path just created, whatever it had;
  /// `quoted` is the path as a shell word (quoted, or `"$c"` inside a loop).
  func commands(forShellWord quoted: String) -> [String] {
    var commands: [String] = []
    if let owner { commands.append("chown \(ShellQuote.quote(owner)) -- \(quoted)") }
    if let group { commands.append("chgrp \(ShellQuote.quote(group)) -- \(quoted)") }
    switch mode {
    case let .absolute(bits)?: commands.append("chmod 0\(FileMode.text(bits)) -- \(quoted)")
    case let .symbolic(text)?:
      // chmod(1) would apply the umask to a clause without who letters; Ansible does not.
      let clauses = text.split(separator: ",").map { "ugoa".contains($0.first ?? "+") ? String($0) : "a" + $0 }
      commands.append("chmod \(ShellQuote.quote(clauses.joined(separator: ","))) -- \(quoted)")
    case nil: break
    }
    return commands
  }
}
