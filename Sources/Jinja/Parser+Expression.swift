/// Expression grammar, following Jinja2's precedence: conditional, or, and, not,
/// comparisons, + -, ~, * / // %, **, unary, then postfix, filters and tests.
extension Parser {
  /// An expression that may be an unparenthesised tuple (`{{ 1, 2 }}`, `set a = 1, 2`).
  mutating func parseTupleExpression(withCondition: Bool = true) throws -> Expr {
    let loc = current.loc
    let first = withCondition ? try parseExpression() : try parseOr()
    guard current.isOp(",") else { return first }
    var items = [first]
    while current.isOp(",") {
      advance()
      if isExpressionEnd { break }
      items.append(withCondition ? try parseExpression() : try parseOr())
    }
    return Expr(kind: .tuple(items), loc: loc)
  }

  private var isExpressionEnd: Bool {
    switch current.kind {
    case .varEnd, .blockEnd, .eof: return true
    case .op(let o): return [")", "]", "}"].contains(o)
    case .name(let n): return n == "if"
    default: return false
    }
  }

  mutating func parseExpression() throws -> Expr {
    let loc = current.loc
    let value = try parseOr()
    guard current.isName("if") else { return value }
    advance()
    let condition = try parseOr()
    var otherwise: Expr?
    if current.isName("else") {
      advance()
      try enter()
      defer { depth -= 1 }
      otherwise = try parseExpression()
    }
    return try bounded(Expr(kind: .conditional(condition, then: value, otherwise: otherwise), loc: loc))
  }

  private mutating func parseOr() throws -> Expr {
    var left = try parseAnd()
    while current.isName("or") {
      let loc = advance().loc
      left = try bounded(Expr(kind: .or(left, try parseAnd()), loc: loc))
    }
    return left
  }

  private mutating func parseAnd() throws -> Expr {
    var left = try parseNot()
    while current.isName("and") {
      let loc = advance().loc
      left = try bounded(Expr(kind: .and(left, try parseNot()), loc: loc))
    }
    return left
  }

  private mutating func parseNot() throws -> Expr {
    if current.isName("not") {
      let loc = advance().loc
      try enter()
      defer { depth -= 1 }
      return try bounded(Expr(kind: .unary("not", try parseNot()), loc: loc))
    }
    return try parseCompare()
  }

  private mutating func parseCompare() throws -> Expr {
    let loc = current.loc
    let left = try parseAdd()
    var ops: [(String, Expr)] = []
    while true {
      if case .op(let o) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(o) {
        advance()
        ops.append((o, try parseAdd()))
      } else if current.isName("in") {
        advance()
        ops.append(("in", try parseAdd()))
      } else if current.isName("not"), peek().isName("in") {
        advance()
        advance()
        ops.append(("not in", try parseAdd()))
      } else {
        break
      }
    }
    return ops.isEmpty ? left : try bounded(Expr(kind: .compare(left, ops), loc: loc))
  }

  private mutating func parseBinary(_ ops: [String], next: (inout Parser) throws -> Expr) throws -> Expr {
    var left = try next(&self)
    while case .op(let o) = current.kind, ops.contains(o) {
      let loc = advance().loc
      left = try bounded(Expr(kind: .binary(o, left, try next(&self)), loc: loc))
    }
    return left
  }

  private mutating func parseAdd() throws -> Expr {
    try parseBinary(["+", "-"]) { try $0.parseConcat() }
  }

  private mutating func parseConcat() throws -> Expr {
    try parseBinary(["~"]) { try $0.parseMul() }
  }

  private mutating func parseMul() throws -> Expr {
    try parseBinary(["*", "/", "//", "%"]) { try $0.parsePow() }
  }

  private mutating func parsePow() throws -> Expr {
    try parseBinary(["**"]) { try $0.parseUnary(withFilter: true) }
  }

  private mutating func parseUnary(withFilter: Bool) throws -> Expr {
    var node: Expr
    if current.isOp("-") || current.isOp("+") {
      let t = advance()
      try enter()
      defer { depth -= 1 }
      let operand = try parseUnary(withFilter: false)
      node = try bounded(Expr(kind: .unary(t.isOp("-") ? "-" : "+", operand), loc: t.loc))
    } else {
      node = try parsePrimary()
    }
    node = try parsePostfix(node)
    if withFilter { node = try parseFilterExpression(node) }
    return node
  }

  private mutating func parsePrimary() throws -> Expr {
    let t = current
    if t.isOp("(") || t.isOp("[") || t.isOp("{") { try enter() }
    defer { if t.isOp("(") || t.isOp("[") || t.isOp("{") { depth -= 1 } }
    return try bounded(try parsePrimaryUnbounded())
  }

