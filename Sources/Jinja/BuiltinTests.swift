import ValueModel

/// The `is` tests: Jinja2's builtins plus Ansible's result and version tests.
enum BuiltinTests {
  static func apply(_ name: String, _ input: Value, _ args: CallArguments, renderer: Renderer?) throws -> Bool {
    switch name {
    case "defined": return !input.isUndefined
    case "undefined": return input.isUndefined
    case "none", "string", "number", "mapping", "sequence", "boolean", "true", "false", "integer", "float", "sameas":
      // Jinja2 answers these type checks with false for undefined values instead of failing
      if input.isUndefined { return false }
    default: break
    }
    let value = try input.requireDefined()
    let arg = try args.get(0)?.requireDefined()
    switch name {
    case "none": return value == .null
    case "string": return value.stringValue != nil
    case "number":
      switch value {
      case .int, .double, .bool: return true
      default: return false
      }
    case "integer": if case .int = value { return true } else { return false }
    case "float": if case .double = value { return true } else { return false }
    case "boolean": if case .bool = value { return true } else { return false }
    case "true": return value == .bool(true)
    case "false": return value == .bool(false)
    case "mapping": if case .dict = value { return true } else { return false }
    case "sequence", "iterable":
      switch value {
      case .list, .dict, .string: return true
      default: return false
      }
    case "equalto", "eq", "==", "sameas": return Operators.equals(value, arg ?? .null)
    case "ne", "!=": return !Operators.equals(value, arg ?? .null)
    case "lt", "<", "le", "<=", "gt", ">", "ge", ">=":
      let ops = ["lt": "<", "le": "<=", "gt": ">", "ge": ">="]
      return try Operators.compare(ops[name] ?? name, value, arg ?? .null)
    case "in": return try Operators.contains(arg ?? .list([]), value)
    case "contains": return try Operators.contains(value, arg ?? .null)
    case "subset", "issubset", "superset", "issuperset":
      let (small, big) = name.hasSuffix("subset") ? (value, arg ?? .list([])) : (arg ?? .list([]), value)
      let pool = ValueSet(try big.iterated())
      return try small.iterated().allSatisfy { pool.contains($0) }
    case "even", "odd", "divisibleby":
      if name != "divisibleby", case .double = value {
        let m = try Operators.binary("%", value, .int(2))
        return Operators.equals(m, .int(name == "even" ? 0 : 1))
      }
      guard case .int(let i)? = value.asNumber else { throw EvalError("\(name) test requires a number") }
      if name == "even" { return i % 2 == 0 }
      if name == "odd" { return i % 2 != 0 }
      guard case .int(let n)? = arg?.asNumber, n != 0 else { throw EvalError("divisibleby requires a non-zero integer") }
      return try IntegerMath.modulo(i, n) == 0  // Int.min % -1 traps in Swift
    case "lower": return value.text == value.text.lowercased()
    case "upper": return value.text == value.text.uppercased()
    case "match", "search", "regex":
      let re = try PythonRegex.compile(
        try args.string(0, "pattern") ?? "", ignoreCase: args.bool(99, "ignorecase", default: false),
        multiline: args.bool(99, "multiline", default: false))
      let matchType = try args.string(99, "match_type")
      let anchored = name == "match" || (name == "regex" && matchType == "match")
      return try PythonRegex.firstMatch(re, value.text, anchored: anchored) != nil
    case "version", "version_compare":
      return try Version.test(value.text, try args.string(0, "version") ?? "", op: try args.string(1, "operator") ?? "eq")
    case "succeeded", "success": return !(try result(value, "failed"))
    case "failed", "failure": return try result(value, "failed")
    case "changed", "change": return try result(value, "changed")
    case "skipped", "skip": return try result(value, "skipped")
    case "truthy": return value.isTruthy
    case "falsy": return !value.isTruthy
    default: throw EvalError("no test named '\(name)'")
    }
  }

  /// Reads a task result flag; the tests only make sense on a registered result dict.
  private static func result(_ value: Value, _ key: String) throws -> Bool {
    guard case .dict(let d) = value else { throw EvalError("the '\(key)' test expects a dictionary") }
    return d[key]?.isTruthy ?? false
  }
}
