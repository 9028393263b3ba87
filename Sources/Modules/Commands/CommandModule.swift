import SwiftPlayCore
import ValueModel

/// Runs a program with arguments on the target, without a shell: no pipes, redirections,
/// globs or command substitution (use `shell` for those); `~` and `$HOME`-style variables
/// are expanded, as Ansible does.
///
/// ```yaml
/// - name: show the kernel
///   ansible.builtin.command: uname -r
/// - name: initialise once
///   ansible.builtin.command:
///     cmd: /usr/local/bin/setup --quiet
///     creates: /etc/setup.done
///     chdir: /srv
/// ```
package struct CommandModule: PlannedModule {
  package static let name = "command"
  package static let printsCommandOutput = true
  package static let takesFreeForm = true
  /// Not implemented natively: `expand_argument_vars: false` (words always expand) and
  /// `executable`.
  package static let argumentSpec = ArgumentSpec(
    [.str("cmd"), .list("argv", of: .str)] + CommandOptions.options(), mutuallyExclusive: [["cmd", "argv"]])

  let argv: [String]
  let options: CommandOptions

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let text = values.freeForm ?? values.string("cmd")
    if let items = values.strings("argv") {
      argv = items
    } else if let text {
      do { argv = try ShellQuote.split(text) } catch {
        throw ModuleError(module: Self.name, message: "cannot split the command: \(error.description)")
      }
    } else {
      argv = []
    }
    guard !argv.isEmpty else {
      throw ModuleError(module: Self.name, message: "no command given: write it as the free-form argument, or as cmd or argv")
    }
    options = CommandOptions(values)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    // Like Ansible's expand_argument_vars: `~` and `$NAME` expand, nothing else does.
    let expanded = try await HostPathExpansion.expand(argv, on: target)
    return try await options.plan(ShellQuote.join(expanded), cmd: .list(argv.map(Value.string)), on: target)
  }
}
