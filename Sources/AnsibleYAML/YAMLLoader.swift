import Vault
import Yams
import ValueModel

/// The one way the program reads YAML (playbooks, roles, inventories, variables files,
/// `include_vars`, `-e @file`, `from_yaml`), as Ansible's loader does: libyaml's parser,
/// PyYAML's YAML 1.1 resolver and safe constructor, and the vault secrets of the run.
///
/// The loader owns its keyring, so whatever reads with it decrypts with the secrets it was
/// given, and nothing else can: a vault-encrypted file is opened before parsing, a
/// `!vault` scalar when its value is taken.
package struct YAMLLoader: Sendable {
  /// How deep collections may nest: deeper than any data a person writes, shallow enough
  /// for a thread's stack (composing recurses once per level).
  package static let maxDepth = 100
  /// Values a document may stand for once its aliases are expanded, besides the ones its
  /// text writes out: generous for anchors reused across a large file, far below a bomb.
  package static let maxAliasedValues = 1_000_000

  package let keyring: VaultKeyring
  /// Where warnings go (a key written twice), one message each, in Ansible's words.
  package let warn: @Sendable (String) -> Void
  /// What a key written twice in one mapping does.
  package let duplicateKeys: DuplicateKeys

  /// Ansible's DUPLICATE_YAML_DICT_KEY (`duplicate_dict_key` in ansible.cfg): the last value
  /// wins with a warning (the default), silently, or the file is refused.
  package enum DuplicateKeys: String, Sendable {
    case warn, error, ignore
  }

  package init(
    keyring: VaultKeyring = VaultKeyring(), duplicateKeys: DuplicateKeys = .warn, warn: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.keyring = keyring
    self.duplicateKeys = duplicateKeys
    self.warn = warn
  }

  /// The single document in `text` as nodes (nil when the text holds none), for readers
  /// that need positions and the order of keys.
  package func compose(_ text: String, file: String) throws(YAMLParseError) -> Node? {
    let documents = try composeAll(text, file: file)
    if documents.count > 1 {
      throw YAMLParseError(
        file: file, line: documents[1].mark?.line ?? 0, column: documents[1].mark?.column ?? 0,
        message: "expected a single document in the stream, but found another document")
    }
    return documents.first
  }

  /// Every document in `text`, in order.
  package func composeAll(_ text: String, file: String) throws(YAMLParseError) -> [Node] {
    var text = text
    if VaultKeyring.isVault(text) {
      do { text = try keyring.decryptString(text, source: file) } catch {
        throw YAMLParseError(file: file, line: 1, column: 1, message: error.description)
      }
    }
    let composer = YAMLComposer(text, file: file, duplicateKeys: duplicateKeys)
    let documents = try composer.documents()
    // Inner mappings finish first; the warnings read in the order of the text.
    let warnings = composer.warnings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    for warning in warnings { warn("\(warning.message)\nOrigin: \(warning.file):\(warning.line):\(warning.column)") }
    return documents
  }

  /// The value of a scalar node: by its tag, resolved or written (`!!int`, `!vault`, ...).
  package func scalar(_ node: Node, file: String) throws(YAMLParseError) -> YAMLScalar {
    guard case let .scalar(scalar) = node else { throw error(node, "expected a scalar, found \(YAMLMerge.kind(node))", file: file) }
    switch node.tag.description {
    case "!vault", "!vault-encrypted":
      do { return .string(try keyring.decryptString(scalar.string, source: "\(file):\(node.mark?.line ?? 0)")) } catch {
        throw self.error(node, error.description, file: file)
      }
    case "!unsafe":
      // Ansible marks it never to be templated; the value models have no such mark yet.
      return .string(scalar.string)
    default:
      do { return try YAMLResolver.construct(Tag.Name(rawValue: node.tag.description), scalar.string) } catch {
        throw self.error(node, error.message, file: file)
      }
    }
  }

  /// Builds a value of any model from a node: scalars through `scalar`, lists and mappings
  /// (keys in written order, each as `keyText` spells it) through the given constructors.
  package func build<Value>(
    _ node: Node, file: String, scalar makeScalar: (YAMLScalar) -> Value, list: ([Value]) -> Value,
    map: ([(String, Value)]) -> Value
  ) throws(YAMLParseError) -> Value {
    switch node {
    case .scalar:
      return makeScalar(try scalar(node, file: file))
    case let .sequence(sequence):
      var items: [Value] = []
      items.reserveCapacity(sequence.count)
      for item in sequence { items.append(try build(item, file: file, scalar: makeScalar, list: list, map: map)) }
      return list(items)
    case let .mapping(mapping):
      var members: [(String, Value)] = []
      for (key, item) in mapping {
        members.append((try keyText(key, file: file), try build(item, file: file, scalar: makeScalar, list: list, map: map)))
      }
      return map(members)
    case .alias:
      throw error(node, "unresolved alias", file: file)
    }
  }

  /// A mapping key as text. PyYAML builds keys like any scalar (`1:` is the int 1, `yes:`
  /// True, `~:` None); the value models key mappings by strings, so a key is what Python's
  /// `str()` makes of it, which is how Ansible's `debug` and templates show it.
  package func keyText(_ key: Node, file: String) throws(YAMLParseError) -> String {
    guard case .scalar = key else { throw error(key, "mapping keys must be strings", file: file) }
    switch try scalar(key, file: file) {
    case .null: return "None"
    case let .bool(flag): return flag ? "True" : "False"
    case let .int(number): return String(number)
    case let .float(number): return PythonRepr.float(number)
    case let .string(text): return text
    }
  }

  private func error(_ node: Node, _ message: String, file: String) -> YAMLParseError {
    YAMLParseError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
  }
}
