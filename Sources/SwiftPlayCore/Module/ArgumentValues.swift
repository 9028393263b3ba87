import ValueModel

/// A task's arguments after `ArgumentSpec.validate`: every value in its declared type,
/// aliases folded into the option's name, defaults filled in. A module reads typed values
/// here and never re-parses text; an option with no value and no default reads as nil.
package struct ArgumentValues: Sendable, Equatable {
  package let module: String
  /// By option name; absent when neither the task nor a default gave a value.
  package let values: ValueDict
  /// The options the task wrote (under their name or an alias), as opposed to defaults.
  package let given: Set<String>
  /// The free-form part (`shell: echo hi`), when the task has one.
  package let freeForm: String?
  /// Ansible's warnings about the arguments (an option and its alias both set).
  package let warnings: [String]

  package init(
    module: String, values: ValueDict, given: Set<String> = [], freeForm: String? = nil, warnings: [String] = []
  ) {
    self.module = module
    self.values = values
    self.given = given
    self.freeForm = freeForm
    self.warnings = warnings
  }

  package subscript(_ name: String) -> Value? { values[name] }

  /// Whether the task itself set the option (a default does not count).
  package func isGiven(_ name: String) -> Bool { given.contains(name) }

  /// A `str`, `path` or `jsonarg` option.
  package func string(_ name: String) -> String? {
    guard let value = values[name] else { return nil }
    if case let .string(text) = value { return text }
    return ArgumentType.pythonString(value)
  }

  /// A `bool` option; false when it has no value, as Python's None is false.
  package func bool(_ name: String) -> Bool {
    if case let .bool(flag)? = values[name] { return flag }
    return false
  }

  /// A `bool` option that may be unset (no default), for tri-state options.
  package func optionalBool(_ name: String) -> Bool? {
    if case let .bool(flag)? = values[name] { return flag }
    return nil
  }

  package func int(_ name: String) -> Int? {
    switch values[name] {
    case let .int(number)?: return number
    case let .double(number)?: return Int(exactly: number)
    default: return nil
    }
  }

  package func double(_ name: String) -> Double? {
    switch values[name] {
    case let .double(number)?: return number
    case let .int(number)?: return Double(number)
    default: return nil
    }
  }

  /// A `list` option's items.
  package func list(_ name: String) -> [Value]? {
    guard case let .list(items)? = values[name] else { return nil }
    return items
  }

  /// A `list` option of text (`elements: str`).
  package func strings(_ name: String) -> [String]? {
    list(name)?.map(ArgumentType.pythonString)
  }

  package func dict(_ name: String) -> ValueDict? {
    guard case let .dict(members)? = values[name] else { return nil }
    return members
  }

  /// The error a module raises for a value its declaration cannot express, in the
  /// module's name.
  package func error(_ message: String) -> ModuleError { ModuleError(module: module, message: message) }
}
