/// The statements that reach other templates (`extends`, `include`, `import`, `from`),
/// `block` and `call`, parsed as jinja2 parses them.
extension Parser {
  mutating func parseBlock(_ loc: Location) throws -> Node {
    let blockName = try expectName()
    var scoped = false
    var required = false
    while current.isName("scoped") || current.isName("required") {
      if current.isName("scoped") { scoped = true } else { required = true }
      advance()
    }
    try expectBlockEnd()
    let (body, _) = try parseBody(until: ["endblock"])
    if case .name(let closing) = current.kind {
      guard closing == blockName else { throw error("mismatching name of block: '\(closing)' closes '\(blockName)'") }
      advance()
    }
    try expectBlockEnd()
    if required, !body.allSatisfy({ if case .text(let t) = $0 { t.allSatisfy(\.isWhitespace) } else { false } }) {
      throw error("Required blocks can only contain comments or whitespace", at: tokens[max(index - 1, 0)])
    }
    return .block(Node.Block(name: blockName, body: body, scoped: scoped, required: required, loc: loc))
  }

  mutating func parseExtends(_ start: Token) throws -> Node {
    guard bodyDepth == 0 else { throw error("cannot use extend from a non top-level scope", at: start) }
    let parent = try parseExpression()
    try expectBlockEnd()
    return .extends(parent, start.loc)
  }

  mutating func parseInclude(_ loc: Location) throws -> Node {
    let template = try parseExpression()
    var ignoreMissing = false
    if current.isName("ignore"), peek().isName("missing") {
      advance()
      advance()
      ignoreMissing = true
    }
    let withContext = parseContextModifier(default: true)
    try expectBlockEnd()
    return .include(Node.Include(template: template, ignoreMissing: ignoreMissing, withContext: withContext, loc: loc))
  }

  mutating func parseImport(_ loc: Location) throws -> Node {
    let template = try parseExpression()
    guard current.isName("as") else { throw error("expected 'as', got \(describe(current))") }
    advance()
    let alias = try expectName()
    let withContext = parseContextModifier(default: false)
    try expectBlockEnd()
    return .importTemplate(Node.Import(template: template, alias: alias, names: [], withContext: withContext, loc: loc))
  }

  mutating func parseFromImport(_ loc: Location) throws -> Node {
    let template = try parseExpression()
    guard current.isName("import") else { throw error("expected 'import', got \(describe(current))") }
    advance()
    var names: [(String, String)] = []
    while case .name = current.kind, !isContextModifier {
      let imported = try expectName()
      if imported.hasPrefix("_") { throw error("names starting with an underline can not be imported") }
      var alias = imported
      if current.isName("as") {
        advance()
        alias = try expectName()
      }
      names.append((imported, alias))
      guard current.isOp(",") else { break }
      advance()
    }
    if names.isEmpty { throw error("expected a name to import, got \(describe(current))") }
    let withContext = parseContextModifier(default: false)
    try expectBlockEnd()
    return .importTemplate(Node.Import(template: template, alias: nil, names: names, withContext: withContext, loc: loc))
  }

  private var isContextModifier: Bool {
    (current.isName("with") || current.isName("without")) && peek().isName("context")
  }

  /// `with context` / `without context`, or `fallback` when neither is written.
  private mutating func parseContextModifier(default fallback: Bool) -> Bool {
    guard isContextModifier else { return fallback }
    let with = current.isName("with")
    advance()
    advance()
    return with
  }

  mutating func parseCallBlock() throws -> Node {
    var parameters: [(String, Expr?)] = []
    if current.isOp("(") {
      advance()
      parameters = try parseParameters()
    }
    let call = try parseExpression()
    guard case .call = call.kind else { throw error("expected call", at: tokens[max(index - 1, 0)]) }
    try expectBlockEnd()
    let (body, _) = try parseBody(until: ["endcall"])
    try expectBlockEnd()
    return .callBlock(Node.CallBlock(caller: Node.Macro(name: "caller", parameters: parameters, body: body), call: call))
  }
}
