import ValueModel

/// One option of a native module, declared as Ansible's argument_spec declares it: the
/// declaration validates the task's value, documents the option, and says that the native
/// code implements it (an option missing here sends the task to Ansible's own module).
package struct ArgumentOption: Sendable, Equatable {
  package let name: String
  package var type: ArgumentType
  /// The value when the task does not give one; nil for none (Ansible's None).
  package var defaultValue: Value?
  /// The only values allowed, when set.
  package var choices: [Value]?
  package var aliases: [String]
  package var required: Bool
  /// A secret: never shown in results, logs or -vvvv output.
  package var noLog: Bool

  package init(
    _ name: String, _ type: ArgumentType = .str, default defaultValue: Value? = nil, choices: [Value]? = nil,
    aliases: [String] = [], required: Bool = false, noLog: Bool = false
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.choices = choices
    self.aliases = aliases
    self.required = required
    self.noLog = noLog
  }

  /// Every name a task may use for it: the name, then its aliases.
  package var names: [String] { [name] + aliases }

  // Shorthands, so a module's declaration reads as a table.

  package static func str(
    _ name: String, default value: String? = nil, choices: [String]? = nil, aliases: [String] = [],
    required: Bool = false, noLog: Bool = false
  ) -> ArgumentOption {
    ArgumentOption(
      name, .str, default: value.map(Value.string), choices: choices?.map(Value.string), aliases: aliases,
      required: required, noLog: noLog)
  }

  package static func path(_ name: String, default value: String? = nil, aliases: [String] = [], required: Bool = false)
    -> ArgumentOption
  {
    ArgumentOption(name, .path, default: value.map(Value.string), aliases: aliases, required: required)
  }

  package static func bool(_ name: String, default value: Bool? = nil, aliases: [String] = []) -> ArgumentOption {
    ArgumentOption(name, .bool, default: value.map(Value.bool), aliases: aliases)
  }

  package static func int(
    _ name: String, default value: Int? = nil, choices: [Int]? = nil, aliases: [String] = [], required: Bool = false
  ) -> ArgumentOption {
    ArgumentOption(
      name, .int, default: value.map(Value.int), choices: choices?.map(Value.int), aliases: aliases,
      required: required)
  }

  package static func float(_ name: String, default value: Double? = nil, aliases: [String] = []) -> ArgumentOption {
    ArgumentOption(name, .float, default: value.map(Value.double), aliases: aliases)
  }

  package static func raw(
    _ name: String, default value: Value? = nil, aliases: [String] = [], required: Bool = false, noLog: Bool = false
  ) -> ArgumentOption {
    ArgumentOption(name, .raw, default: value, aliases: aliases, required: required, noLog: noLog)
  }

  package static func list(
    _ name: String, of elements: ArgumentType? = .str, default value: [Value]? = nil, choices: [String]? = nil,
    aliases: [String] = [], required: Bool = false, noLog: Bool = false
  ) -> ArgumentOption {
    ArgumentOption(
      name, .list(elements: elements), default: value.map(Value.list), choices: choices?.map(Value.string),
      aliases: aliases, required: required, noLog: noLog)
  }

  package static func dict(_ name: String, default value: ValueDict? = nil, aliases: [String] = [])
    -> ArgumentOption
  {
    ArgumentOption(name, .dict, default: value.map(Value.dict), aliases: aliases)
  }
}
