import SwiftPlayCore
import ValueModel

/// Sets variables on the host for the rest of the run. Every option but `cacheable` names a
/// variable; values arrive already rendered, keeping their types. The engine reads
/// `ansible_facts` from the result and stores them at set_fact's precedence (and, with
/// `cacheable`, as facts too).
///
/// ```yaml
/// - name: remember where the app lives
///   ansible.builtin.set_fact:
///     app_root: "/srv/{{ app_name }}"
///     app_ports: [8080, 8081]
///     cacheable: true
/// ```
package struct SetFactModule: Module {
  package static let name = "set_fact"
  /// Only `cacheable` is fixed; every other name is a variable.
  package static let argumentSpec = ArgumentSpec([.bool("cacheable", default: false)])
  package static let acceptsAnyArgument = true

  /// The variables to set, in the user's spelling.
  package let facts: ValueDict
  /// Whether the facts also go to the fact cache (Ansible's `_ansible_facts_cacheable`).
  package let cacheable: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    var facts = arguments.options
    facts.removeValue(forKey: "cacheable")
    if let freeForm = arguments.freeForm, !freeForm.isEmpty {
      throw ModuleError(module: Self.name, message: "set_fact takes key=value arguments, not '\(freeForm)'")
    }
    self.facts = facts
    let fixed = ModuleArguments(options: arguments.options.filter { $0.key == "cacheable" })
    cacheable = try Self.validated(fixed).bool("cacheable")
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    guard !facts.isEmpty else {
      return ModuleResult(changed: false, failed: true, values: [
        "msg": "No key/value pairs provided, at least one is required for this action to succeed",
      ])
    }
    if let bad = facts.keys.sorted().first(where: { !Self.isValidName($0) }) {
      return ModuleResult(changed: false, failed: true, values: ["msg": .string("Task failed: Invalid variable name '\(bad)'.")])
    }
    var values: ValueDict = ["ansible_facts": .dict(facts)]
    if cacheable { values["_ansible_facts_cacheable"] = true }
    return ModuleResult(changed: false, values: values)
  }

  static let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]

  /// A Python identifier that is not a keyword, as Ansible requires of variable names.
  static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
    let valid = name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    return valid && !pythonKeywords.contains(name)
  }
}
