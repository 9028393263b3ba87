/// A JSON-shaped value: module results, inventory variables and output all use it.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// The value as Ansible would turn it into a string for a connection setting
  /// (`ansible_port=2222` arrives as an int, `ansible_port="2222"` as a string).
  package var plainText: String {
    switch self {
    case .null: return ""
    case let .bool(value): return value ? "True" : "False"
    case let .int(value): return String(value)
    case let .double(value): return String(value)
    case let .string(value): return value
    case .array, .object: return PythonJSON.dump(self)
    }
  }

  package var isCollection: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }

  /// Ansible's notion of truth for booleans written as text (`yes`, `on`, `1`, `true`, ...).
  package var asBoolean: Bool {
    switch self {
    case .null: return false
    case let .bool(value): return value
    case let .int(value): return value != 0
    case let .double(value): return value != 0
    case let .string(value): return Self.parseBoolean(value) ?? false
    case let .array(value): return !value.isEmpty
    case let .object(value): return !value.isEmpty
    }
  }
}

extension JSONValue {
  /// Ansible's boolean spellings; nil for text that is neither.
  package static func parseBoolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "on", "1", "true", "y", "t": return true
    case "no", "off", "0", "false", "n", "f", "": return false
    default: return nil
    }
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
  package init(stringLiteral value: String) { self = .string(value) }
  package init(booleanLiteral value: Bool) { self = .bool(value) }
  package init(integerLiteral value: Int) { self = .int(value) }
}
