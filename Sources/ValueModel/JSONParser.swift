/// A small recursive-descent JSON reader producing `Value`s with dict order preserved.
struct JSONParser {
  private let s: [Unicode.Scalar]
  private var i = 0
  /// Arrays and objects open around the current position (see `Value.maxDepth`).
  private var depth = 0

  init(_ scalars: [Unicode.Scalar]) { s = scalars }

  var atEnd: Bool { i >= s.count }

  mutating func skipSpace() {
    while i < s.count, [" ", "\n", "\r", "\t"].contains(s[i]) { i += 1 }
  }

  private mutating func expect(_ word: String) throws {
    for c in word.unicodeScalars {
      guard i < s.count, s[i] == c else { throw JSONError("invalid JSON input") }
      i += 1
    }
  }

  /// Opens one more array or object, refusing nesting Python's decoder would not survive.
  private mutating func enter(_ kind: String) throws {
    depth += 1
    if depth > Value.maxDepth {
      throw JSONError("maximum recursion depth exceeded while decoding a JSON \(kind) (more than \(Value.maxDepth) levels)")
    }
  }

  mutating func parseValue() throws -> Value {
    guard i < s.count else { throw JSONError("unexpected end of JSON input") }
    switch s[i] {
    case "{":
      try enter("object")
      defer { depth -= 1 }
      i += 1
      var d = ValueDict()
      skipSpace()
      if i < s.count, s[i] == "}" {
        i += 1
        return .dict(d)
      }
      while true {
        skipSpace()
        guard case .string(let key) = try parseValue() else { throw JSONError("object keys in JSON must be strings") }
        skipSpace()
        try expect(":")
        skipSpace()
        d[key] = try parseValue()
        skipSpace()
        if i < s.count, s[i] == "," {
          i += 1
          continue
        }
        try expect("}")
        return .dict(d)
      }
    case "[":
      try enter("array")
      defer { depth -= 1 }
      i += 1
      var l: [Value] = []
      skipSpace()
      if i < s.count, s[i] == "]" {
        i += 1
        return .list(l)
      }
      while true {
        skipSpace()
        l.append(try parseValue())
        skipSpace()
        if i < s.count, s[i] == "," {
          i += 1
          continue
        }
        try expect("]")
        return .list(l)
      }
    case "\"": return .string(try parseString())
    case "t":
      try expect("true")
      return .bool(true)
    case "f":
      try expect("false")
      return .bool(false)
    case "n":
      try expect("null")
      return .null
    default: return try parseNumber()
    }
  }

  private mutating func parseNumber() throws -> Value {
    let start = i
    while i < s.count, "+-0123456789.eE".unicodeScalars.contains(s[i]) { i += 1 }
    var text = ""
    text.unicodeScalars.append(contentsOf: s[start..<i])
    if let n = Int(text) { return .int(n) }
    // Python reads a long integer exactly; rounding it to a float would change it silently
    if !text.isEmpty, !text.contains(where: { ".eE".contains($0) }), Double(text) != nil {
      throw JSONError("integer overflow: \(text) does not fit in a 64-bit integer")
    }
    if let d = Double(text) { return .double(d) }
    throw JSONError(text.isEmpty ? "invalid JSON input" : "invalid JSON number '\(text)'")
  }

  private mutating func hex4() throws -> UInt32 {
    guard i + 4 <= s.count else { throw JSONError("invalid JSON escape") }
    var t = ""
    t.unicodeScalars.append(contentsOf: s[i..<i + 4])
    i += 4
    guard let v = UInt32(t, radix: 16) else { throw JSONError("invalid JSON escape") }
    return v
  }

  private mutating func parseString() throws -> String {
    i += 1
    var out = String.UnicodeScalarView()
    while i < s.count {
      let c = s[i]
      i += 1
      if c == "\"" { return String(out) }
      guard c == "\\" else {
        out.append(c)
        continue
      }
      guard i < s.count else { break }
      let e = s[i]
      i += 1
      switch e {
      case "n": out.append("\n")
      case "t": out.append("\t")
      case "r": out.append("\r")
      case "b": out.append("\u{08}")
      case "f": out.append("\u{0C}")
      case "u":
        var v = try hex4()
        if (0xD800..<0xDC00).contains(v), i + 1 < s.count, s[i] == "\\", s[i + 1] == "u" {
          i += 2
          let low = try hex4()
          if (0xDC00..<0xE000).contains(low) {
            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
          } else {
            // a high surrogate without its pair (Python keeps it; a Swift string cannot)
            out.append("?")
            v = low
          }
        }
        out.append(Unicode.Scalar(v) ?? "?")
      default: out.append(e)
      }
    }
    throw JSONError("unterminated JSON string")
  }
}
