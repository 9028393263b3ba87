import SwiftPlayCore
import ValueModel

/// docs/modules.md, made from the modules' declarations so the options table cannot drift
/// from what the validator accepts; a test compares the file with this text.
package enum ModuleDocumentation {
  /// The whole page: one section per module, sorted by name.
  package static func markdown(_ modules: [any Module.Type] = ModuleRegistry.all) -> String {
    var text = """
      # Native modules and their options

      Generated from each module's `argumentSpec` (the declaration that also validates a task's
      arguments); regenerate with `SWIFTPLAY_WRITE_DOCS=1 swift test --filter ModuleDocumentationTests`.
      An option not listed here is one the native module does not implement: such a task runs
      Ansible's own module.

      """
    for module in modules.sorted(by: { $0.name < $1.name }) {
      text += "\n" + section(module)
    }
    return text
  }

  static func section(_ module: any Module.Type) -> String {
    var text = "## \(module.name)\n\n"
    if !module.aliases.isEmpty { text += "Also: " + module.aliases.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n" }
    if module.takesFreeForm { text += "Takes a free-form command (`\(module.name): ...`).\n\n" }
    if module.acceptsAnyArgument { text += "Any other option name is taken as a variable name.\n\n" }
    let spec = module.argumentSpec
    guard spec != .undeclared else { return text + "Options not declared yet.\n" }
    text += "| option | type | default | choices | aliases | required |\n|---|---|---|---|---|---|\n"
    for option in spec.options.sorted(by: { $0.name < $1.name }) {
      var type = option.type.name
      if case let .list(elements?) = option.type { type += " of \(elements.name)" }
      if option.noLog { type += ", secret" }
      let cells = [
        "`\(option.name)`", type, option.defaultValue.map(shown) ?? "",
        option.choices.map { $0.map(shown).joined(separator: ", ") } ?? "",
        option.aliases.map { "`\($0)`" }.joined(separator: ", "), option.required ? "yes" : "",
      ]
      text += "| " + cells.joined(separator: " | ") + " |\n"
    }
    var rules: [String] = []
    rules += spec.mutuallyExclusive.map { "mutually exclusive: " + $0.joined(separator: ", ") }
    rules += spec.requiredTogether.map { "required together: " + $0.joined(separator: ", ") }
    rules += spec.requiredOneOf.map { "one of these required: " + $0.joined(separator: ", ") }
    rules += spec.requiredIf.map {
      "`\($0.option): \(ArgumentType.pythonString($0.value))` needs \($0.anyOf ? "one of" : "all of") "
        + $0.needs.joined(separator: ", ")
    }
    rules += spec.requiredBy.map { "`\($0.option)` needs " + $0.needs.joined(separator: ", ") }
    if !rules.isEmpty { text += "\n" + rules.map { "- \($0)\n" }.joined() }
    return text
  }

  /// A value as a table cell: text in backticks (escaped pipes), others as Python prints them.
  static func shown(_ value: Value) -> String {
    let text = value.isContainer ? value.repr : ArgumentType.pythonString(value)
    return "`" + text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "\\n") + "`"
  }
}
