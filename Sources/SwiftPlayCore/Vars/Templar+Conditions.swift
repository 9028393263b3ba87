import Jinja
import ValueModel

extension Templar {
  /// Evaluates a `when:`-style condition as Ansible does: a bare expression (`x == 1`,
  /// `result is failed`), a boolean, or (tolerated) a whole `{{ expression }}`.
  package func isTrue(_ condition: Value, name: String = "<condition>") throws(TemplateError) -> Bool {
    switch condition {
    case let .bool(flag): return flag
    case .null: return false
    case let .int(number): return number != 0
    case let .string(text):
      var expression = text.trimmingCharacters(in: .whitespacesAndNewlines)
      if expression.hasPrefix("{{") && expression.hasSuffix("}}") && !expression.dropFirst(2).contains("{{") {
        expression = String(expression.dropFirst(2).dropLast(2))
      }
      guard !expression.isEmpty else { return true }
      let rendered = try Template("{{ (\(expression)) }}", name: name).renderNative(context, lookups: lookups, resolver: resolver)
      if case let .string(word) = rendered {
        // A variable holding "yes"/"False" counts as its boolean, as Ansible's bool coercion does.
        return Value.parseBoolean(word) ?? !word.isEmpty
      }
      return rendered.isTruthy
    default:
      return condition.asBoolean
    }
  }

  /// All conditions true (an empty list is true).
  package func allTrue(_ conditions: [Value], name: String = "<condition>") throws(TemplateError) -> (Bool, failing: Value?) {
    for condition in conditions where !(try isTrue(condition, name: name)) { return (false, condition) }
    return (true, nil)
  }

  /// A copy with more variables on top (a loop item, a registered result).
  package func adding(_ variables: ValueDict) -> Templar {
    var copy = self
    for (name, value) in variables {
      copy.context[name] = value
      copy.recursive.errors[name] = nil
    }
    return copy
  }
}
