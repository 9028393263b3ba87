import SwiftPlayCore
import ValueModel

/// Checks conditions on the host's variables and fails the host at the first false one.
/// Each condition is a bare Jinja2 expression (no `{{ }}`), evaluated as Ansible's `when:`
/// is, and must give a boolean.
///
/// The engine must hand `that` over unrendered (Ansible evaluates it as a conditional); a
/// value the engine already rendered to a boolean is accepted as it is.
///
/// ```yaml
/// - name: enough memory for the database
///   ansible.builtin.assert:
///     that:
///       - ansible_memtotal_mb >= 2048
///       - db_port | int > 1024
///     fail_msg: "{{ inventory_hostname }} cannot host the database"
///     success_msg: ready
/// ```
package struct AssertModule: Module {
  package static let name = "assert"
  /// `that` stays raw: each condition keeps its type for the conditional rules.
  package static let argumentSpec = ArgumentSpec([
    .raw("fail_msg", aliases: ["msg"]), .raw("success_msg"), .bool("quiet", default: false), .raw("that", required: true),
  ])

  let conditions: [Value]
  let failMessage: Value?
  let successMessage: Value?
  let quiet: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    switch values["that"] {
    case let .list(items)?: conditions = items
    case let value?: conditions = [value]
    case nil: conditions = []
    }
    failMessage = values["fail_msg"]
    successMessage = values["success_msg"]
    quiet = values.bool("quiet")
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    for condition in conditions {
      let outcome = Self.evaluate(condition, templar: target.templar)
      switch outcome {
      case let .failure(error):
        return ModuleResult(changed: false, failed: true, values: ["msg": .string("Task failed: \(error.message)")])
      case .success(true):
        continue
      case .success(false):
        return ModuleResult(changed: false, failed: true, values: [
          "assertion": .string(condition.plainText), "evaluated_to": false, "msg": failMessage ?? "Assertion failed",
        ], isForDisplay: !quiet)
      }
    }
    return ModuleResult(changed: false, values: ["msg": successMessage ?? "All assertions passed"], isForDisplay: !quiet)
  }

  struct ConditionError: Error {
    let message: String
  }

  /// One condition's truth, or why it has none (undefined variable, not a boolean).
  static func evaluate(_ condition: Value, templar: Templar) -> Result<Bool, ConditionError> {
    var value = condition
    if case let .string(text) = condition {
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.isEmpty else { return .failure(ConditionError(message: "Empty conditional expressions are not allowed.")) }
      // A templated condition (deprecated in Ansible) is rendered first, then its text
      // is the expression, unless it already gave a value.
      let expression = trimmed.contains("{{") || trimmed.contains("{%") ? trimmed : "{{ \(trimmed) }}"
      do {
        value = try templar.render(.string(expression), name: "conditional")
        if expression == trimmed, case let .string(rendered) = value, !rendered.isEmpty {
          value = try templar.render(.string("{{ \(rendered) }}"), name: "conditional")
        }
      } catch {
        return .failure(ConditionError(message: "Error while evaluating conditional: \(error.message)"))
      }
    }
    if case let .bool(flag) = value { return .success(flag) }
    return .failure(ConditionError(
      message: "Conditional result (\(Self.pythonTruthy(value) ? "True" : "False")) was derived from value of "
        + "type '\(value.typeName)'. Conditionals must have a boolean result."))
  }

  static func pythonTruthy(_ value: Value) -> Bool {
    if case let .string(text) = value { return !text.isEmpty }
    return value.asBoolean
  }
}
