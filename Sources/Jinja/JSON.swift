/// JSON as Python's `json` module writes it (`", "` and `": "` separators, ASCII escapes),
/// and a parser that keeps key order.
package enum JSON {
  static func encode(_ v: Value, indent: Int?, sortKeys: Bool, level: Int = 0) -> String {
    let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
    let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
    let itemSep = indent == nil ? ", " : ","
    switch v {
    case .none, .undefined: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d):
      if d.isNaN { return "NaN" }
      if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
      return PythonFloat.repr(d)
    case .string(let s): return quote(s)
    case .list(let l):
      if l.isEmpty { return "[]" }
      let parts = l.map { (newline ?? "") + encode($0, indent: indent, sortKeys: sortKeys, level: level + 1) }
      return "[" + parts.joined(separator: itemSep) + closing + "]"
    case .dict(let d):
      if d.isEmpty { return "{}" }
      var entries = d.entries
      if sortKeys { entries.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } }
      let parts = entries.map {
        (newline ?? "") + quote($0.key) + ": " + encode($0.value, indent: indent, sortKeys: sortKeys, level: level + 1)
      }
      return "{" + parts.joined(separator: itemSep) + closing + "}"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.utf16 {
      switch u {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
      default:
        let hex = String(u, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return out + "\""
  }

  package static func decode(_ text: String) throws -> Value {
    var p = JSONParser(Array(text.unicodeScalars))
    p.skipSpace()
    let v = try p.parseValue()
    p.skipSpace()
    guard p.atEnd else { throw EvalError("extra data in JSON input") }
    return v
  }
}
