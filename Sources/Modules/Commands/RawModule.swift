import SwiftPlayCore
import ValueModel

/// Sends a command line as it is, to be run by the remote login shell; nothing is added
/// around it. For bootstrapping hosts and for devices without a POSIX shell.
///
/// ```yaml
/// - name: install python on a bare host
///   ansible.builtin.raw: test -e /usr/bin/python3 || (apt-get -y update && apt-get install -y python3)
/// ```
package struct RawModule: PlannedModule {
  package static let name = "raw"
  package static let printsCommandOutput = true
  package static let takesFreeForm = true
  package static let argumentSpec = ArgumentSpec([.str("executable")])

  let command: String
  let executable: String?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    guard let command = values.freeForm, !command.isEmpty else {
      throw ModuleError(module: Self.name, message: "no command given: raw takes the command line as its free-form argument")
    }
    self.command = command
    executable = values.string("executable")
  }

  /// raw does not support check mode: there the plan is only "skipped", as in Ansible.
  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    ModulePlan(result: ModuleResult(changed: false, values: ["skipped": true])) { target async throws(ConnectionError) in
      try await execute(on: target)
    }
  }

  func execute(on target: Target) async throws(ConnectionError) -> ModuleResult {
    // raw keeps the output exactly as sent: no stripping, no command bookkeeping.
    let outcome = try await target.run(executable.map { ShellQuote.join([$0, "-c", command]) } ?? command)
    var values: ValueDict = [
      "rc": .int(outcome.rc),
      "stdout": .string(outcome.stdout),
      "stderr": .string(outcome.stderr),
      "stdout_lines": CommandRun.lines(CommandRun.stripTrailingNewlines(outcome.stdout)),
      "stderr_lines": CommandRun.lines(CommandRun.stripTrailingNewlines(outcome.stderr)),
    ]
    if outcome.rc != 0 { values["msg"] = "non-zero return code" }
    return ModuleResult(changed: true, failed: outcome.rc != 0, values: values)
  }
}