  private mutating func parsePrimaryUnbounded() throws -> Expr {
    let t = advance()
    switch t.kind {
    case .name(let n):
      switch n {
      case "true", "True": return Expr(kind: .literal(.bool(true)), loc: t.loc)
      case "false", "False": return Expr(kind: .literal(.bool(false)), loc: t.loc)
      case "none", "None": return Expr(kind: .literal(.null), loc: t.loc)
      default: return Expr(kind: .name(n), loc: t.loc)
      }
    case .string(var s):
      while case .string(let more) = current.kind {
        s += more
        advance()
      }
      return Expr(kind: .literal(.string(s)), loc: t.loc)
    case .int(let i): return Expr(kind: .literal(.int(i)), loc: t.loc)
    case .float(let d): return Expr(kind: .literal(.double(d)), loc: t.loc)
    case .op("("):
      if current.isOp(")") {
        advance()
        return Expr(kind: .tuple([]), loc: t.loc)
      }
      let inner = try parseTupleExpression()
      try expectOp(")")
      return inner
    case .op("["):
      var items: [Expr] = []
      while !current.isOp("]") {
        items.append(try parseExpression())
        if !current.isOp(",") { break }
        advance()
      }
      try expectOp("]")
      return Expr(kind: .list(items), loc: t.loc)
    case .op("{"):
      var pairs: [(Expr, Expr)] = []
      while !current.isOp("}") {
        let key = try parseExpression()
        try expectOp(":")
        pairs.append((key, try parseExpression()))
        if !current.isOp(",") { break }
        advance()
      }
      try expectOp("}")
      return Expr(kind: .dict(pairs), loc: t.loc)
    default:
      throw error("unexpected \(describe(t))", at: t)
    }
  }

  private mutating func parsePostfix(_ start: Expr) throws -> Expr {
    var node = start
    while true {
      if current.isOp(".") {
        let loc = advance().loc
        switch current.kind {
        case .name(let n):
          advance()
          node = try bounded(Expr(kind: .attribute(node, n), loc: loc))
        case .int(let i):
          advance()
          node = try bounded(Expr(kind: .item(node, Expr(kind: .literal(.int(i)), loc: loc)), loc: loc))
        default:
          throw error("expected an attribute name after '.'")
        }
      } else if current.isOp("[") {
        let loc = advance().loc
        node = try bounded(try parseSubscript(node, loc: loc))
      } else if current.isOp("(") {
        let loc = current.loc
        node = try bounded(Expr(kind: .call(node, try parseArguments()), loc: loc))
      } else {
        return node
      }
    }
  }

  private mutating func parseSubscript(_ target: Expr, loc: Location) throws -> Expr {
    try enter()
    defer { depth -= 1 }
    var parts: [Expr?] = [nil]
    var isSlice = false
    while !current.isOp("]") {
      if current.isOp(":") {
        advance()
        isSlice = true
        parts.append(nil)
      } else {
        parts[parts.count - 1] = try parseExpression()
      }
    }
    try expectOp("]")
    guard isSlice else {
      guard let key = parts[0] else { throw error("expected a subscript") }
      return Expr(kind: .item(target, key), loc: loc)
    }
    guard parts.count <= 3 else { throw error("too many ':' in slice") }
    let step: Expr? = parts.count > 2 ? parts[2] : nil
    return Expr(kind: .slice(target, parts[0], parts[1], step), loc: loc)
  }

  /// Parses `(a, b, key=c)`; the current token is the opening parenthesis.
  mutating func parseArguments() throws -> Expr.Arguments {
    try enter()
    defer { depth -= 1 }
    try expectOp("(")
    var args = Expr.Arguments()
    while !current.isOp(")") {
      if case .name(let n) = current.kind, peek().isOp("=") {
        advance()
        advance()
        args.keyword.append((n, try parseExpression()))
      } else {
        if !args.keyword.isEmpty { throw error("positional argument after keyword argument") }
        args.positional.append(try parseExpression())
      }
      if !current.isOp(",") { break }
      advance()
    }
    try expectOp(")")
    return args
  }

  /// Filter and test names may be qualified (`ansible.builtin.to_json`); only the last part counts.
  private mutating func parseQualifiedName() throws -> String {
    var n = try expectName()
    while current.isOp("."), case .name(let next) = peek().kind {
      advance()
      advance()
      n = next
    }
    return n
  }

  private mutating func parseFilterExpression(_ start: Expr) throws -> Expr {
    var node = start
    while true {
      if current.isOp("|") {
        let loc = advance().loc
        let filterName = try parseQualifiedName()
        let args = current.isOp("(") ? try parseArguments() : Expr.Arguments()
        node = try bounded(Expr(kind: .filter(node, filterName, args), loc: loc))
      } else if current.isName("is") {
        let loc = advance().loc
        var negated = false
        if current.isName("not") {
          advance()
          negated = true
        }
        let testName = try parseQualifiedName()
        var args = Expr.Arguments()
        if current.isOp("(") {
          args = try parseArguments()
        } else if takesBareTestArgument {
          let arg = try parsePostfix(try parsePrimary())
          args.positional = [arg]
        }
        node = try bounded(Expr(kind: .test(node, testName, args, negated: negated), loc: loc))
      } else if current.isOp("(") {
        let loc = current.loc
        node = try bounded(Expr(kind: .call(node, try parseArguments()), loc: loc))
      } else {
        return node
      }
    }
  }

  /// Jinja allows one argument without parentheses: `x is divisibleby 3`.
  private var takesBareTestArgument: Bool {
    switch current.kind {
    case .string, .int, .float: return true
    case .op(let o): return o == "[" || o == "{"
    case .name(let n): return !["else", "or", "and", "if", "in", "not", "is"].contains(n)
    default: return false
    }
  }
}
