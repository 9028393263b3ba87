import ValueModel

/// Walks the syntax tree with a stack of variable scopes and produces text or values.
final class Renderer {
  var scopes: [ValueDict]
  /// Macros, imported templates and `caller`, by name (they are not values).
  var callables: [String: Callable] = [:]
  /// The template whose nodes are being rendered, for error locations.
  var templateName: String
  /// Ansible's finalize: None prints as nothing (TemplateOptions.noneAsEmpty).
  var noneAsEmpty: Bool
  /// What the templates of this render share (options, lookups, loader, loop budget).
  let session: RenderSession
  /// Runs `lookup()`/`query()`; nil when the caller allows no lookups.
  var lookups: (any LookupProvider)? { session.lookups }
  /// The macros being called, innermost last, so a runaway recursion can be named.
  var macroStack: [String] = []
  /// How many loop iterations one render may run (`Limits.maxIterations`).
  var maxIterations: Int {
    get { session.maxIterations }
    set { session.maxIterations = newValue }
  }

  /// Resolves top-level variables before the context is asked; nil when there is none.
  let resolver: (any VariableResolver)?

  /// Template inheritance: every template's blocks by name, the most derived first (what
  /// `super()` walks), the blocks being rendered, and the parent an executed `extends`
  /// named. Once there is a parent, top-level output is dropped, as in jinja2.
  var blocks: [String: [BlockReference]] = [:]
  var blockStack: [(name: String, index: Int)] = []
  var parent: Template?
  /// Output captured rather than written (blocks, macros, `set` and `filter` bodies), where
  /// a pending parent does not silence it.
  var captureDepth = 0
  /// The templates of the inheritance chain so far, to stop one that extends itself.
  var extendsChain: [String] = []
  /// Names this template set at its top level, in order: what an import exports.
  var exported: [String] = []

  init(context: ValueDict, templateName: String, lookups: (any LookupProvider)? = nil,
       resolver: (any VariableResolver)? = nil, loader: (any TemplateLoader)? = nil, options: TemplateOptions = .jinja) {
    scopes = [context]
    self.templateName = templateName
    self.resolver = resolver
    session = RenderSession(options: options, lookups: lookups, loader: loader)
    noneAsEmpty = options.noneAsEmpty
  }

  /// A renderer for another template of the same render (an include or an import).
  init(scopes: [ValueDict], templateName: String, resolver: (any VariableResolver)?, session: RenderSession) {
    self.scopes = scopes
    self.templateName = templateName
    self.resolver = resolver
    self.session = session
    noneAsEmpty = session.options.noneAsEmpty
  }

  /// The variables the template was rendered with (what Ansible's `vars` lookup sees).
  var variables: ValueDict { scopes[0] }

  func lookup(_ name: String) throws -> Value {
    for scope in scopes.dropFirst().reversed() {
      if let v = scope[name] { return v }
    }
    if let resolver, let v = try resolver.resolve(name) { return v }
    return scopes[0][name] ?? .undefined(name)
  }

  func assign(_ name: String, _ value: Value) {
    if scopes.count == 1, !exported.contains(name) { exported.append(name) }
    scopes[scopes.count - 1][name] = value
  }

  /// Places an error raised without a location (an `EvalError`, or a resolver's
  /// `TemplateError` at line 0) at `loc` in this template.
  func located(_ error: Error, _ loc: Location) -> Error {
    if let e = error as? EvalError {
      return TemplateError(templateName: templateName, line: loc.line, column: loc.column, message: e.message)
    }
    if let e = error as? TemplateError, e.line == 0 {
      return TemplateError(templateName: templateName, line: loc.line, column: loc.column, message: e.message)
    }
    return error
  }

  func render(_ nodes: [Node]) throws -> String {
    var out = ""
    try render(nodes, into: &out)
    return out
  }

  /// Counts one more level of evaluation on this thread (see `EvaluationDepth`), failing
  /// past `Limits.maxEvaluationDepth`; pair with `leave()`.
  func enter(_ loc: Location) throws {
    let depth = EvaluationDepth.current + 1
    if depth > Limits.maxEvaluationDepth {
      let detail = macroStack.last.map { " while calling macro '\($0)'" } ?? ""
      throw TemplateError(templateName: templateName, line: loc.line, column: loc.column, message: Limits.recursionMessage + detail)
    }
    EvaluationDepth.current = depth
  }

