import ValueModel

/// Filters that Ansible adds on top of Jinja2.
enum AnsibleFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments) throws -> Value? {
    switch name {
    case "dict2items":
      guard case .dict(let d) = value else { throw EvalError("dict2items requires a dictionary, got \(value.typeName) instead") }
      let k = try args.string(0, "key_name") ?? "key"
      let v = try args.string(1, "value_name") ?? "value"
      return .list(d.elements.map { .dict(ValueDict([(k, .string($0.key)), (v, $0.value)], uniquingKeysWith: { _, last in last })) })
    case "items2dict":
      let k = try args.get(0, "key_name")?.requireDefined() ?? "key"
      let v = try args.get(1, "value_name")?.requireDefined() ?? "value"
      var out = ValueDict()
      for item in try value.iterated() {
        let key = try Operators.item(item, k, path: "item.\(k.text)").requireDefined()
        out[key.text] = try Operators.item(item, v, path: "item.\(v.text)").requireDefined()
      }
      return .dict(out)
    case "combine":
      let recursive = args.bool(99, "recursive", default: false)
      var result = ValueDict()
      let terms = [value] + args.positional
      for term in terms {
        let dicts: [Value] = if case .list(let l) = term { l } else { [term] }
        for d in dicts {
          guard case .dict(let dict) = try d.requireDefined() else {
            throw EvalError("failed to combine variables, expected dicts but got a '\(d.typeName)'")
          }
          result = merge(result, dict, recursive: recursive)
        }
      }
      return .dict(result)
    case "comment":
      // The plain style: a `#` line, each line behind `# ` (bare `#` when empty), a `#` line.
      let decoration = try args.string(99, "decoration") ?? "# "
      let prefix = try args.string(99, "prefix") ?? "#"
      let postfix = try args.string(99, "postfix") ?? "#"
      let body = value.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.isEmpty ? String(decoration.reversed().drop(while: { $0 == " " }).reversed()) : decoration + line
      }
      return .string(([prefix] + body + [postfix]).joined(separator: "\n"))
    case "to_json":
      return .string(JSON.dump(value, indent: nil, sortKeys: args.bool(99, "sort_keys", default: false), ensureASCII: true))
    case "to_nice_json":
      let indent = try args.int(99, "indent") ?? 4
      // each level repeats the indent; a hostile width fails before it is written out
      try Limits.checkString(bytes: Limits.product(max(0, indent), Limits.maxValueDepth), "to_nice_json(indent=\(indent))")
      return .string(JSON.dump(value, indent: max(0, indent), sortKeys: args.bool(99, "sort_keys", default: true), ensureASCII: true))
    case "from_json":
      do { return try JSON.decode(value.text) } catch let error as JSONError { throw EvalError(error.message) }
    case "flatten":
      let levels = try args.int(0, "levels")
      let skipNulls = args.bool(1, "skip_nulls", default: true)
      return .list(flatten(try value.iterated(), levels: levels, skipNulls: skipNulls))
    case "zip", "zip_longest":
      let lists = try ([value] + args.positional).map { try $0.iterated() }
      let n = name == "zip" ? lists.map(\.count).min() ?? 0 : lists.map(\.count).max() ?? 0
      let fill = args.keyword["fillvalue"] ?? .null
      return .list((0..<n).map { i in .list(lists.map { i < $0.count ? $0[i] : fill }) })
    case "union", "intersect", "difference", "symmetric_difference":
      let a = try value.iterated()
      let b = try (args.get(0) ?? .list([])).iterated()
      let inA = ValueSet(a)
      let inB = ValueSet(b)
      let items: [Value]
      switch name {
      case "union": items = a + b
      case "intersect": items = a.filter { inB.contains($0) }
      case "difference": items = a.filter { !inB.contains($0) }
      default: items = a.filter { !inB.contains($0) } + b.filter { !inA.contains($0) }
      }
      var seen = ValueSet()
      return .list(items.filter { seen.insert($0) })
    default:
      return try MoreFilters.apply(name, value, args)
    }
  }

  private static func merge(_ a: ValueDict, _ b: ValueDict, recursive: Bool) -> ValueDict {
    var out = a
    for (k, v) in b.elements {
      if recursive, case .dict(let old)? = out[k], case .dict(let new) = v {
        out[k] = .dict(merge(old, new, recursive: true))
      } else {
        out[k] = v
      }
    }
    return out
  }

  private static func flatten(_ items: [Value], levels: Int?, skipNulls: Bool) -> [Value] {
    var out: [Value] = []
    for item in items {
      if skipNulls, item == .null || item == .string("None") || item == .string("null") { continue }
      if case .list(let inner) = item, levels.map({ $0 > 0 }) ?? true {
        out += flatten(inner, levels: levels.map { $0 - 1 }, skipNulls: skipNulls)
      } else {
        out.append(item)
      }
    }
    return out
  }
}
