import Foundation
import SwiftPlayCore
import ValueModel

/// The copy module's changes: the text diff, writing (with backup and validate), the
/// attributes of a file already in place, and `remote_src`.
extension CopyModule {
  /// Ansible's copy diff: the old and new text, or a note that either side is binary or
  /// too large to show.
  func textDiff(_ path: String, found: Probe, source: Source, on target: Target) async throws(ConnectionError) -> [ValueDict] {
    var entry: ValueDict = ["after_header": .string(source.path ?? path)]
    if let text = Self.showable(source.bytes) { entry["after"] = .string(text) } else { entry["src_binary"] = 1 }
    if let state = found.state, state.kind == .file {
      entry["before_header"] = .string(path)
      if state.size > Self.maxDiffSize {
        entry["dst_larger"] = .int(Self.maxDiffSize)
      } else if let text = Self.showable(try await target.connection.download(path)) {
        entry["before"] = .string(text)
      } else {
        entry["dst_binary"] = 1
      }
    } else {
      entry["before"] = ""
    }
    return [entry]
  }

  static func showable(_ bytes: [UInt8]) -> String? {
    guard bytes.count <= maxDiffSize, !bytes.contains(0) else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  /// A file already with the right content: only its mode, owner and group may change.
  func planAttributes(_ path: String, _ state: PathState, checksum: String, on target: Target) async throws(ConnectionError) -> ModulePlan {
    var values = state.attributeValues
    values.merge(["checksum": .string(checksum), "dest": .string(path), "path": .string(path)]) { $1 }
    let changes = try await attributes.changes(path, state, on: target)
    if let failure = changes.failure { return FileModule.failure(failure, values) }
    guard !changes.isEmpty else {
      return ModulePlan(result: ModuleResult(changed: false, values: values, diff: [
        ["before": .dict(["path": .string(path)]), "after": .dict(["path": .string(path)])],
      ]))
    }
    var before = changes.before
    var after = changes.after
    before["path"] = .string(path)
    after["path"] = .string(path)
    let diff: [ValueDict] = [["before": .dict(before), "after": .dict(after)]]
    let script = (["set -e"] + changes.commands).joined(separator: "\n")
    let planned = values
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      let outcome = try await target.run(script + "\n" + PathState.command(path, follow: true))
      guard outcome.rc == 0 else {
        return ModuleResult(changed: false, failed: true, values: ["dest": .string(path), "msg": .string(outcome.stderr)], diff: diff)
      }
      var result = planned
      if let now = PathState.parse(outcome.stdout) { result.merge(now.attributeValues) { $1 } }
      return ModuleResult(changed: true, values: result, diff: diff)
    }
  }

  /// Writes the new file: backup first, then the upload (to a scratch name when it must be
  /// validated), then owner, group and mode, then reads back what is there.
  func write(
    _ source: Source, to path: String, existing: PathState?, mode preserved: Int?, checksum: String,
    diff: [ValueDict], on target: Target
  ) async throws(ConnectionError) -> ModuleResult {
    let quoted = ShellQuote.quote(path)
    var values: ValueDict = ["dest": .string(path), "checksum": .string(checksum)]
    if let sourcePath = source.path { values["src"] = .string(sourcePath) }
    if backup, existing != nil {
      let made = try await target.run(
        "b=\(quoted).$$.$(date +%Y-%m-%d@%H:%M:%S)~; cp -p -- \(quoted) \"$b\" && echo \"$b\"")
      guard made.rc == 0 else { return failure("backup of \(path) failed: \(made.stderr)", values, diff) }
      values["backup_file"] = .string(made.stdout.trimmingCharacters(in: .newlines))
    }
    var fileMode: Int
    if let known = preserved ?? existing?.mode { fileMode = known } else { fileMode = try await Self.newFileMode(on: target) }
    if case let .absolute(bits)? = attributes.mode { fileMode = bits }
    if let validate {
      let scratch = FileModule.dirname(path).isEmpty ? ".swiftplay-validate-\(UInt32.random(in: 0...UInt32.max))"
        : FileModule.dirname(path) + "/.swiftplay-validate-\(UInt32.random(in: 0...UInt32.max))"
      try await target.connection.upload(source.bytes, to: scratch, mode: Int32(fileMode))
      let check = try await target.run(validate.replacingOccurrences(of: "%s", with: ShellQuote.quote(scratch)))
      guard check.rc == 0 else {
        _ = try await target.run("rm -f -- \(ShellQuote.quote(scratch))")
        values["exit_status"] = .int(check.rc)
        values["stdout"] = .string(check.stdout)
        values["stderr"] = .string(check.stderr)
        values["stdout_lines"] = CommandRun.lines(check.stdout)
        values["stderr_lines"] = CommandRun.lines(check.stderr)
        return failure("failed to validate", values, diff)
      }
      let moved = try await target.run("mv -f -- \(ShellQuote.quote(scratch)) \(quoted)")
      guard moved.rc == 0 else { return failure(moved.stderr, values, diff) }
    } else {
      try await target.connection.upload(source.bytes, to: path, mode: Int32(fileMode))
    }
    var commands: [String] = []
    if let existing, attributes.owner == nil || attributes.group == nil {
      // The new file replaced the old one: keep its owner and group unless told otherwise.
      commands.append("chown \(existing.uid):\(existing.gid) -- \(quoted) 2>/dev/null || true")
    }
    commands += attributes.commands(forShellWord: quoted).filter { !$0.hasPrefix("chmod 0") }
    let after = try await target.run(
      (commands + ["echo \"md5=$(md5sum < \(quoted) | cut -d' ' -f1)\"", PathState.command(path, follow: true)])
        .joined(separator: "\n"))
    let stateOutput = after.stdout.split(separator: "\n").filter { !$0.hasPrefix("md5=") }.joined(separator: "\n")
    if let state = PathState.parse(stateOutput) { values.merge(state.attributeValues) { $1 } }
    if let md5 = after.stdout.split(separator: "\n").first(where: { $0.hasPrefix("md5=") }) {
      values["md5sum"] = .string(String(md5.dropFirst(4)))
    }
    return ModuleResult(changed: true, values: values, diff: diff)
  }

