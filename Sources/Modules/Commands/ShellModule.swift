import SwiftPlayCore

/// Runs a command line through the target's /bin/sh (or `executable`), so pipes,
/// redirections and variables work.
///
/// ```yaml
/// - name: count the users
///   ansible.builtin.shell: getent passwd | wc -l
/// - name: in bash, from a folder
///   ansible.builtin.shell:
///     cmd: set -o pipefail; ls | head -1
///     executable: /bin/bash
///     chdir: /etc
/// ```
package struct ShellModule: PlannedModule {
  package static let name = "shell"
  package static let printsCommandOutput = true
  package static let takesFreeForm = true
  /// Not implemented natively: `expand_argument_vars`.
  package static let argumentSpec = ArgumentSpec([.str("cmd"), .str("executable")] + CommandOptions.options())

  let script: String
  let executable: String
  let options: CommandOptions

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    guard let script = values.freeForm ?? values.string("cmd"),
      !script.trimmingCharacters(in: .whitespaces).isEmpty
    else {
      throw ModuleError(module: Self.name, message: "no command given: write it as the free-form argument or as cmd")
    }
    self.script = script
    executable = values.string("executable") ?? "/bin/sh"
    options = CommandOptions(values)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    try await options.plan(ShellQuote.join([executable, "-c", script]), cmd: .string(script), on: target)
  }
}
