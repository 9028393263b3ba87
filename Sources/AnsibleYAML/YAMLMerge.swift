import Yams

/// The mapping rules PyYAML's safe constructor applies (and so Ansible's loader): `<<`
/// merge keys bring in the pairs of the mapping(s) they name, and a key given twice keeps
/// its first place with its last value.
enum YAMLMerge {
  /// The pairs with every `<<` entry replaced by what it merges, placed before the
  /// mapping's own pairs (so its own keys win); of a list of mappings, the earlier wins.
  static func flatten(_ pairs: [(Node, Node)], file: String) throws(YAMLParseError) -> [(Node, Node)] {
    guard pairs.contains(where: { isMergeKey($0.0) }) else { return pairs }
    var merged: [(Node, Node)] = []
    var own: [(Node, Node)] = []
    for (key, value) in pairs {
      guard isMergeKey(key) else {
        own.append((key, value))
        continue
      }
      switch value {
      case let .mapping(mapping):
        merged += mapping.map { ($0.key, $0.value) }
      case let .sequence(sequence):
        var lists: [[(Node, Node)]] = []
        for item in sequence {
          guard case let .mapping(mapping) = item else {
            throw error(item, "expected a mapping for merging, but found \(kind(item))", file: file)
          }
          lists.append(mapping.map { ($0.key, $0.value) })
        }
        for list in lists.reversed() { merged += list }
      default:
        throw error(value, "expected a mapping or list of mappings for merging, but found \(kind(value))", file: file)
      }
    }
    return merged + own
  }

  /// Each key once, at its first place, with its last value; each later occurrence warned
  /// about at its key (or refused, or passed over, as `policy` says), as Ansible's
  /// constructor does (merged keys included).
  static func lastWins(
    _ pairs: [(Node, Node)], file: String, policy: YAMLLoader.DuplicateKeys, warnings: inout [YAMLParseError]
  ) throws(YAMLParseError) -> [(Node, Node)] {
    var result: [(Node, Node)] = []
    var place: [String: Int] = [:]
    for (key, value) in pairs {
      guard case let .scalar(scalar) = key else {
        result.append((key, value))
        continue
      }
      if let at = place[scalar.string] {
        let found = error(key, "Found duplicate mapping key '\(scalar.string)'.", file: file)
        switch policy {
        case .error: throw found
        case .warn: warnings.append(found)
        case .ignore: break
        }
        result[at].1 = value
      } else {
        place[scalar.string] = result.count
        result.append((key, value))
      }
    }
    return result
  }

  private static func isMergeKey(_ node: Node) -> Bool {
    if case .scalar = node, node.tag.description == Tag.Name.merge.rawValue { return true }
    return false
  }

  static func kind(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar: return "a scalar"
    case .alias: return "an alias"
    }
  }

  private static func error(_ node: Node, _ message: String, file: String) -> YAMLParseError {
    YAMLParseError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
  }
}
