import SwiftPlayCore

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
public struct DebugModule: Module {
  public static let name = "debug"
  public static let argumentNames: Set<String> = ["msg", "var", "verbosity"]

  let message: String
  let variable: String?

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    if arguments.options["msg"] != nil && arguments.options["var"] != nil {
      throw ModuleError(module: Self.name, message: "parameters are mutually exclusive: msg|var")
    }
    message = arguments.string("msg") ?? "Hello world!"
    variable = arguments.string("var")
  }

  public func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    guard let variable else { return ModuleResult(changed: false, values: ["msg": .string(message)], isForDisplay: true) }
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
