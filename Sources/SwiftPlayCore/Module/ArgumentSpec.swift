/// A native module's arguments, declared once as data in the shape of Ansible's
/// argument_spec (options, then the rules between them). The same declaration validates a
/// task's arguments with AnsibleModule's messages (`validate`), documents the module, and
/// tells the engine which options the native code implements (`names`): a task using any
/// other option is one for Ansible's own module.
public struct ArgumentSpec: Sendable, Equatable {
  public var options: [ArgumentOption]
  /// Groups of which at most one may be given (`parameters are mutually exclusive: a|b`).
  public var mutuallyExclusive: [[String]]
  /// Groups given all together or not at all.
  public var requiredTogether: [[String]]
  /// Groups of which at least one must be given.
  public var requiredOneOf: [[String]]
  public var requiredIf: [RequiredIf]
  /// An option that, when given, needs these others (`missing parameter(s) required by 'a': b`).
  public var requiredBy: [(option: String, needs: [String])]

  /// `state: present` needs `path` (all of them, or any one when `anyOf`).
  public struct RequiredIf: Sendable, Equatable {
    public let option: String
    public let value: JSONValue
    public let needs: [String]
    public let anyOf: Bool

    public init(_ option: String, _ value: JSONValue, _ needs: [String], anyOf: Bool = false) {
      self.option = option
      self.value = value
      self.needs = needs
      self.anyOf = anyOf
    }
  }

  public init(
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
  public static let undeclared = ArgumentSpec([])

  /// Every name a task may write: option names and their aliases.
  public var names: Set<String> { Set(options.flatMap(\.names)) }

  /// The names (with aliases) of the options typed `path`, expanded on the host.
  public var pathNames: Set<String> { Set(options.filter { $0.type == .path }.flatMap(\.names)) }

  /// The names (with aliases) whose values are secrets.
  public var noLogNames: Set<String> { Set(options.filter(\.noLog).flatMap(\.names)) }

  public func option(_ name: String) -> ArgumentOption? { options.first { $0.name == name } }

  /// This spec with more options (file attributes, shared command options).
  public func adding(_ more: [ArgumentOption]) -> ArgumentSpec {
    var spec = self
    spec.options += more
    return spec
  }

  /// Ansible's list of what a module takes: names, then all aliases in parentheses.
  public var supportedText: String {
    let aliases = options.flatMap(\.aliases).sorted()
    return options.map(\.name).sorted().joined(separator: ", ")
      + (aliases.isEmpty ? "" : " (\(aliases.joined(separator: ", ")))")
  }

  public static func == (lhs: ArgumentSpec, rhs: ArgumentSpec) -> Bool {
    lhs.options == rhs.options && lhs.mutuallyExclusive == rhs.mutuallyExclusive
      && lhs.requiredTogether == rhs.requiredTogether && lhs.requiredOneOf == rhs.requiredOneOf
      && lhs.requiredIf == rhs.requiredIf && lhs.requiredBy.map(\.option) == rhs.requiredBy.map(\.option)
      && lhs.requiredBy.map(\.needs) == rhs.requiredBy.map(\.needs)
  }
}
