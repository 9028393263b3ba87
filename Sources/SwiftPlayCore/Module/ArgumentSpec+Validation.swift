import ValueModel

/// Validation in AnsibleModule's order, so the first error reported is the one Ansible
/// reports: aliases, mutually exclusive groups, required options, types, choices, the
/// other rules between options, defaults; unknown options are reported only when nothing
/// else is wrong.
extension ArgumentSpec {
  /// The task's arguments checked, converted to their types and defaulted; the module
  /// reads its options from the result and parses nothing itself. `_raw_params` joins the
  /// free-form part.
  package func validate(_ arguments: ModuleArguments, module: String) throws(ModuleError) -> ArgumentValues {
    var parameters = arguments.options
    let freeForm = arguments.freeForm ?? parameters.removeValue(forKey: "_raw_params").map(\.plainText)
    let given = Set(parameters.keys)
    var errors: [String] = []

    var warnings: [String] = []
    for option in options {
      for alias in option.aliases where parameters[alias] != nil {
        if given.contains(option.name) {
          warnings.append("Both option \(option.name) and its alias \(alias) are set.")
        }
        parameters[option.name] = parameters[alias]
      }
    }
    let unsupported = given.subtracting(names).sorted()

    let exclusive = mutuallyExclusive.filter { group in group.filter { parameters[$0] != nil }.count > 1 }
    if !exclusive.isEmpty {
      errors.append("parameters are mutually exclusive: " + exclusive.map { $0.joined(separator: "|") }.joined(separator: ", "))
    }
    for option in options where parameters[option.name] == nil {
      if let value = option.defaultValue { parameters[option.name] = value }
    }
    let missing = options.filter { $0.required && parameters[$0.name] == nil }.map(\.name).sorted()
    if !missing.isEmpty { errors.append("missing required arguments: " + missing.joined(separator: ", ")) }

    for option in options {
      guard let value = parameters[option.name] else { continue }
      if value == .null, !option.required, option.defaultValue == nil { continue }
      switch Self.convert(value, option) {
      case let .success(converted): parameters[option.name] = converted
      case let .failure(error): errors.append(error.message)
      }
    }
    for option in options {
      guard let choices = option.choices, let value = parameters[option.name] else { continue }
      if let message = Self.checkChoice(value, choices, option: option.name, into: &parameters) { errors.append(message) }
    }
    errors += rulesBetweenOptions(parameters)

    if let first = errors.first { throw ModuleError(module: module, message: first) }
    if !unsupported.isEmpty {
      throw ModuleError(
        module: module,
        message: "Unsupported parameters for (\(module)) module: \(unsupported.joined(separator: ", ")). "
          + "Supported parameters include: \(supportedText).")
    }
    var values: ValueDict = [:]
    for option in options {
      if let value = parameters[option.name], value != .null { values[option.name] = value }
    }
    return ArgumentValues(
      module: module, values: values, given: Set(options.filter { given.contains($0.name) || $0.aliases.contains(where: given.contains) }.map(\.name)),
      freeForm: freeForm, warnings: warnings)
  }

  /// The value in the option's type, elements too; Ansible's message when it is not one.
  package static func convert(_ value: Value, _ option: ArgumentOption) -> Result<Value, ArgumentType.ConversionError> {
    let converted: Value
    switch option.type.convert(value) {
    case let .success(result): converted = result
    case let .failure(error):
      return .failure(
        ArgumentType.ConversionError(
          "argument '\(option.name)' is of type \(value.typeName) and we were unable to convert to "
            + "\(option.type.name): \(error.message)"))
    }
    guard case let .list(elements?) = option.type, case let .list(items) = converted else { return .success(converted) }
    var result: [Value] = []
    for item in items {
      switch elements.convert(item) {
      case let .success(element): result.append(element)
      case let .failure(error):
        return .failure(
          ArgumentType.ConversionError(
            "Elements value for option '\(option.name)' is of type \(item.typeName) and we were "
              + "unable to convert to \(elements.name): \(error.message)"))
      }
    }
    return .success(.list(result))
  }

  /// Ansible's choice check: a list's items each, a YAML boolean turned back into the one
  /// choice that spells it (`state: no` with a `no` choice).
  static func checkChoice(
    _ value: Value, _ choices: [Value], option: String, into parameters: inout ValueDict
  ) -> String? {
    let shown = choices.map(ArgumentType.pythonString).joined(separator: ", ")
    if case let .list(items) = value {
      let bad = items.filter { !choices.contains($0) }
      guard !bad.isEmpty else { return nil }
      return "value of \(option) must be one or more of: \(shown). Got no match for: "
        + bad.map(ArgumentType.pythonString).joined(separator: ", ")
    }
    guard !choices.contains(value) else { return nil }
    for (spelled, flag) in [("False", false), ("True", true)] where value == .string(spelled) {
      let matching = choices.filter { choice in
        if case let .string(text) = choice { return Value.parseBoolean(text) == flag && !text.isEmpty }
        return choice == .bool(flag) || choice == .int(flag ? 1 : 0)
      }
      if matching.count == 1 {
        parameters[option] = matching[0]
        return nil
      }
    }
    let got = value == .null ? "None" : ArgumentType.pythonString(value)
    return "value of \(option) must be one of: \(shown), got: \(got)"
  }

  /// required_together, required_one_of, required_if and required_by, in that order.
  func rulesBetweenOptions(_ parameters: ValueDict) -> [String] {
    var errors: [String] = []
    let present = { (name: String) in parameters[name] != nil }
    if let group = requiredTogether.first(where: { group in
      let count = group.filter(present).count
      return count > 0 && count < group.count
    }) {
      errors.append("parameters are required together: " + group.joined(separator: ", "))
    }
    if let group = requiredOneOf.first(where: { !$0.contains(where: present) }) {
      errors.append("one of the following is required: " + group.joined(separator: ", "))
    }
    for rule in requiredIf where parameters[rule.option] == rule.value {
      let missing = rule.needs.filter { !present($0) }
      guard !missing.isEmpty, missing.count >= (rule.anyOf ? rule.needs.count : 0) else { continue }
      errors.append(
        "\(rule.option) is \(ArgumentType.pythonString(rule.value)) but \(rule.anyOf ? "any" : "all") of the following "
          + "are missing: \(missing.joined(separator: ", "))")
      break
    }
    for (option, needs) in requiredBy where parameters[option].map({ $0 != .null }) ?? false {
      let missing = needs.filter { parameters[$0].map { $0 == .null } ?? true }
      if !missing.isEmpty {
        errors.append("missing parameter(s) required by '\(option)': \(missing.joined(separator: ", "))")
        break
      }
    }
    return errors
  }
}
