import ValueModel

/// Filters over lists and dicts, including the higher-order ones (map, select) that call
/// other filters and tests by name.
enum CollectionFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments, renderer: Renderer?) throws -> Value? {
    switch name {
    case "length", "count":
      switch value {
      case .string(let s): return .int(s.unicodeScalars.count)
      case .list(let l): return .int(l.count)
      case .dict(let d): return .int(d.count)
      default: throw EvalError("object of type '\(value.typeName)' has no len()")
      }
    case "first": return try value.iterated().first ?? .undefined("first of an empty sequence")
    case "last": return try value.iterated().last ?? .undefined("last of an empty sequence")
    case "list": return .list(try value.iterated())
    case "reverse":
      if case .string(let s) = value { return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) }
      return .list(try value.iterated().reversed())
    case "join":
      var items = try value.iterated()
      if let attr = try args.string(1, "attribute") { items = try items.map { try attribute($0, attr) } }
      try Limits.checkText(.list(items), "join")
      return .string(try Methods.join(try items.map { try $0.requireDefined().text }, separator: try args.string(0, "d") ?? ""))
    case "sum":
      var items = try value.iterated()
      if let attr = try args.string(0, "attribute") { items = try items.map { try attribute($0, attr) } }
      return try items.reduce(args.get(1, "start") ?? .int(0)) { try Operators.binary("+", $0, $1.requireDefined()) }
    case "min", "max":
      let items = try value.iterated()
      let key = try sortKey(args, caseIndex: 0, attributeIndex: 1)
      var best: Value?
      for item in items {
        guard let b = best else {
          best = item
          continue
        }
        let c = try compare(key(item), key(b))
        if name == "min" ? c < 0 : c > 0 { best = item }
      }
      return best ?? .undefined("\(name) of an empty sequence")
    case "sort":
      let items = try value.iterated()
      let reverse = args.bool(0, "reverse", default: false)
      let key = try sortKey(args, caseIndex: 1, attributeIndex: 2)
      let keyed = try items.map { (try key($0), $0) }
      var failure: Error?
      let sorted = keyed.enumerated().sorted { a, b in
        do {
          let c = try compare(a.element.0, b.element.0)
          if c == 0 { return a.offset < b.offset }
          return reverse ? c > 0 : c < 0
        } catch {
          failure = error
          return false
        }
      }
      if let failure { throw failure }
      return .list(sorted.map { $0.element.1 })
    case "unique":
      let key = try sortKey(args, caseIndex: 0, attributeIndex: 1)
      var seen = ValueSet()
      var out: [Value] = []
      for item in try value.iterated() where seen.insert(try key(item)) {
        out.append(item)
      }
      return .list(out)
    case "map": return try map(value, args, renderer: renderer)
    case "select", "reject", "selectattr", "rejectattr":
      return try select(name, value, args, renderer: renderer)
    case "batch":
      let size = max(1, try args.int(0, "linecount") ?? 1)
      let items = try value.iterated()
      if args.get(1, "fill_with") != nil { try Limits.checkList(items: Limits.sum(items.count, size), "batch(\(size))") }
      return .list(stride(from: 0, to: items.count, by: size).map { i in
        var chunk = Array(items[i..<min(i + size, items.count)])
        if let fill = args.get(1, "fill_with") { while chunk.count < size { chunk.append(fill) } }
        return .list(chunk)
      })
    case "dictsort":
      guard case .dict(let d) = value else { throw EvalError("dictsort requires a dict") }
      let byValue = (try args.string(1, "by") ?? "key") == "value"
      let reverse = args.bool(2, "reverse", default: false)
      let key = try sortKey(CallArguments([args.get(0, "case_sensitive") ?? false]), caseIndex: 0, attributeIndex: 9)
      let pairs = try d.elements.map { (try key(byValue ? $0.value : .string($0.key)), $0) }
      var sorted = pairs
      try sorted.sortStable { try compare($0.0, $1.0) < 0 }
      if reverse { sorted.reverse() }
      return .list(sorted.map { .list([.string($0.1.key), $0.1.value]) })
    case "items":
      guard case .dict(let d) = value else { throw EvalError("can only get item pairs from a mapping") }
      return .list(d.elements.map { .list([.string($0.key), $0.value]) })
    default:
      return nil
    }
  }

  /// Jinja2's attribute lookup for filters: dotted paths and integer indexes.
  static func attribute(_ item: Value, _ path: String) throws -> Value {
    var v = item
    for part in path.split(separator: ".") {
      if let i = Int(part), case .list = v {
        v = try Operators.item(v, .int(i), path: path)
      } else {
        v = try Operators.item(v, .string(String(part)), path: path)
      }
    }
    return v
  }

  /// Three-way compare that fails like Python on mixed types.
  static func compare(_ a: Value, _ b: Value) throws -> Int {
    guard let c = Operators.order(try a.requireDefined(), try b.requireDefined()) else {
      throw EvalError("'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }
    return c
  }

  /// Builds the key function of sort/min/max/unique: optional attribute, and lowercased
  /// strings unless `case_sensitive` is set.
  private static func sortKey(_ args: CallArguments, caseIndex: Int, attributeIndex: Int) throws -> (Value) throws -> Value {
    let caseSensitive = args.bool(caseIndex, "case_sensitive", default: false)
    let attr = try args.string(attributeIndex, "attribute")
    return { item in
      var v = item
      if let attr { v = try attribute(item, attr).requireDefined() }
      if !caseSensitive, case .string(let s) = v { return .string(s.lowercased()) }
      return v
    }
  }

  private static func map(_ value: Value, _ args: CallArguments, renderer: Renderer?) throws -> Value {
    let items = try value.iterated()
    if let attr = try args.string(99, "attribute") {
      let fallback = args.keyword["default"]
      return .list(try items.map { item in
        let v = try attribute(item, attr)
        if v.isUndefined, let fallback { return fallback }
        return v
      })
    }
    guard let filter = try args.string(0) else { return .list(items) }
    var rest = args
    rest.positional.removeFirst()
    return .list(try items.map { try BuiltinFilters.apply(filter, $0, rest, renderer: renderer) })
  }

  private static func select(_ name: String, _ value: Value, _ args: CallArguments, renderer: Renderer?) throws -> Value {
    let items = try value.iterated()
    let keep = name == "select" || name == "selectattr"
    var rest = args
    var attr: String?
    if name.hasSuffix("attr") {
      attr = try args.string(0)
      rest.positional = Array(rest.positional.dropFirst())
    }
    let test = try rest.positional.first.map { try $0.requireDefined().text }
    rest.positional = Array(rest.positional.dropFirst())
    return .list(try items.filter { item in
      let subject = try attr.map { try attribute(item, $0) } ?? item
      let ok: Bool
      if let test {
        ok = try BuiltinTests.apply(test, subject, rest, renderer: renderer)
      } else {
        ok = try subject.requireDefined().isTruthy
      }
      return ok == keep
    })
  }
}
