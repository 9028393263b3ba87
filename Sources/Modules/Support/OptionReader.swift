import Foundation
import SwiftPlayCore

/// Reads a module's options with Ansible's type coercion: users write `force=yes`,
/// `mode=0644` or `follow: true`, so booleans and numbers arrive as text or as JSON values
/// and both are accepted. Wrong values are refused with Ansible's messages, before anything
/// connects.
struct OptionReader {
  let module: String
  let arguments: ModuleArguments

  /// The spellings Ansible's bool conversion takes, in the order its message lists them.
  static let booleanSpellings = "0, 1, 'false', 'on', 't', 'off', 'no', 'f', '0', 'true', '1', 'yes', 'n', 'y'"

  func value(_ key: String, aliases: [String] = []) -> JSONValue? {
    for name in [key] + aliases {
      if let value = arguments.options[name], value != .null { return value }
    }
    return nil
  }

  func string(_ key: String, aliases: [String] = []) -> String? {
    value(key, aliases: aliases)?.text
  }

  /// A required option: Ansible's "missing required arguments" when absent.
  func required(_ key: String, aliases: [String] = []) throws(ModuleError) -> String {
    guard let text = string(key, aliases: aliases) else {
      throw ModuleError(module: module, message: "missing required arguments: \(key)")
    }
    return text
  }

  func bool(_ key: String, default fallback: Bool) throws(ModuleError) -> Bool {
    guard let value = value(key) else { return fallback }
    switch value {
    case let .bool(flag): return flag
    case let .int(number) where number == 0 || number == 1: return number == 1
    case let .string(text):
      if let flag = JSONValue.parseBoolean(text), !text.isEmpty { return flag }
      throw ModuleError(
        module: module,
        message: "argument '\(key)' is of type str and we were unable to convert to bool: "
          + "The value '\(text)' is not a valid boolean. Valid booleans include: \(Self.booleanSpellings)")
    default:
      throw ModuleError(
        module: module,
        message: "argument '\(key)' is of type \(Self.pythonType(value)) and we were unable to convert to bool: "
          + "The value '\(value.text)' is not a valid boolean. Valid booleans include: \(Self.booleanSpellings)")
    }
  }

  /// One of a fixed set of values, with Ansible's "value of X must be one of" message.
  func choice(_ key: String, _ choices: [String], default fallback: String?) throws(ModuleError) -> String? {
    guard let text = string(key) else { return fallback }
    guard choices.contains(text) else {
      throw ModuleError(
        module: module, message: "value of \(key) must be one of: \(choices.joined(separator: ", ")), got: \(text)")
    }
    return text
  }

  /// A whole number option (`port: 22`, `timeout: "30"`), with Ansible's message otherwise.
  func whole(_ key: String) throws(ModuleError) -> Int? {
    guard let value = value(key) else { return nil }
    switch value {
    case let .int(number): return number
    case let .double(number) where number == number.rounded(): return Int(number)
    case let .string(text) where Int(text) != nil: return Int(text)
    default:
      throw ModuleError(
        module: module, message: "argument '\(key)' is of type \(Self.pythonType(value)) and we were unable to convert to int: "
          + "'\(value.text)' cannot be converted to an int")
    }
  }

  /// A list option: a YAML list, or comma-separated text as Ansible splits it.
  func list(_ key: String) -> [String]? {
    guard let value = value(key) else { return nil }
    if case let .array(items) = value { return items.map(\.text) }
    return value.text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
  }

  static func pythonType(_ value: JSONValue) -> String {
    switch value {
    case .null: return "NoneType"
    case .bool: return "bool"
    case .int: return "int"
    case .double: return "float"
    case .string: return "str"
    case .array: return "list"
    case .object: return "dict"
    }
  }
}