  func leave() { EvaluationDepth.current -= 1 }

  /// Appends to the output, which may not grow past `Limits.maxSize`.
  func append(_ piece: String, to out: inout String, _ loc: Location?) throws {
    if silenced { return }
    do {
      try Limits.checkString(bytes: Limits.sum(out.utf8.count, piece.utf8.count), "the rendered output")
    } catch {
      throw located(error, loc ?? Location(line: 0, column: 0))
    }
    out += piece
  }

  // Block nesting is bounded by the parser, and macro calls pass through `evaluate`, so
  // rendering itself needs no depth count. Macro recursion runs through this function, so
  // each statement's work lives in a function of its own: a debug build reserves stack for
  // the locals of every case, and a small frame here lets recursion reach jinja2's depth.
  func render(_ nodes: [Node], into out: inout String) throws {
    for node in nodes {
      switch node {
      case .text(let s):
        try append(s, to: &out, nil)
      case .output(let e):
        try renderOutput(e, into: &out)
      case .ifBlock(let branches, let otherwise):
        try renderIf(branches, otherwise, into: &out)
      case .forLoop(let loop):
        try renderFor(loop, into: &out)
      case .macro(let macro):
        callables[macro.name] = .macro(macro, owner: nil)
      case .set, .setAttribute, .setBlock:
        try renderAssignment(node)
      case .with(let assignments, let body):
        try renderWith(assignments, body, into: &out)
      case .filterBlock(let filters, let body):
        try renderFilterBlock(filters, body, into: &out)
      default:
        try renderTemplateStatement(node, into: &out)
      }
    }
  }

  private func renderOutput(_ e: Expr, into out: inout String) throws {
    if silenced { return }
    let v = try evaluate(e)
    do {
      let shown = try v.requireDefined()
      if noneAsEmpty, shown == .null { return }
      try Limits.checkText(shown, "printing the value")
      try append(shown.text, to: &out, e.loc)
    } catch {
      throw located(error, e.loc)
    }
  }

  private func renderIf(_ branches: [(Expr, [Node])], _ otherwise: [Node], into out: inout String) throws {
    for (condition, body) in branches where try truth(condition) {
      try render(body, into: &out)
      return
    }
    try render(otherwise, into: &out)
  }

  private func renderAssignment(_ node: Node) throws {
    switch node {
    case .set(let targets, let e, let loc):
      let v = try evaluate(e)
      try bind(targets, v, loc: loc)
    case .setAttribute(let name, let attr, let e, let loc):
      let v = try evaluate(e)
      guard let i = scopes.lastIndex(where: { $0[name] != nil }), case .dict(var d)? = scopes[i][name] else {
        throw located(EvalError("cannot assign attribute on '\(name)'"), loc)
      }
      do {
        try Limits.checkValue(v, "setting '\(name).\(attr)'")
      } catch {
        throw located(error, loc)
      }
      d[attr] = v
      scopes[i][name] = .dict(d)
    case .setBlock(let name, let body):
      assign(name, .string(try capture(body)))
    default:
      break
    }
  }

  private func renderWith(_ assignments: [(String, Expr)], _ body: [Node], into out: inout String) throws {
    scopes.append([:])
    defer { scopes.removeLast() }
    for (name, e) in assignments { assign(name, try evaluate(e)) }
    try render(body, into: &out)
  }

  private func renderFilterBlock(_ filters: [(String, Expr.Arguments, Location)], _ body: [Node], into out: inout String) throws {
    if silenced { return }
    var value = Value.string(try capture(body))
    for (name, args, loc) in filters {
      do {
        value = try BuiltinFilters.apply(name, value, try evaluateArguments(args), renderer: self)
      } catch {
        throw located(error, loc)
      }
    }
    try append(value.text, to: &out, filters.first?.2)
  }

