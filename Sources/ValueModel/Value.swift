import OrderedCollections

/// A mapping of values in insertion order, as Python's dicts keep it.
package typealias ValueDict = OrderedDictionary<String, Value>

/// The program's one value: variables, module arguments and results, facts, inventory
/// data and template values. It is shaped after the Python objects Ansible and Jinja2
/// work on, so that rendering, truthiness, comparisons and key order match what Ansible
/// users see.
package enum Value: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case list([Value])
  /// A mapping in insertion order, as Python's dicts keep it (`dict2items`, loops, `to_json`).
  case dict(ValueDict)
  /// A name that resolved to nothing (templates only); carries the dotted path so errors
  /// can name it. It never reaches a result: `definedOrNull` turns it into null.
  case undefined(String)

  /// The deepest nesting a value may have when decoded or built by a template (`from_json`,
  /// namespace attributes), as Python's JSON decoder and `repr` stop near its recursion limit.
  package static let maxDepth = 1_000

  /// Python truthiness: empty containers, zero and none are false.
  package var isTruthy: Bool {
    switch self {
    case .null, .undefined: return false
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
  package static let lenientUndefined = Value.undefined("")

  /// Whether the value is a list or a dict.
  package var isContainer: Bool {
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
  package var typeName: String {
    switch self {
    case .null: return "NoneType"
    case .bool: return "bool"
    case .int: return "int"
    case .double: return "float"
    case .string: return "str"
    case .list: return "list"
    case .dict: return "dict"
    case .undefined: return "Undefined"
    }
  }

  /// `<class 'str'>`, as Python prints the value's type in messages.
  package var pythonClass: String { "<class '\(typeName)'>" }

  /// The numeric view of a value, treating bools as ints like Python does.
  package var asNumber: Value? {
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
    case .null: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .double(let d): return PythonRepr.float(d)
    case .string(let s): return PythonRepr.string(s)
    case .list(let l): return "[" + l.map(\.repr).joined(separator: ", ") + "]"
    case .dict(let d):
      return "{" + d.map { "\(PythonRepr.string($0.key)): \($0.value.repr)" }
        .joined(separator: ", ") + "}"
    case .undefined: return "Undefined"
    }
  }
}

extension Value {
  /// The value as Ansible turns it into a string for a connection setting or a module's
  /// text option (`ansible_port=2222` arrives as an int, `ansible_port="2222"` as a string):
  /// null is empty and containers are JSON, unlike Python's `str()` (`text`).
  package var plainText: String {
    switch self {
    case .null, .undefined: return ""
    case let .bool(value): return value ? "True" : "False"
    case let .int(value): return String(value)
    case let .double(value): return PythonRepr.float(value)
    case let .string(value): return value
    case .list, .dict: return JSON.dump(self)
    }
  }

  /// Ansible's `boolean()` of a value: text counts by its spelling (`yes`, `on`, `1`,
  /// `true`, ...), unlike Python's truth (`isTruthy`), where any non-empty text is true.
  package var asBoolean: Bool {
    switch self {
    case let .string(value): return Self.parseBoolean(value) ?? false
    default: return isTruthy
    }
  }

  /// Ansible's boolean spellings; nil for text that is neither.
  package static func parseBoolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "on", "1", "true", "y", "t": return true
    case "no", "off", "0", "false", "n", "f", "": return false
    default: return nil
    }
  }

  /// The value with undefined parts as null: what a template's result becomes once it
  /// leaves the template engine (a result, a fact, a module argument).
  package var definedOrNull: Value {
    switch self {
    case .undefined: return .null
    case let .list(items): return .list(items.map(\.definedOrNull))
    case let .dict(members): return .dict(members.mapValues(\.definedOrNull))
    default: return self
    }
  }

  /// The items of a list; empty for anything else.
  package var listItems: [Value] {
    if case let .list(items) = self { return items }
    return []
  }
}

/// Python's equality: dicts are equal when they hold the same pairs in any order; lists,
/// scalars and undefined names compare as they are (`1 == 1.0` is the template engine's
/// business, not structural equality's).
extension Value: Equatable {
  package static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case let (.bool(a), .bool(b)): return a == b
    case let (.int(a), .int(b)): return a == b
    case let (.double(a), .double(b)): return a == b
    case let (.string(a), .string(b)): return a == b
    case let (.list(a), .list(b)): return a == b
    case let (.dict(a), .dict(b)):
      guard a.count == b.count else { return false }
      return a.allSatisfy { b[$0.key] == $0.value }
    case let (.undefined(a), .undefined(b)): return a == b
    default: return false
    }
  }
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
    self = .dict(ValueDict(elements, uniquingKeysWith: { _, last in last }))
  }
}

extension OrderedDictionary where Key == String {
  /// The members of an unordered Swift dictionary in key order: for data that has no order
  /// of its own (facts read from a host, properties of a unit), so output stays stable.
  package init(sortingKeys members: [String: Value]) {
    self.init(uniqueKeysWithValues: members.sorted { $0.key < $1.key })
  }
}

extension OrderedDictionary where Key == String, Value == ValueModel.Value {
  /// Python's dict equality, the same pairs in any order, wherever two mappings are compared
  /// directly (OrderedDictionary's own `==` also compares the order).
  package static func == (lhs: Self, rhs: Self) -> Bool { ValueModel.Value.dict(lhs) == .dict(rhs) }

  package static func != (lhs: Self, rhs: Self) -> Bool { !(lhs == rhs) }
}
