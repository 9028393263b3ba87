import AnsibleYAML
import Foundation
import ValueModel

/// The type of one module option, as Ansible's argument_spec names it. The conversion is
/// Ansible's (module_utils' check_type_*), so `force=yes`, `mode=0644` or `port: "22"`
/// arrive typed as they do in Ansible's modules and bad values fail with its messages.
package indirect enum ArgumentType: Sendable, Equatable {
  case str
  case bool
  case int
  case float
  /// Text; `$NAME` and a leading `~` are expanded on the host before the module runs
  /// (HostPathExpansion), as Ansible's modules expand them where they run.
  case path
  /// Whatever the user wrote, unchanged.
  case raw
  /// Text, or a list or mapping serialised as JSON.
  case jsonarg
  case dict
  /// A list; comma-separated text is split. `elements` converts each item when given.
  case list(elements: ArgumentType?)

  /// Ansible's name for the type, as its messages and docs print it.
  package var name: String {
    switch self {
    case .str: return "str"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float"
    case .path: return "path"
    case .raw: return "raw"
    case .jsonarg: return "jsonarg"
    case .dict: return "dict"
    case .list: return "list"
    }
  }

  /// The value converted to this type; the error text is the part of Ansible's message
  /// after "we were unable to convert to <type>: ".
  package func convert(_ value: Value) -> Result<Value, ConversionError> {
    switch self {
    case .str, .path: return .success(.string(Self.pythonString(value)))
    case .raw: return .success(value)
    case .bool: return Self.toBool(value)
    case .int: return Self.toInt(value)
    case .float: return Self.toFloat(value)
    case .dict: return Self.toDict(value)
    case .jsonarg:
      switch value {
      case let .string(text): return .success(.string(text.trimmingCharacters(in: .whitespacesAndNewlines)))
      case .list, .dict: return .success(.string(JSON.dump(value)))
      default: return .failure(ConversionError("\(value.pythonClass) cannot be converted to a json string"))
      }
    case .list:
      switch value {
      case .list: return .success(value)
      case let .string(text): return .success(.list(text.components(separatedBy: ",").map(Value.string)))
      case .int, .double: return .success(.list([.string(Self.pythonString(value))]))
      default: return .failure(ConversionError("\(value.pythonClass) cannot be converted to a list"))
      }
    }
  }

  /// Why a value could not be converted, in Ansible's words.
  package struct ConversionError: Error, Sendable, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
  }

  /// Python's `str(value)`: what Ansible's str type makes of a number, a boolean or a list.
  /// None becomes empty text, as Ansible 2.19 approximates it.
  package static func pythonString(_ value: Value) -> String {
    switch value {
    case .null: return ""
    case let .string(text): return text
    case .list, .dict, .double: return value.repr
    default: return value.plainText
    }
  }

  /// The spellings Ansible's bool conversion takes (its message lists them in a set's order).
  static let booleanSpellings = "0, 1, 'false', 'on', 't', 'off', 'no', 'f', '0', 'true', '1', 'yes', 'n', 'y'"

  private static func toBool(_ value: Value) -> Result<Value, ConversionError> {
    let invalid = { (shown: String) in
      ConversionError("The value '\(shown)' is not a valid boolean. Valid booleans include: \(booleanSpellings)")
    }
    switch value {
    case .bool: return .success(value)
    case let .int(number):
      guard number == 0 || number == 1 else { return .failure(invalid(String(number))) }
      return .success(.bool(number == 1))
    case let .double(number):
      guard number == 0 || number == 1 else { return .failure(invalid(value.repr)) }
      return .success(.bool(number == 1))
    case let .string(text):
      let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
      guard !lowered.isEmpty, let flag = Value.parseBoolean(lowered) else { return .failure(invalid(text)) }
      return .success(.bool(flag))
    default: return .failure(ConversionError("\(value.pythonClass) cannot be converted to a bool"))
    }
  }

  private static func toInt(_ value: Value) -> Result<Value, ConversionError> {
    switch value {
    case .int: return .success(value)
    case let .bool(flag): return .success(.int(flag ? 1 : 0))
    case let .double(number):
      if number == number.rounded(), let whole = Int(exactly: number) { return .success(.int(whole)) }
    case let .string(text):
      if let whole = wholeNumber(text) { return .success(.int(whole)) }
    default: break
    }
    return .failure(ConversionError("\"\(value.repr)\" cannot be converted to an int"))
  }

  /// Python's `Decimal(text)` when it is a whole number: blanks around, `_` between
  /// digits, a fraction of zeros or an exponent allowed (`" 1_0 "`, `"2.0"`, `"1e3"`).
  static func wholeNumber(_ text: String) -> Int? {
    var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
    var sign = ""
    if let first = body.first, first == "+" || first == "-" {
      sign = first == "-" ? "-" : ""
      body = body.dropFirst()
    }
    let parts = body.lowercased().split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
    let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    func digits(_ part: Substring) -> String? {
      guard part.first?.isNumber == true, part.last?.isNumber == true, !part.contains("__") else { return nil }
      let plain = part.filter { $0 != "_" }
      return plain.allSatisfy({ $0.isASCII && $0.isNumber }) ? plain : nil
    }
    let integral = mantissa[0].isEmpty ? "" : digits(mantissa[0])
    let fraction = mantissa.count > 1 ? (mantissa[1].isEmpty ? "" : digits(mantissa[1])) : ""
    guard var whole = integral, var decimals = fraction, !(whole.isEmpty && decimals.isEmpty) else { return nil }
    var exponent = 0
    if parts.count > 1 {
      var exponentText = parts[1]
      var negative = false
      if let first = exponentText.first, first == "+" || first == "-" {
        negative = first == "-"
        exponentText = exponentText.dropFirst()
      }
      guard let text = digits(exponentText), let number = Int(text), number < 40 else { return nil }
      exponent = negative ? -number : number
    }
    if exponent > 0 {
      let moved = decimals.prefix(exponent)
      whole += moved + String(repeating: "0", count: exponent - moved.count)
      decimals = String(decimals.dropFirst(moved.count))
    } else if exponent < 0 {
      let moved = min(-exponent, whole.count)
      decimals = String(whole.suffix(moved)) + String(repeating: "0", count: -exponent - moved) + decimals
      whole = String(whole.dropLast(moved))
    }
    guard decimals.allSatisfy({ $0 == "0" }) else { return nil }
    return Int(sign + (whole.isEmpty ? "0" : whole))
  }

  private static func toFloat(_ value: Value) -> Result<Value, ConversionError> {
    switch value {
    case .double: return .success(value)
    case let .int(number): return .success(.double(Double(number)))
    case let .bool(flag): return .success(.double(flag ? 1 : 0))
    case let .string(text):
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.contains("__"), !trimmed.hasPrefix("_"), !trimmed.hasSuffix("_"),
        let number = Double(trimmed.replacingOccurrences(of: "_", with: ""))
      {
        return .success(.double(number))
      }
    default: break
    }
    return .failure(ConversionError("\(value.pythonClass) cannot be converted to a float"))
  }

  private static func toDict(_ value: Value) -> Result<Value, ConversionError> {
    switch value {
    case .dict: return .success(value)
    case let .string(text):
      if text.hasPrefix("{") {
        // JSON is YAML; the one loader reads it.
        if case let .dict(members)? = try? YAMLLoader().load(text, file: "<argument>") { return .success(.dict(members)) }
        return .failure(ConversionError("unable to evaluate string as dictionary"))
      }
      guard text.contains("=") else {
        return .failure(ConversionError("dictionary requested, could not parse JSON or key=value"))
      }
      return keyValueFields(text)
    default: return .failure(ConversionError("\(value.pythonClass) cannot be converted to a dict"))
    }
  }

  /// `k1=v1, k2=v2` or `k1=v1 k2=v2`, quotes and backslashes as Ansible's check_type_dict reads them.
  private static func keyValueFields(_ text: String) -> Result<Value, ConversionError> {
    var fields: [String] = []
    var buffer = ""
    var quote: Character?
    var escaped = false
    for character in text.trimmingCharacters(in: .whitespaces) {
      if escaped {
        buffer.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if quote == nil, character == "'" || character == "\"" {
        quote = character
      } else if let open = quote, open == character {
        quote = nil
      } else if quote == nil, character == "," || character == " " {
        if !buffer.isEmpty { fields.append(buffer) }
        buffer = ""
      } else {
        buffer.append(character)
      }
    }
    if !buffer.isEmpty { fields.append(buffer) }
    var result: ValueDict = [:]
    for field in fields {
      guard let equals = field.firstIndex(of: "=") else {
        return .failure(ConversionError("unable to evaluate string in the \"key=value\" format as dictionary"))
      }
      result[String(field[..<equals])] = .string(String(field[field.index(after: equals)...]))
    }
    return .success(.dict(result))
  }
}
