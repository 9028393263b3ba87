/// A template value, shaped after the Python objects Jinja2 works on so that rendering,
/// truthiness and comparisons match what Ansible users see.
package enum Value: Sendable, Equatable {
  case none
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case list([Value])
  case dict(ValueDict)
  /// A name that resolved to nothing; carries the dotted path so errors can name it.
  case undefined(String)

  /// Python truthiness: empty containers, zero and none are false.
  package var isTruthy: Bool {
    switch self {
    case .none, .undefined: return false
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .double(let d): return d != 0
    case .string(let s): return !s.isEmpty
    case .list(let l): return !l.isEmpty
    case .dict(let d): return !d.isEmpty
    }
  }

  /// What `x if c` gives when `c` is false and there is no else: Jinja2 makes it a lenient
  /// undefined (renders empty, is falsy) even under StrictUndefined.
  static let lenientUndefined = Value.undefined("")

  /// Whether the value is a list or a dict.
  var isContainer: Bool {
    switch self {
    case .list, .dict: return true
    default: return false
    }
  }

  /// Whether the value is undefined.
  package var isUndefined: Bool {
    if case .undefined = self { return true }
    return false
  }

  /// The Python type name, used in error messages the way Jinja2 words them.
  var typeName: String {
    switch self {
    case .none: return "NoneType"
    case .bool: return "bool"
    case .int: return "int"
    case .double: return "float"
    case .string: return "str"
    case .list: return "list"
    case .dict: return "dict"
    case .undefined: return "Undefined"
    }
  }

  /// The numeric view of a value, treating bools as ints like Python does.
  var asNumber: Value? {
    switch self {
    case .int, .double: return self
    case .bool(let b): return .int(b ? 1 : 0)
    default: return nil
    }
  }

  /// The value as a Swift string if it is a string.
  package var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// Python `str()` of the value, which is what `{{ }}` prints.
  package var text: String {
    switch self {
    case .string(let s): return s
    case .undefined: return ""
    default: return repr
    }
  }

  /// Python `repr()` of the value, used inside containers.
  package var repr: String {
    switch self {
    case .none: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .double(let d): return PythonFloat.repr(d)
    case .string(let s): return PythonFloat.quote(s)
    case .list(let l): return "[" + l.map(\.repr).joined(separator: ", ") + "]"
    case .dict(let d):
      return "{" + d.entries.map { "\(PythonFloat.quote($0.key)): \($0.value.repr)" }
        .joined(separator: ", ") + "}"
    case .undefined: return "Undefined"
    }
  }
}

extension Value: ExpressibleByNilLiteral {
  package init(nilLiteral: ()) { self = .none }
}

extension Value: ExpressibleByBooleanLiteral {
  package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByIntegerLiteral {
  package init(integerLiteral value: Int) { self = .int(value) }
}

extension Value: ExpressibleByFloatLiteral {
  package init(floatLiteral value: Double) { self = .double(value) }
}

extension Value: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByArrayLiteral {
  package init(arrayLiteral elements: Value...) { self = .list(elements) }
}

extension Value: ExpressibleByDictionaryLiteral {
  package init(dictionaryLiteral elements: (String, Value)...) {
    var d = ValueDict()
    for (k, v) in elements { d[k] = v }
    self = .dict(d)
  }
}
