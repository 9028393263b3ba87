import Foundation

/// One parser of user input, driven with arbitrary bytes. The libFuzzer executable in
/// `Fuzz/` and the corpus replay test both call `run`, so an input the fuzzer once found
/// is replayed by the same code in every normal test run.
///
/// `run` never throws: a parser that rejects its input with an error has done its job.
/// What the fuzzer looks for is everything else: a trap, a hang, a runaway allocation.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// A playbook file through the whole loader (plays, blocks, tasks, keywords, roles,
  /// imports), validated against the real module registry.
  case playbook
  /// An INI inventory, then the group tree, host variables and a few patterns over it.
  case inventoryINI = "inventory-ini"
  /// A YAML inventory; JSON inventories go through the same reader, as in Ansible.
  case inventoryYAML = "inventory-yaml"
  /// An ansible.cfg file.
  case config
  /// A vault envelope (file or inline value), opened with a fixed password.
  case vault
  /// A Jinja expression, as written inside `{{ }}` and in `when:`.
  case jinjaExpression = "jinja-expression"
  /// A Jinja template file.
  case jinjaTemplate = "jinja-template"
  /// YAML read by the `from_yaml`/`from_yaml_all` filters (the one YAML loader).
  case fromYAML = "from-yaml"
  /// A host pattern (`--limit`, `hosts:`) and a host range (`web[01:20]`).
  case hostPattern = "host-pattern"
  /// One `-e` argument.
  case extraVars = "extra-vars"

  /// Feeds `bytes` to the parser; errors are expected and ignored.
  public func run(_ bytes: [UInt8]) {
    // Inputs that are not UTF-8 are still fed, repaired, as reading a file would do.
    let text = String(decoding: bytes, as: UTF8.self)
    switch self {
    case .playbook: Self.playbook(text)
    case .inventoryINI: Self.inventoryINI(text)
    case .inventoryYAML: Self.inventoryYAML(text)
    case .config: Self.config(text)
    case .vault: Self.vault(text)
    case .jinjaExpression: Self.jinjaExpression(text)
    case .jinjaTemplate: Self.jinjaTemplate(text)
    case .fromYAML: Self.fromYAML(text)
    case .hostPattern: Self.hostPattern(text)
    case .extraVars: Self.extraVars(text)
    }
  }
}
