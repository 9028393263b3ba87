/// Walks the syntax tree with a stack of variable scopes and produces text or values.
final class Renderer {
  private var scopes: [[String: Value]]
  private var macros: [String: Node.Macro] = [:]
  let templateName: String
  /// Ansible's finalize: None prints as nothing (TemplateOptions.noneAsEmpty).
  var noneAsEmpty = false
  /// Runs `lookup()`/`query()`; nil when the caller allows no lookups.
  let lookups: (any LookupProvider)?
  /// The macros being called, innermost last, so a runaway recursion can be named.
  private var macroStack: [String] = []
  /// Loop iterations so far in this render, and how many are allowed (`Limits.maxIterations`;
  /// tests lower it to reach it quickly).
  private var iterations = 0
  var maxIterations = Limits.maxIterations

  /// Resolves top-level variables before the context is asked; nil when there is none.
  let resolver: (any VariableResolver)?

  init(context: [String: Value], templateName: String, lookups: (any LookupProvider)? = nil,
       resolver: (any VariableResolver)? = nil) {
    scopes = [context]
    self.templateName = templateName
    self.lookups = lookups
    self.resolver = resolver
  }

  /// The variables the template was rendered with (what Ansible's `vars` lookup sees).
  var variables: [String: Value] { scopes[0] }

  func lookup(_ name: String) throws -> Value {
    for scope in scopes.dropFirst().reversed() {
      if let v = scope[name] { return v }
    }
    if let resolver, let v = try resolver.resolve(name) { return v }
    return scopes[0][name] ?? .undefined(name)
  }

  private func assign(_ name: String, _ value: Value) {
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
  private func append(_ piece: String, to out: inout String, _ loc: Location?) throws {
    do {
      try Limits.checkString(bytes: Limits.sum(out.utf8.count, piece.utf8.count), "the rendered output")
    } catch {
      throw located(error, loc ?? Location(line: 0, column: 0))
    }
    out += piece
  }

  // Block nesting is bounded by the parser, and macro calls pass through `evaluate`, so
  // rendering itself needs no depth count.
  private func render(_ nodes: [Node], into out: inout String) throws {
    for node in nodes {
      switch node {
      case .text(let s):
        try append(s, to: &out, nil)
      case .output(let e):
        let v = try evaluate(e)
        do {
          let shown = try v.requireDefined()
          if noneAsEmpty, shown == .none { continue }
          try Limits.checkText(shown, "printing the value")
          try append(shown.text, to: &out, e.loc)
        } catch {
          throw located(error, e.loc)
        }
      case .ifBlock(let branches, let otherwise):
        var done = false
        for (condition, body) in branches where try truth(condition) {
          try render(body, into: &out)
          done = true
          break
        }
        if !done { try render(otherwise, into: &out) }
      case .forLoop(let loop):
        try renderFor(loop, into: &out)
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
        assign(name, .string(try render(body)))
      case .macro(let macro):
        macros[macro.name] = macro
      case .with(let assignments, let body):
        scopes.append([:])
        defer { scopes.removeLast() }
        for (name, e) in assignments { assign(name, try evaluate(e)) }
        try render(body, into: &out)
      case .filterBlock(let filters, let body):
        var value = Value.string(try render(body))
        for (name, args, loc) in filters {
          do {
            value = try BuiltinFilters.apply(name, value, try evaluateArguments(args), renderer: self)
          } catch {
            throw located(error, loc)
          }
        }
        try append(value.text, to: &out, filters.first?.2)
      }
    }
  }

  /// Calls a macro in a scope holding only the template's variables and its parameters.
  func callMacro(_ name: String, _ args: CallArguments) throws -> Value? {
    guard let macro = macros[name] else { return nil }
    if args.positional.count > macro.parameters.count {
      throw EvalError("macro '\(name)' takes no more than \(macro.parameters.count) argument(s)")
    }
    macroStack.append(name)
    let saved = scopes
    scopes = [scopes[0], [:]]
    defer {
      scopes = saved
      macroStack.removeLast()
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
    return .string(try render(macro.body))
  }

  private func truth(_ e: Expr) throws -> Bool {
    let v = try evaluate(e)
    do {
      return try v.requireDefined().isTruthy
    } catch {
      throw located(error, e.loc)
    }
  }

  private func bind(_ targets: [String], _ value: Value, loc: Location) throws {
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
    iterations += 1
    if iterations > maxIterations {
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
      try render(loop.body, into: &out)
    }
  }
}
