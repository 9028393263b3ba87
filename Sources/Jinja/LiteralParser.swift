import ValueModel

/// Python's `ast.literal_eval` for the shapes Ansible converts back: numbers, strings,
/// booleans, None, lists, tuples and dicts, possibly nested.
package enum LiteralParser {
  /// Returns the literal value of `text`, or nil when it is not a Python literal.
  package static func parse(_ text: String) -> Value? {
    // Python refuses an indented expression and integers with leading zeros ("0755" stays a string)
    if text.first == " " || text.first == "\t" || hasLeadingZeroInteger(text) { return nil }
    guard let tokens = try? Lexer.tokenizeExpression(text) else { return nil }
    for t in tokens {
      if case .name(let n) = t.kind, !["True", "False", "None"].contains(n) { return nil }
      if case .op(let o) = t.kind, !["[", "]", "(", ")", "{", "}", ",", ":", "-", "+"].contains(o) { return nil }
    }
    var parser = Parser(tokens: tokens, name: "<literal>")
    guard let expr = try? parser.parseTupleExpression(), case .eof = parser.current.kind else { return nil }
    return literal(expr)
  }

  private static func hasLeadingZeroInteger(_ text: String) -> Bool {
    let chars = Array(text)
    var quote: Character?
    for (i, c) in chars.enumerated() {
      if let q = quote {
        if c == q && (i == 0 || chars[i - 1] != "\\") { quote = nil }
        continue
      }
      if c == "'" || c == "\"" {
        quote = c
        continue
      }
      let startsNumber = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "." || chars[i - 1] == "_")
      if c == "0", startsNumber, i + 1 < chars.count, chars[i + 1].isNumber { return true }
    }
    return false
  }

  private static func literal(_ e: Expr) -> Value? {
    switch e.kind {
    case .literal(let v): return v
    case .list(let items), .tuple(let items):
      var out: [Value] = []
      for item in items {
        guard let v = literal(item) else { return nil }
        out.append(v)
      }
      return .list(out)
    case .dict(let pairs):
      var d = ValueDict()
      for (k, v) in pairs {
        guard case .string(let key)? = literal(k), let value = literal(v) else { return nil }
        d[key] = value
      }
      return .dict(d)
    case .unary(let op, let operand):
      guard op == "-" || op == "+", let v = literal(operand), v.asNumber != nil else { return nil }
      if case .bool = v { return nil }
      return op == "-" ? try? Operators.negate(v) : v
    default: return nil
    }
  }
}
