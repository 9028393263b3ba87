import SwiftPlayCore
import ValueModel

/// The checks Ansible's argument spec validator makes on a role's inputs: required
/// options present, each value convertible to the option's type (Python's conversions:
/// `"8080"` is an int, `"a,b"` a list, `"yes"` a bool), list elements of the element
/// type, values among the choices, and sub-options checked the same way. Returns the
/// errors in Ansible's words; an empty list when the values pass.
enum ArgumentSpecCheck {
  static func errors(spec: ValueDict, values: ValueDict, prefix: String) -> [String] {
    var errors: [String] = []
    let missing = spec.filter { name, option in option.member("required")?.asBoolean == true && (values[name] ?? .null) == .null }
      .keys.sorted()
    if !missing.isEmpty {
      errors.append("missing required arguments: \(missing.joined(separator: ", "))" + (prefix.isEmpty ? "" : " found in \(prefix)"))
    }
    for name in spec.keys.sorted() {
      guard let value = values[name], value != .null, let option = spec[name] else { continue }
      let label = prefix.isEmpty ? name : "\(prefix) -> \(name)"
      let type = option.member("type")?.plainText ?? "str"
      guard let converted = convert(value, to: type) else {
        errors.append("argument '\(label)' is of type \(value.typeName) and we were unable to convert to \(type)" + reason(value, type))
        continue
      }
      var items: [Value] = [converted]
      if type == "list", case let .list(elements) = converted {
        items = elements
        if let elementType = option.member("elements")?.plainText {
          for element in elements where convert(element, to: elementType) == nil {
            errors.append(
              "Elements value for option '\(label)' is of type \(element.typeName) and we were unable to convert to \(elementType)"
                + reason(element, elementType))
          }
        }
      }
      if case let .list(choices)? = option.member("choices") {
        let allowed = Set(choices.map(\.plainText))
        let wrong = items.filter { !allowed.contains($0.plainText) }
        if !wrong.isEmpty {
          errors.append("value of \(label) must be one of: \(choices.map(\.plainText).joined(separator: ", ")), got: \(wrong.map(\.plainText).joined(separator: ", "))")
        }
      }
      if case let .dict(suboptions)? = option.member("options") {
        for item in items {
          guard case let .dict(members) = item else { continue }
          errors += Self.errors(spec: suboptions, values: members, prefix: label)
        }
      }
    }
    return errors
  }

  /// The value as Python's check_type_* functions convert it, or nil when they refuse.
  static func convert(_ value: Value, to type: String) -> Value? {
    switch (type, value) {
    // A role's spec allows conversion: any value is text (Python's str() of it).
    case ("str", .string), ("path", .string): return value
    case ("str", _), ("path", _): return .string(value.plainText)
    case ("int", .int): return value
    case let ("int", .double(number)) where number == number.rounded(): return .int(Int(number))
    case let ("int", .string(text)): return Int(text.trimmingCharacters(in: .whitespaces)).map(Value.int)
    case ("int", _): return nil
    case ("float", .int), ("float", .double): return value
    case let ("float", .string(text)): return Double(text.trimmingCharacters(in: .whitespaces)).map(Value.double)
    case ("float", _): return nil
    case ("bool", .bool): return value
    case let ("bool", .int(number)) where number == 0 || number == 1: return .bool(number == 1)
    case let ("bool", .string(text)): return Value.parseBoolean(text).map(Value.bool)
    case ("bool", _): return nil
    case ("list", .list): return value
    case let ("list", .string(text)): return .list(text.split(separator: ",").map { .string(String($0)) })
    case ("list", .int), ("list", .double), ("list", .bool): return .list([.string(value.plainText)])
    case ("list", _): return nil
    case ("dict", .dict): return value
    case ("dict", .string): return value  // JSON or k=v text, as Python parses it
    case ("dict", _): return nil
    default: return value  // raw, json, jsonarg, bytes, bits and types this check does not know
    }
  }

  /// Why Python's conversion refused, for the types whose reason Ansible words simply.
  static func reason(_ value: Value, _ type: String) -> String {
    let article = ["int": "an int", "float": "a float"][type]
    guard let article else { return "" }
    if case let .string(text) = value { return ": \"'\(text)'\" cannot be converted to \(article)" }
    return ": \(value.pythonClass) cannot be converted to \(article)"
  }
}

extension Value {
  /// A mapping's member, nil for a missing key or a value that is not a mapping.
  fileprivate func member(_ key: String) -> Value? {
    guard case let .dict(members) = self else { return nil }
    return members[key]
  }
}
