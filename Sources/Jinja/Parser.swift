/// Builds the statement tree from tokens. Expressions live in Parser+Expression.swift.
struct Parser {
  var tokens: [Token]
  var index = 0
  let name: String
  /// How deep the parser has descended (brackets, blocks, unary operators), kept under
  /// `Limits.maxNesting` so hostile nesting is an error and never a stack overflow.
  var depth = 0
  /// `{% break %}`/`{% continue %}` are tags (TemplateOptions.loopControls).
  var loopControls = false
  /// Bodies of statements (for, macro, block, ...) the parser is inside: `extends` must
  /// stand at the top level (or inside `if`), as jinja2 requires.
  var bodyDepth = 0
  /// `for` loops around the current statement within its macro, for break and continue.
  var loopDepth = 0

  init(tokens: [Token], name: String) {
    self.tokens = tokens
    self.name = name
  }

  var current: Token { tokens[index] }

  func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

  @discardableResult
  mutating func advance() -> Token {
    let t = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  func error(_ message: String, at token: Token? = nil) -> TemplateError {
    let t = token ?? current
    return TemplateError(templateName: name, line: t.loc.line, column: t.loc.column, message: message)
  }

  /// Enters one more level of nesting at the current token; pair with `depth -= 1`.
  mutating func enter() throws {
    depth += 1
    if depth > Limits.maxNesting {
      throw error("\(Limits.recursionMessage): more than \(Limits.maxNesting) levels of nesting")
    }
  }

  /// Refuses an expression tree deeper than `Limits.maxExpressionDepth` (long chains of
  /// operators or filters), which evaluating it would have to recurse through.
  func bounded(_ e: Expr) throws -> Expr {
    if e.depth > Limits.maxExpressionDepth {
      throw TemplateError(
        templateName: name, line: e.loc.line, column: e.loc.column,
        message: "\(Limits.recursionMessage): expression more than \(Limits.maxExpressionDepth) operations deep")
    }
    return e
  }

  mutating func expectOp(_ op: String) throws {
    guard current.isOp(op) else { throw error("expected '\(op)', got \(describe(current))") }
    advance()
  }

  mutating func expectName() throws -> String {
    guard case .name(let n) = current.kind else { throw error("expected a name, got \(describe(current))") }
    advance()
    return n
  }

  func describe(_ t: Token) -> String {
    switch t.kind {
    case .text: return "text"
    case .varBegin: return "'{{'"
    case .varEnd: return "'}}'"
    case .blockBegin: return "'{%'"
    case .blockEnd: return "'%}'"
    case .name(let n): return "'\(n)'"
    case .string(let s): return "string '\(s)'"
    case .int(let i): return "'\(i)'"
    case .float(let d): return "'\(d)'"
    case .op(let o): return "'\(o)'"
    case .eof: return "end of template"
    }
  }

  /// Parses the whole template.
  mutating func parseTemplate() throws -> [Node] {
    let (nodes, end) = try parseBody(until: [])
    if let end { throw error("unexpected '\(end)'") }
    return nodes
  }

  /// Parses nodes until a block tag whose keyword is in `until`; returns that keyword with
  /// the parser positioned after it (inside the tag).
  mutating func parseBody(until: Set<String>) throws -> ([Node], String?) {
    var nodes: [Node] = []
    while true {
      let t = current
      switch t.kind {
      case .eof:
        if !until.isEmpty {
          throw error("unexpected end of template, expected one of \(until.sorted().joined(separator: ", "))")
        }
        return (nodes, nil)
      case .text(let s):
        advance()
        nodes.append(.text(s))
      case .varBegin:
        advance()
        let e = try parseTupleExpression()
        guard case .varEnd = current.kind else { throw error("expected '}}', got \(describe(current))") }
        advance()
        nodes.append(.output(e))
      case .blockBegin:
        advance()
        guard case .name(let keyword) = current.kind else { throw error("expected a statement name") }
        if until.contains(keyword) {
          advance()
          return (nodes, keyword)
        }
        nodes.append(try parseStatement(keyword))
      default:
        throw error("unexpected \(describe(t))")
      }
    }
  }

  mutating func expectBlockEnd() throws {
    guard case .blockEnd = current.kind else { throw error("expected '%}', got \(describe(current))") }
    advance()
  }

  private mutating func parseStatement(_ keyword: String) throws -> Node {
    let start = current
    try enter()
    defer { depth -= 1 }
    advance()
    let hasBody = ["for", "set", "macro", "with", "filter", "block", "call"].contains(keyword)
    if hasBody { bodyDepth += 1 }
    defer { if hasBody { bodyDepth -= 1 } }
    switch keyword {
    case "if": return try parseIf()
    case "for":
      loopDepth += 1
      defer { loopDepth -= 1 }
      return try parseFor(start.loc)
    case "set": return try parseSet(start.loc)
    case "macro", "call":
      // break and continue inside a macro body or a call block belong to no loop outside it
      let loops = loopDepth
      loopDepth = 0
      defer { loopDepth = loops }
      return keyword == "macro" ? try parseMacro() : try parseCallBlock()
    case "with": return try parseWith()
    case "filter": return try parseFilterBlock()
    case "block": return try parseBlock(start.loc)
    case "extends": return try parseExtends(start)
    case "include": return try parseInclude(start.loc)
    case "import": return try parseImport(start.loc)
    case "from": return try parseFromImport(start.loc)
    case "break" where loopControls, "continue" where loopControls:
      guard loopDepth > 0 else { throw error("'\(keyword)' outside of a loop", at: start) }
      try expectBlockEnd()
      return .loopControl(isBreak: keyword == "break", start.loc)
    default: throw error("unknown tag '\(keyword)'", at: start)
    }
  }

  private mutating func parseIf() throws -> Node {
    var branches: [(Expr, [Node])] = []
    var condition = try parseExpression()
    try expectBlockEnd()
    while true {
      let (body, end) = try parseBody(until: ["elif", "else", "endif"])
      branches.append((condition, body))
      switch end {
      case "elif":
        condition = try parseExpression()
        try expectBlockEnd()
      case "else":
        try expectBlockEnd()
        let (otherwise, _) = try parseBody(until: ["endif"])
        try expectBlockEnd()
        return .ifBlock(branches, otherwise: otherwise)
      default:
        try expectBlockEnd()
        return .ifBlock(branches, otherwise: [])
      }
    }
  }

  private mutating func parseFor(_ loc: Location) throws -> Node {
    var targets = [try expectName()]
    while current.isOp(",") {
      advance()
      targets.append(try expectName())
    }
    guard current.isName("in") else { throw error("expected 'in' in for loop") }
    advance()
    let iterable = try parseTupleExpression(withCondition: false)
    var condition: Expr?
    if current.isName("if") {
      advance()
      condition = try parseExpression()
    }
    try expectBlockEnd()
    let (body, end) = try parseBody(until: ["else", "endfor"])
    var otherwise: [Node] = []
    try expectBlockEnd()
    if end == "else" {
      (otherwise, _) = try parseBody(until: ["endfor"])
      try expectBlockEnd()
    }
    return .forLoop(Node.ForLoop(
      targets: targets, iterable: iterable, condition: condition, body: body, otherwise: otherwise, loc: loc))
  }

  private mutating func parseSet(_ loc: Location) throws -> Node {
    let first = try expectName()
    if current.isOp(".") {
      advance()
      let attr = try expectName()
      try expectOp("=")
      let value = try parseTupleExpression()
      try expectBlockEnd()
      return .setAttribute(first, attr, value, loc)
    }
    var targets = [first]
    while current.isOp(",") {
      advance()
      targets.append(try expectName())
    }
    if targets.count == 1, current.isOp("|") {
      // `{% set x | upper %}...{% endset %}`: the body is filtered before it is assigned
      let filters = try parseFilterChain()
      try expectBlockEnd()
      let (body, _) = try parseBody(until: ["endset"])
      try expectBlockEnd()
      return .setBlock(first, [.filterBlock(filters, body)])
    }
    if case .blockEnd = current.kind, targets.count == 1 {
      advance()
      let (body, _) = try parseBody(until: ["endset"])
      try expectBlockEnd()
      return .setBlock(first, body)
    }
    try expectOp("=")
    let value = try parseTupleExpression()
    try expectBlockEnd()
    return .set(targets, value, loc)
  }

  private mutating func parseMacro() throws -> Node {
    let macroName = try expectName()
    try expectOp("(")
    let parameters = try parseParameters()
    try expectBlockEnd()
    let bodyStart = index
    let (body, _) = try parseBody(until: ["endmacro"])
    // jinja2 lets a call block pass `caller` only to a macro whose body names it
    let usesCaller = tokens[bodyStart..<index].contains { $0.isName("caller") }
    try expectBlockEnd()
    return .macro(Node.Macro(name: macroName, parameters: parameters, body: body, usesCaller: usesCaller))
  }

  /// Macro parameters after the `(`, with their defaults, through the `)`.
  mutating func parseParameters() throws -> [(String, Expr?)] {
    var parameters: [(String, Expr?)] = []
    while !current.isOp(")") {
      let param = try expectName()
      var fallback: Expr?
      if current.isOp("=") {
        advance()
        fallback = try parseExpression()
      }
      parameters.append((param, fallback))
      if !current.isOp(",") { break }
      advance()
    }
    try expectOp(")")
    return parameters
  }

  private mutating func parseWith() throws -> Node {
    var assignments: [(String, Expr)] = []
    while case .name = current.kind {
      let target = try expectName()
      try expectOp("=")
      assignments.append((target, try parseExpression()))
      if !current.isOp(",") { break }
      advance()
    }
    try expectBlockEnd()
    let (body, _) = try parseBody(until: ["endwith"])
    try expectBlockEnd()
    return .with(assignments, body)
  }

  /// `name(args) | name ...` of a filter block or a filtered set block.
  private mutating func parseFilterChain() throws -> [(String, Expr.Arguments, Location)] {
    var filters: [(String, Expr.Arguments, Location)] = []
    repeat {
      if current.isOp("|") { advance() }
      let loc = current.loc
      let filterName = try expectName()
      let args = current.isOp("(") ? try parseArguments() : Expr.Arguments()
      filters.append((filterName, args, loc))
    } while current.isOp("|")
    return filters
  }

  private mutating func parseFilterBlock() throws -> Node {
    let filters = try parseFilterChain()
    try expectBlockEnd()
    let (body, _) = try parseBody(until: ["endfilter"])
    try expectBlockEnd()
    return .filterBlock(filters, body)
  }
}
