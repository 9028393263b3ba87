/// JSON as Python's `json` module writes and reads it, the program's one JSON: results as
/// Ansible prints them (`json.dumps(indent=N, sort_keys=True, ensure_ascii=False)`, the
/// default for `dump`), `to_json` and `to_nice_json` (ASCII escapes, key order as
/// asked), and a parser that keeps key order.
package enum JSON {
  /// `indent: nil` gives the one-line form with `", "` and `": "` separators; an indent of
  /// 0 gives Python's `indent=0` (newlines, no spaces), which the oneline callback flattens.
  package static func dump(_ value: Value, indent: Int? = nil, sortKeys: Bool = true, ensureASCII: Bool = false) -> String {
    encode(value, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, level: 0)
  }

  private static func encode(_ v: Value, indent: Int?, sortKeys: Bool, ensureASCII: Bool, level: Int) -> String {
    let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
    let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
    let itemSep = indent == nil ? ", " : ","
    switch v {
    case .null, .undefined: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d):
      if d.isNaN { return "NaN" }
      if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
      return PythonRepr.float(d)
    case .string(let s): return quote(s, ensureASCII: ensureASCII)
    case .list(let l):
      if l.isEmpty { return "[]" }
      let parts = l.map { (newline ?? "") + encode($0, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, level: level + 1) }
      return "[" + parts.joined(separator: itemSep) + closing + "]"
    case .dict(let d):
      if d.isEmpty { return "{}" }
      var entries = Array(d)
      if sortKeys { entries.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } }
      let parts = entries.map {
        (newline ?? "") + quote($0.key, ensureASCII: ensureASCII) + ": "
          + encode($0.value, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, level: level + 1)
      }
      return "{" + parts.joined(separator: itemSep) + closing + "}"
    }
  }

  /// A JSON string: control characters escaped, and with `ensureASCII` everything outside
  /// printable ASCII as `\uXXXX` (UTF-16 units, as Python writes them).
  package static func quote(_ s: String, ensureASCII: Bool = true) -> String {
    var out = "\""
    if !ensureASCII {
      for scalar in s.unicodeScalars {
        if scalar.value < 0x20 || scalar == "\"" || scalar == "\\" {
          out += escape(UInt16(scalar.value))
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      return out + "\""
    }
    for u in s.utf16 {
      out += (0x20..<0x7F).contains(u) && u != 0x22 && u != 0x5C ? String(Unicode.Scalar(UInt8(u))) : escape(u)
    }
    return out + "\""
  }

  private static func escape(_ u: UInt16) -> String {
    switch u {
    case 0x22: return "\\\""
    case 0x5C: return "\\\\"
    case 0x0A: return "\\n"
    case 0x0D: return "\\r"
    case 0x09: return "\\t"
    case 0x08: return "\\b"
    case 0x0C: return "\\f"
    default:
      let hex = String(u, radix: 16)
      return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
  }

  /// Reads JSON text as Python's `json.loads` does, keeping key order.
  package static func decode(_ text: String) throws -> Value {
    var p = JSONParser(Array(text.unicodeScalars))
    p.skipSpace()
    let v = try p.parseValue()
    p.skipSpace()
    guard p.atEnd else { throw JSONError("extra data in JSON input") }
    return v
  }
}

/// Why JSON text could not be read, in the words of Python's decoder where it has them.
package struct JSONError: Error, Equatable {
  package let message: String
  init(_ message: String) { self.message = message }
}
