import ValueModel
import Yams

/// YAML as the program's values: playbooks, variables files, inventories and `from_yaml`
/// all read through here, so the same text gets the same types everywhere.
extension YAMLLoader {
  /// The single document in `text` (null when there is none), as `yaml.load` reads it.
  package func load(_ text: String, file: String) throws(YAMLParseError) -> Value {
    guard let node = try compose(text, file: file) else { return .null }
    return try value(node, file: file)
  }

  /// Every document in `text`, in order, as `yaml.load_all` reads them.
  package func loadAll(_ text: String, file: String) throws(YAMLParseError) -> [Value] {
    var values: [Value] = []
    for node in try composeAll(text, file: file) { values.append(try value(node, file: file)) }
    return values
  }

  /// A node as a value, mappings in written order. Two keys that spell the same text (`1`
  /// and `'1'`, distinct in Python) keep the first one's place and the last one's value.
  package func value(_ node: Node, file: String) throws(YAMLParseError) -> Value {
    try build(
      node, file: file,
      scalar: { scalar in
        switch scalar {
        case .null: return .null
        case let .bool(flag): return .bool(flag)
        case let .int(number): return .int(number)
        case let .float(number): return .double(number)
        case let .string(text): return .string(text)
        }
      },
      list: Value.list,
      map: { members in .dict(ValueDict(members, uniquingKeysWith: { _, last in last })) })
  }
}
