import SwiftPlayCore
import ValueModel

/// Prints a message, or a variable's value, without touching the host.
///
/// ```yaml
/// - name: show where we are
///   ansible.builtin.debug:
///     msg: "{{ inventory_hostname }} is in {{ group_names | join(', ') }}"
/// - name: show a variable
///   ansible.builtin.debug:
///     var: ansible_port
/// ```
package struct DebugModule: Module {
  package static let name = "debug"
  /// With `verbosity: N` the message shows only from `-` + N `v`s on, as Ansible's debug.
  package static let argumentSpec = ArgumentSpec(
    [.raw("msg", default: "Hello world!"), .str("var"), .int("verbosity", default: 0)],
    mutuallyExclusive: [["msg", "var"]])

  /// The message as the template gave it: a number, list or boolean stays one, as
  /// Ansible 2.19 shows it (`"msg": 3`, not `"3"`).
  let message: Value
  let variable: String?
  let verbosity: Int

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    message = values["msg"] ?? "Hello world!"
    variable = values.string("var")
    verbosity = values.int("verbosity") ?? 0
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    if verbosity > 0 {
      // The run's -v count, as the play gives it to every host's variables.
      let current = (try? target.templar.render(.string("{{ ansible_verbosity | default(0) | int }}"), name: "debug verbosity"))
      if case let .int(level)? = current, level < verbosity {
        return ModuleResult(changed: false, values: ["skipped": true, "skipped_reason": "Verbosity threshold not met."])
      }
    }
    guard let variable else { return ModuleResult(changed: false, values: ["msg": message], isForDisplay: true) }
    // `var` names an expression, evaluated as Ansible does; an undefined one is shown the
    // way ansible-core 2.19 shows it, not failed.
    do {
      let value = try target.templar.render(.string("{{ \(variable) }}"), name: "debug var")
      return ModuleResult(changed: false, values: [variable: value], isForDisplay: true)
    } catch {
      return ModuleResult(changed: false, values: [variable: .string("<< error 1 - \(error.message) >>")], isForDisplay: true)
    }
  }
}
