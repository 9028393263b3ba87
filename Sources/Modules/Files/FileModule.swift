import Foundation
import SwiftPlayCore
import ValueModel

/// Makes a path be what the task says: a file with given attributes, a folder (made with
/// its parents), a symbolic or hard link, touched, or gone. Reads the path once to plan;
/// in check mode that plan and its diff are the whole result.
///
/// ```yaml
/// - name: a folder for the app
///   ansible.builtin.file:
///     path: /srv/app
///     state: directory
///     owner: app
///     mode: "0750"
/// - name: current points at the release
///   ansible.builtin.file:
///     src: /srv/app/releases/42
///     dest: /srv/app/current
///     state: link
/// - name: no stale lock
///   ansible.builtin.file:
///     path: /var/lock/app.lock
///     state: absent
/// ```
package struct FileModule: PlannedModule {
  package static let name = "file"
  /// Not implemented natively: `modification_time`, `access_time` and their formats.
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["dest", "name"], required: true),
      .str("state", choices: ["absent", "directory", "file", "hard", "link", "touch"]), .path("src"),
      .bool("recurse", default: false), .bool("force", default: false), .bool("follow", default: true),
    ] + FileAttributes.options)

  let path: String
  let state: String?
  let src: String?
  let recurse: Bool
  let force: Bool
  let follow: Bool
  let attributes: FileAttributes

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    path = values.string("path") ?? ""
    state = values.string("state")
    src = values.string("src")
    recurse = values.bool("recurse")
    force = values.bool("force")
    follow = values.bool("follow")
    attributes = try FileAttributes(values)
    if recurse && state != nil && state != "directory" {
      throw ModuleError(module: Self.name, message: "recurse option requires state to be 'directory'")
    }
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let current = try await PathState.probe(path, on: target)
    let previous = current?.fileModuleState ?? "absent"
    let wanted = state ?? (current == nil ? (recurse ? "directory" : "file") : (previous == "hard" ? "file" : previous))
    switch wanted {
    case "absent": return try await planAbsent(current, on: target)
    case "directory": return try await planDirectory(current, on: target)
    case "touch": return try await planTouch(current, on: target)
    case "link": return try await planLink(current, on: target)
    case "hard": return try await planHard(current, on: target)
    default: return try await planFile(current, on: target)
    }
  }

  // MARK: - states

  func planFile(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let found = try await followed(current, on: target) else {
      return Self.failure("file (\(path)) is absent, cannot continue", ["path": .string(path), "state": "absent"])
    }
    if found.kind == .directory {
      return Self.failure("file (\(path)) is directory, cannot continue", pathValues(found))
    }
    return try await planAttributes(found, on: target)
  }

  func planDirectory(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let current else {
      var before: ValueDict = ["path": .string(path), "state": "absent"]
      var after: ValueDict = ["path": .string(path), "state": "directory"]
      if let mode = attributes.mode {
        before["mode"] = "0755"
        after["mode"] = .string(FileMode.text(mode.resolve(current: 0o755, isDirectory: true)))
      }
      // Each missing parent is made and given the attributes, as Ansible does. Another
      // writer (a host sharing the disk) may make one between the probe and mkdir: a
      // folder by then is fine, anything else fails with mkdir's own words.
      let make = ["{ mkdir -- \"$c\" 2>/dev/null || [ -d \"$c\" ] || mkdir -- \"$c\"; }"]
        + attributes.commands(forShellWord: "\"$c\"")
      let script = "d=\(ShellQuote.quote(path)); set --; while [ ! -e \"$d\" ] && [ ! -h \"$d\" ]; do "
        + "set -- \"$d\" \"$@\"; d=$(dirname -- \"$d\"); done; for c do \(make.joined(separator: "; ")); done"
      return change([script], before: before, after: after, values: ["path": .string(path)], probe: path)
    }
    guard let found = try await followed(current, on: target), found.kind == .directory else {
      return Self.failure("\(path) already exists as a \(current.fileModuleState)", pathValues(current))
    }
    if recurse { return try await planRecurse(found, on: target) }
    return try await planAttributes(found, on: target)
  }

  func planAbsent(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let current else { return .unchanged(["path": .string(path), "state": "absent"]) }
    var before: ValueDict = ["path": .string(path), "state": .string(current.fileModuleState)]
    if current.kind == .directory {
      let quoted = ShellQuote.quote(path)
      let listing = try await target.run(
        "find \(quoted) -mindepth 1 -type d; echo /; find \(quoted) -mindepth 1 ! -type d").stdout
      let parts = listing.split(separator: "\n", omittingEmptySubsequences: true).split(separator: "/")
      let names = parts.map { $0.map { Value.string(String($0)) } }
      before["path_content"] = .dict([
        "directories": .list(names.first ?? []), "files": .list(names.count > 1 ? names[1] : []),
      ])
    }
    return change(
      ["rm -rf -- \(ShellQuote.quote(path))"], before: before, after: ["path": .string(path), "state": "absent"],
      values: pathValues(current), probe: nil)
  }

  func planTouch(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let quoted = ShellQuote.quote(path)
    var before: ValueDict = ["path": .string(path), "state": .string(current?.fileModuleState ?? "absent")]
    var after: ValueDict = ["path": .string(path), "state": "touch"]
    var commands = ["touch -- \(quoted)"]
    if let current {
      let changes = try await attributes.changes(path, current, on: target)
      if let failure = changes.failure { return Self.failure(failure, pathValues(current)) }
      before.merge(changes.before) { $1 }
      after.merge(changes.after) { $1 }
      commands += changes.commands
    } else {
      commands += attributes.commands(forShellWord: quoted)
    }
    return change(
      commands, before: before, after: after, values: ["dest": .string(path)], probe: path, key: "dest",
      failure: "Error, could not touch target.")
  }

  /// Mode, owner and group of an existing path: unchanged when they already match.
  func planAttributes(_ found: PathState, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let changes = try await attributes.changes(path, found, on: target)
    if let failure = changes.failure { return Self.failure(failure, pathValues(found)) }
    if changes.isEmpty { return unchangedPlan(pathValues(found)) }
    var before = changes.before
    var after = changes.after
    before["path"] = .string(path)
    after["path"] = .string(path)
    return change(changes.commands, before: before, after: after, values: pathValues(found), probe: path)
  }

  // MARK: - helpers

  /// The path's own state, or with `follow` the state of what a link points to.
  func followed(_ current: PathState?, on target: Target) async throws(ConnectionError) -> PathState? {
    guard let current, current.kind == .link, follow else { return current }
    return try await PathState.probe(path, follow: true, on: target).flatMap { $0.kind == .link ? nil : $0 }
  }

  func pathValues(_ state: PathState, key: String = "path") -> ValueDict {
    var values = state.attributeValues
    values[key] = .string(path)
    return values
  }

  func unchangedPlan(_ values: ValueDict) -> ModulePlan {
    ModulePlan(result: ModuleResult(changed: false, values: values, diff: [
      ["before": .dict(["path": .string(path)]), "after": .dict(["path": .string(path)])],
    ]))
  }

  static func failure(_ message: String, _ values: ValueDict = [:]) -> ModulePlan {
    var values = values
    values["msg"] = .string(message)
    return ModulePlan(result: ModuleResult(changed: false, failed: true, values: values))
  }

  /// A change: check mode reports `values` and the diff; apply runs `commands` (stopping at
  /// the first that fails) and reports the path as it then is, read in the same command.
  /// A failure says `failure` when given (Ansible's message), else what the host said.
  func change(
    _ commands: [String], before: ValueDict, after: ValueDict, values: ValueDict,
    probe: String?, key: String = "path", follow probeFollows: Bool = true, failure: String? = nil
  ) -> ModulePlan {
    let diff: [ValueDict] = [["before": .dict(before), "after": .dict(after)]]
    let path = self.path
    let state = self.state
    let script = (["set -e"] + commands + ["set +e"]).joined(separator: "\n")
      + (probe.map { "\n" + PathState.command($0, follow: probeFollows) } ?? "")
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      let outcome = try await target.run(script)
      guard outcome.rc == 0 else {
        let message = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        var values: ValueDict = [
          key: .string(path), "msg": .string(message.isEmpty ? "the change to \(path) failed (rc=\(outcome.rc))" : message),
        ]
        // Ansible's words first where it has its own, the host's reason kept beside them.
        if let failure {
          values["msg"] = .string(failure)
          if !message.isEmpty { values["exception"] = .string(message) }
        }
        return ModuleResult(changed: false, failed: true, values: values, diff: diff)
      }
      var result: ValueDict = [key: .string(path)]
      if let found = PathState.parse(outcome.stdout) {
        result.merge(found.attributeValues) { $1 }
      } else {
        result["state"] = .string(state ?? "absent")
      }
      result.merge(values.filter { $0.key == "src" }) { $1 }
      return ModuleResult(changed: true, values: result, diff: diff)
    }
  }
}
