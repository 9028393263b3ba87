import Foundation
import ValueModel

/// Python semantics for operators, so `-7 // 2`, `-7 % 3` and `1 == 1.0` behave as in Jinja2.
enum Operators {
  static func negate(_ v: Value) throws -> Value {
    switch v.asNumber {
    case .int(let i)?: return .int(try IntegerMath.negate(i))
    case .double(let d)?: return .double(-d)
    default: throw EvalError("bad operand type for unary -: '\(v.typeName)'")
    }
  }

  private static func unsupported(_ op: String, _ l: Value, _ r: Value) -> EvalError {
    EvalError("unsupported operand type(s) for \(op): '\(l.typeName)' and '\(r.typeName)'")
  }

  static func binary(_ op: String, _ l: Value, _ r: Value) throws -> Value {
    if op == "~" {
      try Limits.checkText(l, "'~'")
      try Limits.checkText(r, "'~'")
      return .string(try concatenate(l.text, r.text, op))
    }
    if let a = l.asNumber, let b = r.asNumber {
      return try numeric(op, a, b)
    }
    switch (op, l, r) {
    case ("+", .string(let a), .string(let b)): return .string(try concatenate(a, b, op))
    case ("+", .list(let a), .list(let b)):
      try Limits.checkList(items: Limits.sum(a.count, b.count), "'+'")
      return .list(a + b)
    case ("*", .string(let s), _):
      guard case .int(let n)? = r.asNumber else { throw unsupported(op, l, r) }
      return .string(try repeated(s, n))
    case ("*", _, .string(let s)):
      guard case .int(let n)? = l.asNumber else { throw unsupported(op, l, r) }
      return .string(try repeated(s, n))
    case ("*", _, .list(let a)):
      guard case .int(let n)? = l.asNumber else { throw unsupported(op, l, r) }
      return .list(try repeated(a, n))
    case ("*", .list(let a), _):
      guard case .int(let n)? = r.asNumber else { throw unsupported(op, l, r) }
      return .list(try repeated(a, n))
    default:
      throw unsupported(op, l, r)
    }
  }

  /// `a + b` of strings within `Limits.maxSize`.
  static func concatenate(_ a: String, _ b: String, _ op: String) throws -> String {
    try Limits.checkString(bytes: Limits.sum(a.utf8.count, b.utf8.count), "'\(op)'")
    return a + b
  }

  /// Python's `s * n` (nothing for n <= 0), within `Limits.maxSize`.
  static func repeated(_ s: String, _ n: Int, operation: String = "'*'") throws -> String {
    // '' * 10**18 is '' at once, not 10**18 empty appends
    guard n > 0, !s.isEmpty else { return "" }
    try Limits.checkString(bytes: Limits.product(s.utf8.count, n), operation)
    return String(repeating: s, count: n)
  }

  /// Python's `list * n`, within `Limits.maxSize`.
  static func repeated(_ a: [Value], _ n: Int) throws -> [Value] {
    guard n > 0, !a.isEmpty else { return [] }
    try Limits.checkList(items: Limits.product(a.count, n), "'*'")
    return Array([[Value]](repeating: a, count: n).joined())
  }

  private static func numeric(_ op: String, _ a: Value, _ b: Value) throws -> Value {
    if case .int(let x) = a, case .int(let y) = b {
      switch op {
      case "+": return .int(try IntegerMath.add(x, y))
      case "-": return .int(try IntegerMath.subtract(x, y))
      case "*": return .int(try IntegerMath.multiply(x, y))
      case "/":
        if y == 0 { throw EvalError("division by zero") }
        return .double(Double(x) / Double(y))
      case "//": return .int(try IntegerMath.floorDivide(x, y))
      case "%": return .int(try IntegerMath.modulo(x, y))
      case "**":
        if y < 0 {
          if x == 0 { throw EvalError("0.0 cannot be raised to a negative power") }
          return .double(pow(Double(x), Double(y)))
        }
        return .int(try IntegerMath.power(x, y))
      default: break
      }
    }
    let x = toDouble(a)
    let y = toDouble(b)
    switch op {
    case "+": return .double(x + y)
    case "-": return .double(x - y)
    case "*": return .double(x * y)
    case "/":
      if y == 0 { throw EvalError("float division by zero") }
      return .double(x / y)
    case "//":
      if y == 0 { throw EvalError("float divmod()") }
      return .double(floorDivide(x, y))
    case "%":
      if y == 0 { throw EvalError("float modulo") }
      let m = fmod(x, y)
      return .double(m != 0 && (m < 0) != (y < 0) ? m + y : m)
    case "**":
      if x == 0 && y < 0 { throw EvalError("0.0 cannot be raised to a negative power") }
      return .double(pow(x, y))
    default: throw EvalError("unknown operator \(op)")
    }
  }

  /// Python's float floor division, derived from fmod so `2.0 // 0.1` is 19.0 as in CPython.
  private static func floorDivide(_ x: Double, _ y: Double) -> Double {
    var mod = fmod(x, y)
    var div = (x - mod) / y
    if mod != 0 && (y < 0) != (mod < 0) {
      mod += y
      div -= 1
    }
    guard div != 0 else { return copysign(0, x / y) }
    var floored = div.rounded(.down)
    if div - floored > 0.5 { floored += 1 }
    return floored
  }

