import Foundation
import SwiftPlayCore
import ValueModel

/// Reads options one at a time, for a module not yet declared as an `ArgumentSpec` (setup).
/// Declared modules validate with `Module.validated` instead; the conversions and messages
/// here are ArgumentType's, so both paths speak as Ansible's argument checks do.
struct OptionReader {
  let module: String
  let arguments: ModuleArguments

  func value(_ key: String, aliases: [String] = []) -> Value? {
    for name in [key] + aliases {
      if let value = arguments.options[name], value != .null { return value }
    }
    return nil
  }

  func string(_ key: String, aliases: [String] = []) -> String? {
    value(key, aliases: aliases).map(ArgumentType.pythonString)
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
    if case let .bool(flag) = try converted(value, key, .bool) { return flag }
    return fallback
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
    if case let .int(number) = try converted(value, key, .int) { return number }
    return nil
  }

  /// A list option: a YAML list, or comma-separated text as Ansible splits it.
  func list(_ key: String) -> [String]? {
    guard let value = value(key) else { return nil }
    if case let .list(items) = value { return items.map(ArgumentType.pythonString) }
    return value.plainText.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
  }

  private func converted(_ value: Value, _ key: String, _ type: ArgumentType) throws(ModuleError) -> Value {
    switch ArgumentSpec.convert(value, ArgumentOption(key, type)) {
    case let .success(result): return result
    case let .failure(error): throw ModuleError(module: module, message: error.message)
    }
  }
}
