import ValueModel

/// A native module's arguments, declared once as data in the shape of Ansible's
/// argument_spec (options, then the rules between them). The same declaration validates a
/// task's arguments with AnsibleModule's messages (`validate`), documents the module, and
/// tells the engine which options the native code implements (`names`): a task using any
/// other option is one for Ansible's own module.
package struct ArgumentSpec: Sendable, Equatable {
  package var options: [ArgumentOption]
  /// Groups of which at most one may be given (`parameters are mutually exclusive: a|b`).
  package var mutuallyExclusive: [[String]]
  /// Groups given all together or not at all.
  package var requiredTogether: [[String]]
  /// Groups of which at least one must be given.
  package var requiredOneOf: [[String]]
  package var requiredIf: [RequiredIf]
  /// An option that, when given, needs these others (`missing parameter(s) required by 'a': b`).
  package var requiredBy: [(option: String, needs: [String])]

  /// `state: present` needs `path` (all of them, or any one when `anyOf`).
  package struct RequiredIf: Sendable, Equatable {
    package let option: String
    package let value: Value
    package let needs: [String]
    package let anyOf: Bool

    package init(_ option: String, _ value: Value, _ needs: [String], anyOf: Bool = false) {
      self.option = option
      self.value = value
      self.needs = needs
      self.anyOf = anyOf
    }
  }

  package init(
    _ options: [ArgumentOption], mutuallyExclusive: [[String]] = [], requiredTogether: [[String]] = [],
    requiredOneOf: [[String]] = [], requiredIf: [RequiredIf] = [], requiredBy: [(option: String, needs: [String])] = []
  ) {
    self.options = options
    self.mutuallyExclusive = mutuallyExclusive
    self.requiredTogether = requiredTogether
    self.requiredOneOf = requiredOneOf
    self.requiredIf = requiredIf
    self.requiredBy = requiredBy
  }

  /// A module whose options nobody declared (a test's stand-in): it takes none.
  package static let undeclared = ArgumentSpec([])

  /// Every name a task may write: option names and their aliases.
  package var names: Set<String> { Set(options.flatMap(\.names)) }

  /// The names (with aliases) of the options typed `path`, expanded on the host.
  package var pathNames: Set<String> { Set(options.filter { $0.type == .path }.flatMap(\.names)) }

  /// The names (with aliases) whose values are secrets.
  package var noLogNames: Set<String> { Set(options.filter(\.noLog).flatMap(\.names)) }

  package func option(_ name: String) -> ArgumentOption? { options.first { $0.name == name } }

  /// This spec with more options (file attributes, shared command options).
  package func adding(_ more: [ArgumentOption]) -> ArgumentSpec {
    var spec = self
    spec.options += more
    return spec
  }

  /// Ansible's list of what a module takes: names, then all aliases in parentheses.
  package var supportedText: String {
    let aliases = options.flatMap(\.aliases).sorted()
    return options.map(\.name).sorted().joined(separator: ", ")
      + (aliases.isEmpty ? "" : " (\(aliases.joined(separator: ", ")))")
  }

  package static func == (lhs: ArgumentSpec, rhs: ArgumentSpec) -> Bool {
    lhs.options == rhs.options && lhs.mutuallyExclusive == rhs.mutuallyExclusive
      && lhs.requiredTogether == rhs.requiredTogether && lhs.requiredOneOf == rhs.requiredOneOf
      && lhs.requiredIf == rhs.requiredIf && lhs.requiredBy.map(\.option) == rhs.requiredBy.map(\.option)
      && lhs.requiredBy.map(\.needs) == rhs.requiredBy.map(\.needs)
  }
}
