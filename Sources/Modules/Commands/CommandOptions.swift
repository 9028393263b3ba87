import Foundation
import SwiftPlayCore
import ValueModel

/// The options command and shell share (chdir, creates, removes, stdin, strip_empty_ends)
/// and the run they share: the creates/removes check, the change of folder, the command.
struct CommandOptions: Sendable {
  /// Ansible's declarations of them; `chdir`, `creates` and `removes` are paths for
  /// command and shell, plain text for script.
  static func options(pathTyped: Bool = true) -> [ArgumentOption] {
    let place: (String) -> ArgumentOption = { pathTyped ? .path($0) : .str($0) }
    return [
      place("chdir"), place("creates"), place("removes"), .str("stdin"), .bool("stdin_add_newline", default: true),
      .bool("strip_empty_ends", default: true),
    ]
  }

  let chdir: String?
  let creates: String?
  let removes: String?
  let stdin: String?
  let stripEnds: Bool

  init(_ values: ArgumentValues) {
    chdir = values.string("chdir")
    creates = values.string("creates")
    removes = values.string("removes")
    stripEnds = values.optionalBool("strip_empty_ends") ?? true
    let addNewline = values.optionalBool("stdin_add_newline") ?? true
    stdin = values.string("stdin").map { addNewline ? $0 + "\n" : $0 }
  }

  /// Plans `commandLine` in `chdir`: when creates/removes say it is not needed, the plan
  /// is that skip (check mode words it "Would not run"); otherwise check mode reports what
  /// Ansible's command reports (changed after a creates/removes check, else skipped), and
  /// apply runs it. `cmd` is what the
  /// result reports as the command.
  /// What check mode says of a command that would run (a plan that says otherwise found
  /// creates/removes satisfied).
  static let wouldRunMessage = "Command would have run if not in check mode"

  func plan(_ commandLine: String, cmd: Value, on target: Target) async throws(ConnectionError) -> ModulePlan {
    if var skipped = try await CommandRun.skipIfSatisfied(creates: creates, removes: removes, chdir: chdir, on: target) {
      skipped.values["cmd"] = cmd
      let done = skipped
      skipped.values["msg"] = .string((skipped.values["msg"]?.plainText ?? "").replacingOccurrences(of: "Did not run", with: "Would not run"))
      return ModulePlan(result: skipped) { _ in done }
    }
    let line = chdir.map { "cd \(ShellQuote.quote($0)) && \(commandLine)" } ?? commandLine
    let stdin = self.stdin
    let stripEnds = self.stripEnds
    // With creates/removes the check was real, so Ansible reports the change it would make;
    // without them nothing was checked and the command counts as skipped.
    let checked = creates != nil || removes != nil
    var wouldRun = ModuleResult(changed: checked, values: [
      "msg": .string(Self.wouldRunMessage), "cmd": cmd, "rc": 0,
      "stdout": "", "stderr": "", "stdout_lines": .list([]), "stderr_lines": .list([]), "start": .null, "end": .null, "delta": .null,
    ])
    if !checked { wouldRun.values["skipped"] = true }
    return ModulePlan(result: wouldRun) { target async throws(ConnectionError) in
      try await CommandRun.execute(line, cmd: cmd, stdin: stdin, stripEnds: stripEnds, on: target)
    }
  }
}
