import ValueModel

/// Writes values as YAML the way PyYAML's `safe_dump` does for `to_yaml`/`to_nice_yaml`,
/// so a templated file does not change when a play moves from Ansible to swiftplay.
///
/// Covered: scalars, lists and mappings, sorted keys, PyYAML's flow style for collections
/// of scalars (`to_yaml`), block style with a chosen indent (`to_nice_yaml`), and its
/// quoting of strings that would otherwise read back as another type. Not covered: PyYAML's
/// folding of lines longer than 80 columns, and multi-line strings (written double-quoted).
enum YAML {
  /// `flowLeaves` is PyYAML's `default_flow_style=None`: a collection holding only scalars
  /// is written inline.
  static func dump(_ value: Value, indent: Int, flowLeaves: Bool) -> String {
    let writer = Writer(indent: max(2, indent), flowLeaves: flowLeaves)
    if writer.isBlock(value) {
      return writer.block(value, column: 0).joined(separator: "\n") + "\n"
    }
    return writer.flow(value) + "\n"
  }

  private struct Writer {
    let indent: Int
    let flowLeaves: Bool

    func isBlock(_ v: Value) -> Bool {
      switch v {
      case .list(let l): return !l.isEmpty && !(flowLeaves && l.allSatisfy(isScalar))
      case .dict(let d): return !d.isEmpty && !(flowLeaves && d.values.allSatisfy(isScalar))
      default: return false
      }
    }

    private func isScalar(_ v: Value) -> Bool {
      switch v {
      case .list, .dict: return false
      default: return true
      }
    }

    /// Mapping entries sorted by key, as `safe_dump(sort_keys=True)` writes them.
    private func sorted(_ d: ValueDict) -> [(key: String, value: Value)] {
      d.elements.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) { $0.value < $1.value } }
    }

    /// Lines of a block collection, each already indented to `column`.
    func block(_ v: Value, column: Int) -> [String] {
      let pad = String(repeating: " ", count: column)
      var lines: [String] = []
      switch v {
      case .list(let items):
        for item in items {
          guard isBlock(item) else {
            lines.append(pad + "- " + flow(item))
            continue
          }
          // The item's first line shares the dash's line: "-   key: value".
          var inner = block(item, column: column + indent)
          inner[0] = pad + "-" + String(repeating: " ", count: indent - 1) + inner[0].dropFirst(column + indent)
          lines += inner
        }
      case .dict(let d):
        for (key, value) in sorted(d) {
          let head = pad + scalar(.string(key), inFlow: false) + ":"
          if !isBlock(value) {
            lines.append(head + " " + flow(value))
          } else if case .list = value {
            // PyYAML writes a sequence under a key without extra indentation.
            lines.append(head)
            lines += block(value, column: column)
          } else {
            lines.append(head)
            lines += block(value, column: column + indent)
          }
        }
      default:
        lines.append(pad + flow(v))
      }
      return lines
    }

    /// A scalar, or a collection in flow style (`[1, a]`, `{k: v}`).
    func flow(_ v: Value) -> String {
      switch v {
      case .list(let items):
        return "[" + items.map(flow).joined(separator: ", ") + "]"
      case .dict(let d):
        return "{" + sorted(d).map { scalar(.string($0.key), inFlow: true) + ": " + flow($0.value) }
          .joined(separator: ", ") + "}"
      default:
        return scalar(v, inFlow: true)
      }
    }

    func scalar(_ v: Value, inFlow: Bool) -> String {
      switch v {
      case .null, .undefined: return "null"
      case .bool(let b): return b ? "true" : "false"
      case .int(let i): return String(i)
      case .double(let d):
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        let r = PythonRepr.float(d)
        return r.contains(".") || !r.contains("e") ? r : r.replacingOccurrences(of: "e", with: ".0e")
      case .string(let s):
        if s.contains(where: { $0.isNewline || ($0.isASCII && $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true) }) {
          return JSON.dump(v, sortKeys: false, ensureASCII: true)
        }
        if YAMLQuoting.needsQuotes(s, inFlow: inFlow) {
          return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return s
      case .list, .dict:
        return flow(v)
      }
    }
  }
}