  /// Runs `macro` (defined in this renderer's template) with `args`.
  func invoke(_ macro: Node.Macro, _ args: CallArguments, caller: Callable?) throws -> Value {
    if caller != nil, !macro.usesCaller {
      throw EvalError("macro '\(macro.name)' takes no keyword argument 'caller'")
    }
    macroStack.append(macro.name)
    let saved = scopes
    let savedCaller = callables["caller"]
    scopes = [scopes[0], [:]]
    if let caller { callables["caller"] = caller }
    captureDepth += 1
    defer {
      captureDepth -= 1
      scopes = saved
      callables["caller"] = savedCaller
      macroStack.removeLast()
    }
    try bindParameters(macro, args)
    return .string(try render(macro.body))
  }

  /// Binds a macro's parameters in the innermost scope: given, else the default, else undefined.
  func bindParameters(_ macro: Node.Macro, _ args: CallArguments) throws {
    if args.positional.count > macro.parameters.count {
      throw EvalError("macro '\(macro.name)' takes no more than \(macro.parameters.count) argument(s)")
    }
    for (i, (param, fallback)) in macro.parameters.enumerated() {
      if let v = args.get(i, param) {
        assign(param, v)
      } else if let fallback {
        assign(param, try evaluate(fallback))
      } else {
        assign(param, .undefined(param))
      }
    }
  }

  private func truth(_ e: Expr) throws -> Bool {
    let v = try evaluate(e)
    do {
      return try v.requireDefined().isTruthy
    } catch {
      throw located(error, e.loc)
    }
  }

  func bind(_ targets: [String], _ value: Value, loc: Location) throws {
    if targets.count == 1 {
      assign(targets[0], value)
      return
    }
    do {
      let items = try value.iterated()
      guard items.count == targets.count else {
        throw EvalError("cannot unpack \(items.count) values into \(targets.count) names")
      }
      for (t, v) in zip(targets, items) { assign(t, v) }
    } catch {
      throw located(error, loc)
    }
  }

  /// Counts one loop iteration against `Limits.maxIterations`, which nested loops over
  /// large ranges would otherwise spend hours on.
  private func count(_ loop: Node.ForLoop) throws {
    session.iterations += 1
    if session.iterations > maxIterations {
      throw TemplateError(
        templateName: templateName, line: loop.loc.line, column: loop.loc.column,
        message: "loops ran more than \(maxIterations) iterations in one template")
    }
  }

  private func renderFor(_ loop: Node.ForLoop, into out: inout String) throws {
    let iterable = try evaluate(loop.iterable)
    var items: [Value]
    do {
      items = try iterable.iterated()
    } catch {
      throw located(error, loop.iterable.loc)
    }
    if let condition = loop.condition {
      var kept: [Value] = []
      for item in items {
        try count(loop)
        scopes.append([:])
        defer { scopes.removeLast() }
        try bind(loop.targets, item, loc: loop.loc)
        if try truth(condition) { kept.append(item) }
      }
      items = kept
    }
    if items.isEmpty {
      try render(loop.otherwise, into: &out)
      return
    }
    let n = items.count
    // jinja2 runs `else` when no iteration reached the end of the body: with loop
    // controls, a loop that breaks or continues every time counts as empty
    var completed = false
    for (i, item) in items.enumerated() {
      try count(loop)
      var info = ValueDict()
      info["index"] = .int(i + 1)
      info["index0"] = .int(i)
      info["revindex"] = .int(n - i)
      info["revindex0"] = .int(n - i - 1)
      info["first"] = .bool(i == 0)
      info["last"] = .bool(i == n - 1)
      info["length"] = .int(n)
      info["depth"] = .int(1)
      info["depth0"] = .int(0)
      if i > 0 { info["previtem"] = items[i - 1] }
      if i < n - 1 { info["nextitem"] = items[i + 1] }
      scopes.append(["loop": .dict(info)])
      defer { scopes.removeLast() }
      try bind(loop.targets, item, loc: loop.loc)
      do {
        try render(loop.body, into: &out)
        completed = true
      } catch LoopSignal.continueLoop {
        continue
      } catch LoopSignal.breakLoop {
        break
      }
    }
    if !completed { try render(loop.otherwise, into: &out) }
  }
}