  func failure(_ message: String, _ values: ValueDict, _ diff: [ValueDict]) -> ModuleResult {
    var values = values
    values["msg"] = .string(message.trimmingCharacters(in: .whitespacesAndNewlines))
    return ModuleResult(changed: false, failed: true, values: values, diff: diff)
  }

  /// `remote_src: true`: the source is on the host; it is copied there with cp(1) to a
  /// scratch name beside `dest` and renamed into place.
  func planRemoteSource(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let src = self.src ?? ""
    let source = try await target.run(
      "p=\(ShellQuote.quote(src)); [ -f \"$p\" ] || exit 1; sha1sum < \"$p\" | cut -d' ' -f1")
    let checksum = source.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard source.rc == 0, !checksum.isEmpty else { return FileModule.failure("Source \(src) not found") }
    let found = Self.parseProbe(try await target.run(probeCommand(baseName: URL(fileURLWithPath: src).lastPathComponent)).stdout)
    let path = found.dest ?? dest
    if found.state != nil && !force { return .unchanged(["dest": .string(path), "src": .string(src)]) }
    if found.checksum == checksum, let state = found.state {
      return try await planAttributes(path, state, checksum: checksum, on: target)
    }
    guard found.parentExists else { return Self.missingParent(of: path, checksum: checksum) }
    // A new file gets the remote umask's mode, not the source's, as Ansible's copy gives it.
    var fileMode: Int
    if let mode = found.state?.mode { fileMode = mode } else { fileMode = try await Self.newFileMode(on: target) }
    if case let .absolute(bits)? = attributes.mode { fileMode = bits }
    let quoted = ShellQuote.quote(path)
    let scratch = ShellQuote.quote(FileModule.dirname(path) + "/.swiftplay-copy-\(UInt32.random(in: 0...UInt32.max))")
    var script = ["set -e"]
    if backup && found.state != nil { script.append("b=\(quoted).$$.$(date +%Y-%m-%d@%H:%M:%S)~; cp -p -- \(quoted) \"$b\"; echo \"backup=$b\"") }
    script += [
      "cp -- \(ShellQuote.quote(src)) \(scratch)", "chmod 0\(FileMode.text(fileMode)) -- \(scratch)",
      "mv -f -- \(scratch) \(quoted)",
    ]
    script += attributes.commands(forShellWord: quoted).filter { !$0.hasPrefix("chmod 0") }
    script += ["set +e", "echo \"md5=$(md5sum < \(quoted) | cut -d' ' -f1)\"", PathState.command(path, follow: true)]
    let command = script.joined(separator: "\n")
    return ModulePlan(result: ModuleResult(changed: true)) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      var values: ValueDict = ["dest": .string(path), "src": .string(src), "checksum": .string(checksum)]
      guard outcome.rc == 0 else { return failure(outcome.stderr, values, []) }
      let output = outcome.stdout.split(separator: "\n")
      if let backupLine = output.first(where: { $0.hasPrefix("backup=") }) {
        values["backup_file"] = .string(String(backupLine.dropFirst(7)))
      }
      let stateOutput = output.filter { !$0.hasPrefix("backup=") && !$0.hasPrefix("md5=") }.joined(separator: "\n")
      if let state = PathState.parse(stateOutput) { values.merge(state.attributeValues) { $1 } }
      if let md5 = output.first(where: { $0.hasPrefix("md5=") }) { values["md5sum"] = .string(String(md5.dropFirst(4))) }
      return ModuleResult(changed: true, values: values)
    }
  }

  /// A new file's mode as the remote user's umask leaves it (0666 minus the umask), which
  /// is what Ansible's atomic move gives a file that did not exist.
  static func newFileMode(on target: Target) async throws(ConnectionError) -> Int {
    let result = try await target.run("umask")
    guard result.rc == 0, let mask = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), radix: 8) else {
      return 0o644
    }
    return 0o666 & ~mask
  }
}
