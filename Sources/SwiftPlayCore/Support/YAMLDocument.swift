import AnsibleYAML
import Yams

/// Reads YAML (and JSON, which is YAML) into `JSONValue`s with the run's `YAMLLoader`
/// (PyYAML's YAML 1.1 rules, the run's vault secrets), errors naming file, line and column.
enum YAMLDocument {
  typealias ParseError = YAMLParseError

  /// The document's value; an empty document is null.
  static func load(_ text: String, file: String, with loader: YAMLLoader) throws(ParseError) -> JSONValue {
    guard let node = try loader.compose(text, file: file) else { return .null }
    return try value(node, file: file, with: loader)
  }

  /// A node as a value: scalars as the loader constructs them. Two keys that spell the same
  /// text (`1` and `'1'`, distinct in Python) keep the last value.
  static func value(_ node: Node, file: String, with loader: YAMLLoader) throws(ParseError) -> JSONValue {
    try loader.build(
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
      list: JSONValue.array,
      map: { members in .object(Dictionary(members, uniquingKeysWith: { _, last in last })) })
  }
}
