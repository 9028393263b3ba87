import Foundation
import SwiftPlayCore
import ValueModel

/// Checks a role's variables against its argument spec (`meta/argument_specs.yml`), as
/// Ansible's `validate_argument_spec` action does before a role's first task: each option
/// takes the value the role was given as a parameter, else the variable of that name;
/// required options must have one, and a value must convert to the option's type and be
/// one of its choices. Runs on the controller; nothing reaches the host.
///
/// The loader prepends this task to a role that has a spec for its entry point, named
/// `Validating arguments against arg spec 'main' - <short_description>` and tagged
/// `always`, as Ansible does. It can also be written as a task:
///
/// ```yaml
/// - name: check the inputs
///   ansible.builtin.validate_argument_spec:
///     argument_spec:
///       port: {type: int, required: true}
///       mode: {choices: [fast, safe], default: safe}
/// ```
package struct ValidateArgumentSpecModule: Module {
  package static let name = "validate_argument_spec"
  package static let argumentSpec = ArgumentSpec([
    .dict("argument_spec"), .dict("provided_arguments"), .raw("validate_args_context"),
  ])

  let spec: ValueDict
  let provided: ValueDict
  let context: Value?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    guard let spec = values.dict("argument_spec") else {
      throw ModuleError(module: Self.name, message: "missing required arguments: argument_spec")
    }
    self.spec = spec
    provided = values.dict("provided_arguments") ?? [:]
    context = values["validate_args_context"]
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    var values: ValueDict = [:]
    for name in spec.keys {
      if let value = provided[name] {
        values[name] = value
      } else if let value = Self.variable(name, in: target.templar) {
        values[name] = value
      }
    }
    let errors = ArgumentSpecCheck.errors(spec: spec, values: values, prefix: "")
    var result: ValueDict = ["argument_spec_data": .dict(spec), "argument_errors": .list(errors.map(Value.string))]
    if let context { result["validate_args_context"] = context }
    guard errors.isEmpty else {
      result["msg"] = .string("Validation of arguments failed:\n" + errors.joined(separator: "\n"))
      return ModuleResult(changed: false, failed: true, values: result)
    }
    result["msg"] = "The arg spec validation passed"
    return ModuleResult(changed: false, values: result)
  }

  /// The variable's value when the host has it; nil when it is undefined.
  static func variable(_ name: String, in templar: Templar) -> Value? {
    guard name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }), !name.isEmpty else { return nil }
    guard (try? templar.render(.string("{{ \(name) is defined }}"))) == .bool(true) else { return nil }
    return try? templar.render(.string("{{ \(name) }}"))
  }
}