  static func toDouble(_ v: Value) -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .double(let d): return d
    case .bool(let b): return b ? 1 : 0
    default: return 0
    }
  }

  /// Python `==`: numbers compare by value across int, float and bool.
  static func equals(_ l: Value, _ r: Value) -> Bool {
    if let a = l.asNumber, let b = r.asNumber {
      if case .int(let x) = a, case .int(let y) = b { return x == y }
      return toDouble(a) == toDouble(b)
    }
    switch (l, r) {
    case (.null, .null): return true
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { equals($0, $1) }
    case (.dict(let a), .dict(let b)):
      return a.count == b.count && a.elements.allSatisfy { e in b[e.key].map { equals(e.value, $0) } ?? false }
    default: return false
    }
  }

  /// Python ordering; returns nil where Python raises TypeError.
  static func order(_ l: Value, _ r: Value) -> Int? {
    if let a = l.asNumber, let b = r.asNumber {
      if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
      let x = toDouble(a)
      let y = toDouble(b)
      return x < y ? -1 : (x == y ? 0 : 1)
    }
    switch (l, r) {
    case (.string(let a), .string(let b)):
      let x = Array(a.unicodeScalars).map(\.value)
      let y = Array(b.unicodeScalars).map(\.value)
      return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
    case (.list(let a), .list(let b)):
      for (x, y) in zip(a, b) where !equals(x, y) { return order(x, y) }
      return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    default: return nil
    }
  }

  static func compare(_ op: String, _ l: Value, _ r: Value) throws -> Bool {
    switch op {
    case "==": return equals(l, r)
    case "!=": return !equals(l, r)
    case "in": return try contains(r, l)
    case "not in": return try !contains(r, l)
    default:
      guard let c = order(l, r) else {
        throw EvalError("'\(op)' not supported between instances of '\(l.typeName)' and '\(r.typeName)'")
      }
      switch op {
      case "<": return c < 0
      case "<=": return c <= 0
      case ">": return c > 0
      default: return c >= 0
      }
    }
  }

  /// Python `needle in container`.
  static func contains(_ container: Value, _ needle: Value) throws -> Bool {
    switch container {
    case .string(let s):
      guard case .string(let n) = needle else {
        throw EvalError("'in <string>' requires string as left operand, not \(needle.typeName)")
      }
      return n.isEmpty || s.contains(n)
    case .list(let l): return l.contains { equals($0, needle) }
    case .dict(let d):
      switch needle {
      case .string(let k): return d[k] != nil
      case .list, .dict: throw EvalError("unhashable type: '\(needle.typeName)'")
      default: return false
      }
    default: throw EvalError("argument of type '\(container.typeName)' is not iterable")
    }
  }

  static func attribute(_ target: Value, _ name: String, path: String) throws -> Value {
    if case .dict(let d) = try target.requireDefined() {
      return d[name] ?? .undefined(path)
    }
    return .undefined(path)
  }

  static func item(_ target: Value, _ key: Value, path: String) throws -> Value {
    switch try target.requireDefined() {
    case .dict(let d):
      return d[key.text] ?? .undefined(path)
    case .list(let l):
      guard case .int(let i)? = key.asNumber else { return .undefined(path) }
      let j = i < 0 ? l.count + i : i
      return l.indices.contains(j) ? l[j] : .undefined(path)
    case .string(let s):
      guard case .int(let i)? = key.asNumber else { return .undefined(path) }
      let chars = Array(s.unicodeScalars)
      let j = i < 0 ? chars.count + i : i
      return chars.indices.contains(j) ? .string(String(chars[j])) : .undefined(path)
    default:
      return .undefined(path)
    }
  }

  static func slice(_ target: Value, start: Value?, stop: Value?, step: Value?) throws -> Value {
    func int(_ v: Value?) throws -> Int? {
      guard let v, v != .null else { return nil }
      guard case .int(let i)? = try v.requireDefined().asNumber else {
        throw EvalError("slice indices must be integers or None")
      }
      return i
    }
    let st = try int(step) ?? 1
    if st == 0 { throw EvalError("slice step cannot be zero") }
    func pick(_ count: Int) throws -> [Int] {
      func clamp(_ v: Int?, _ dflt: Int) -> Int {
        guard var x = v else { return dflt }
        if x < 0 { x += count }
        return st > 0 ? min(max(x, 0), count) : min(max(x, -1), count - 1)
      }
      let a = clamp(try int(start), st > 0 ? 0 : count - 1)
      let b = clamp(try int(stop), st > 0 ? count : -1)
      return Globals.rangeValues(a, st, try Globals.rangeCount(a, b, st))
    }
    switch target {
    case .list(let l): return .list(try pick(l.count).map { l[$0] })
    case .string(let s):
      let chars = Array(s.unicodeScalars)
      return .string(String(String.UnicodeScalarView(try pick(chars.count).map { chars[$0] })))
    default: throw EvalError("'\(target.typeName)' object is not subscriptable")
    }
  }
}
