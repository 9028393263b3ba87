import Foundation
import SwiftPlayCore

/// The options command and shell share (chdir, creates, removes, stdin, strip_empty_ends)
/// and the run they share: the creates/removes check, the change of folder, the command.
struct CommandOptions: Sendable {
  static let names: Set<String> = ["chdir", "creates", "removes", "stdin", "stdin_add_newline", "strip_empty_ends"]

  let chdir: String?
  let creates: String?
  let removes: String?
  let stdin: String?
  let stripEnds: Bool

  init(_ arguments: ModuleArguments) {
    chdir = arguments.string("chdir")
    creates = arguments.string("creates")
    removes = arguments.string("removes")
    stripEnds = arguments.options["strip_empty_ends"]?.truthy ?? true
    let addNewline = arguments.options["stdin_add_newline"]?.truthy ?? true
    stdin = arguments.string("stdin").map { addNewline ? $0 + "\n" : $0 }
  }

  /// Plans `commandLine` in `chdir`: when creates/removes say it is not needed, the plan
  /// is that skip (check mode words it "Would not run"); otherwise check mode reports the
  /// command skipped, as Ansible's command does, and apply runs it. `cmd` is what the
  /// result reports as the command.
  func plan(_ commandLine: String, cmd: JSONValue, on target: Target) async throws(ConnectionError) -> ModulePlan {
    if var skipped = try await CommandRun.skipIfSatisfied(creates: creates, removes: removes, chdir: chdir, on: target) {
      skipped.values["cmd"] = cmd
      let done = skipped
      skipped.values["msg"] = .string((skipped.values["msg"]?.text ?? "").replacingOccurrences(of: "Did not run", with: "Would not run"))
      return ModulePlan(result: skipped) { _ in done }
    }
    let line = chdir.map { "cd \(ShellQuote.quote($0)) && \(commandLine)" } ?? commandLine
    let stdin = self.stdin
    let stripEnds = self.stripEnds
    let wouldRun = ModuleResult(changed: false, values: [
      "skipped": true, "msg": "Command would have run if not in check mode", "cmd": cmd, "rc": 0,
      "stdout": "", "stderr": "", "stdout_lines": .array([]), "stderr_lines": .array([]), "start": .null, "end": .null, "delta": .null,
    ])
    return ModulePlan(result: wouldRun) { target async throws(ConnectionError) in
      try await CommandRun.execute(line, cmd: cmd, stdin: stdin, stripEnds: stripEnds, on: target)
    }
  }
}
