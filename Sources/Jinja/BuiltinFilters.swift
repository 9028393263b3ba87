import Foundation
import ValueModel

/// The filter table: Jinja2's builtins plus the Ansible filters playbooks rely on.
enum BuiltinFilters {
  /// Filters that must see an undefined value instead of failing on it.
  private static let acceptUndefined: Set<String> = ["default", "d", "mandatory"]

  static func acceptsUndefined(_ name: String) -> Bool { acceptUndefined.contains(name) }

  /// Filters that turn their whole input into text, which for a container can be far
  /// larger than the container itself.
  private static let textFilters: Set<String> = [
    "string", "lower", "upper", "capitalize", "title", "trim", "replace", "split", "quote", "b64encode",
    "regex_replace", "regex_search", "regex_findall", "indent", "center", "wordcount", "to_json", "to_nice_json",
    "to_yaml", "to_nice_yaml", "hash", "sha1", "md5", "format", "comment", "basename", "dirname", "splitext",
  ]

  static func apply(_ name: String, _ input: Value, _ args: CallArguments, renderer: Renderer?) throws -> Value {
    let value = acceptUndefined.contains(name) ? input : try input.requireDefined()
    // the filters that print a whole list or dict (`string`, `lower`, `to_json`...)
    if value.isContainer, textFilters.contains(name) { try Limits.checkText(value, "the '\(name)' filter") }
    if let v = try StringFilters.apply(name, value, args) { return v }
    if let v = try CollectionFilters.apply(name, value, args, renderer: renderer) { return v }
    if let v = try AnsibleFilters.apply(name, value, args) { return v }
    switch name {
    case "default", "d":
      let fallback = args.get(0, "default_value") ?? .string("")
      if value.isUndefined || (args.bool(1, "boolean", default: false) && !value.isTruthy) { return fallback }
      return value
    case "mandatory":
      if case .undefined(let n) = value {
        throw EvalError(try args.string(0, "msg") ?? "mandatory variable '\(n)' not defined")
      }
      return value
    case "bool":
      switch value {
      case .bool: return value
      case .null: return false
      case .string(let s): return .bool(["yes", "on", "1", "true"].contains(s.lowercased()))
      default: return .bool(Operators.equals(value, .int(1)))
      }
    case "int": return try toInt(value, args)
    case "float": return toFloat(value, args)
    case "string": return .string(value.text)
    case "abs":
      switch value.asNumber {
      case .int(let i)?: return .int(try IntegerMath.magnitude(i))
      case .double(let d)?: return .double(abs(d))
      default: throw EvalError("bad operand type for abs(): '\(value.typeName)'")
      }
    case "round":
      let precision = try args.int(0, "precision") ?? 0
      let method = try args.string(1, "method") ?? "common"
      guard let number = value.asNumber else { throw EvalError("type \(value.typeName) doesn't define __round__ method") }
      if case .int = number, method == "common" { return number }
      let x = Operators.toDouble(value)
      // past 330 digits a double has nothing left to round, and "%.Nf" would print N digits
      if precision > 330 || !x.isFinite { return .double(x) }
      if precision < -330 { return .double(copysign(0, x)) }
      let scale = pow(10, Double(precision))
      switch method {
      case "ceil": return .double((x * scale).rounded(.up) / scale)
      case "floor": return .double((x * scale).rounded(.down) / scale)
      default:
        // printf rounds the exact binary value half-to-even, as Python's round() does
        if precision >= 0, let r = Double(String(format: "%.\(precision)f", x)) { return .double(r) }
        return .double((x * scale).rounded(.toNearestOrEven) / scale)
      }
    case "ternary":
      if value == .null, let n = args.get(2, "none_val") { return n }
      return value.isTruthy ? (args.get(0, "true_val") ?? .null) : (args.get(1, "false_val") ?? .null)
    case "type_debug": return .string(value.typeName)
    default:
      throw EvalError("no filter named '\(name)'")
    }
  }

  /// Jinja2's `int`: strings are parsed in `base`, then as floats; failures give the default.
  private static func toInt(_ value: Value, _ args: CallArguments) throws -> Value {
    let fallback = args.get(0, "default") ?? .int(0)
    let base = try args.int(1, "base") ?? 10
    switch value {
    case .int, .bool: return value.asNumber ?? fallback
    case .double(let d): return d.isNaN ? fallback : .int(try IntegerMath.truncating(d))
    case .string(let s):
      var t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
      var sign = ""
      if t.hasPrefix("-") || t.hasPrefix("+") { sign = String(t.removeFirst()) }
      var radix = base
      for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where t.lowercased().hasPrefix(prefix) && (base == r || base == 0) {
        t = String(t.dropFirst(2))
        radix = r
      }
      if radix == 0 { radix = 10 }
      if (2...36).contains(radix), let i = Int(sign + t, radix: radix) { return .int(i) }
      if base == 10, let d = Double(sign + t), d.isFinite { return .int(try IntegerMath.truncating(d)) }
      return fallback
    default: return fallback
    }
  }

  private static func toFloat(_ value: Value, _ args: CallArguments) -> Value {
    let fallback = args.get(0, "default") ?? .double(0)
    switch value {
    case .int, .bool, .double: return .double(Operators.toDouble(value))
    case .string(let s):
      let t = s.trimmingCharacters(in: .whitespaces)
      if let d = Double(t) { return .double(d) }
      switch t.lowercased() {
      case "inf", "+inf", "infinity": return .double(.infinity)
      case "-inf", "-infinity": return .double(-.infinity)
      case "nan": return .double(.nan)
      default: return fallback
      }
    default: return fallback
    }
  }
}
