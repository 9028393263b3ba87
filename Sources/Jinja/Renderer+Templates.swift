import ValueModel

/// Templates reaching other templates, as jinja2 runs them: inheritance (`extends`,
/// `block`, `super()`, `self.name()`), `include`, `import`/`from`, `{% call %}` and loop
/// controls. Other templates come from the session's loader only.
extension Renderer {
  /// Whether output is dropped: a parent was named by `extends` and this is the template's
  /// top level (everything the child shows goes through the parent's blocks).
  var silenced: Bool { parent != nil && captureDepth == 0 }

  /// Renders `nodes` into a string of their own (a `set` or `filter` body).
  func capture(_ nodes: [Node]) throws -> String {
    captureDepth += 1
    defer { captureDepth -= 1 }
    return try render(nodes)
  }

  /// Renders a whole template, then each parent an `extends` named, with the blocks of
  /// the most derived template first.
  func renderRoot(_ template: Template) throws -> String {
    for (name, block) in template.blocks { blocks[name] = [BlockReference(block: block, templateName: template.name)] }
    extendsChain = [template.name]
    var out = ""
    try render(template.nodes, into: &out)
    let savedName = templateName
    defer { templateName = savedName }
    while let next = parent {
      parent = nil
      templateName = next.name
      try render(next.nodes, into: &out)
    }
    return out
  }

  func renderTemplateStatement(_ node: Node, into out: inout String) throws {
    switch node {
    case .block(let block):
      if silenced { return }
      // whether the body sees the loop around it is up to the block where it is placed
      let text: String
      do {
        text = blocks[block.name] == nil
          ? try renderBlock(BlockReference(block: block, templateName: templateName), name: block.name, index: 0, scoped: block.scoped)
          : try renderBlock(block.name, index: 0, scoped: block.scoped)
      } catch {
        throw located(error, block.loc)
      }
      try append(text, to: &out, block.loc)
    case .extends(let expr, let loc):
      do {
        try extend(expr)
      } catch {
        throw located(error, loc)
      }
    case .include(let include):
      if silenced { return }
      let text: String
      do {
        text = try renderInclude(include)
      } catch {
        throw located(error, include.loc)
      }
      try append(text, to: &out, include.loc)
    case .importTemplate(let imported):
      do {
        try importTemplate(imported)
      } catch {
        throw located(error, imported.loc)
      }
    case .callBlock(let block):
      if silenced { return }
      guard case .call(let callee, let argExprs) = block.call.kind else { return }
      let args = try evaluateArguments(argExprs)
      let caller = Callable.caller(block.caller, scopes: scopes, owner: self)
      let value: Value
      do {
        guard let v = try callTemplateCallable(callee, args, caller: caller) else {
          throw EvalError("'\(describeCallee(callee))' is not a macro: only macros take a call block")
        }
        value = v
      } catch {
        throw located(error, block.call.loc)
      }
      try append(value.text, to: &out, block.call.loc)
    case .loopControl(let isBreak, _):
      throw isBreak ? LoopSignal.breakLoop : LoopSignal.continueLoop
    default:
      break
    }
  }

  private func describeCallee(_ e: Expr) -> String {
    switch e.kind {
    case .name(let n): return n
    case .attribute(let t, let n): return describeCallee(t) + "." + n
    default: return "value"
    }
  }

  // MARK: inheritance

  private func extend(_ expr: Expr) throws {
    if parent != nil { throw EvalError("extended multiple times") }
    let name = try evaluateDefined(expr).text
    if extendsChain.contains(name) {
      throw EvalError("\(Limits.recursionMessage): '\(name)' extends itself (\((extendsChain + [name]).joined(separator: " extends ")))")
    }
    guard let template = try session.load([name], ignoreMissing: false, statement: "extends") else { return }
    extendsChain.append(name)
    parent = template
    for (blockName, block) in template.blocks {
      blocks[blockName, default: []].append(BlockReference(block: block, templateName: template.name))
    }
  }

  /// Renders the `index`th block of that name (0: the most derived; `super()` goes on).
  func renderBlock(_ name: String, index: Int, scoped: Bool? = nil) throws -> String {
    guard let chain = blocks[name], index < chain.count else {
      throw EvalError("there is no parent block called '\(name)'")
    }
    return try renderBlock(chain[index], name: name, index: index, scoped: scoped)
  }

  private func renderBlock(_ reference: BlockReference, name: String, index: Int, scoped: Bool?) throws -> String {
    let block = reference.block
    if block.required { throw EvalError("Required block '\(name)' not found") }
    let savedScopes = scopes
    let savedName = templateName
    blockStack.append((name, index))
    scopes = scoped ?? block.scoped ? scopes + [[:]] : [scopes[0], [:]]
    templateName = reference.templateName
    captureDepth += 1
    defer {
      captureDepth -= 1
      templateName = savedName
      scopes = savedScopes
      blockStack.removeLast()
    }
    return try session.nested("block '\(name)'") { try render(block.body) }
  }

  // MARK: include and import

  /// The names an `include` gives: a string, or a list of them (the first found is used).
  private func templateNames(_ expr: Expr) throws -> [String] {
    let value = try evaluateDefined(expr)
    if case .list(let items) = value { return try items.map { try $0.requireDefined().text } }
    return [value.text]
  }

  private func renderInclude(_ include: Node.Include) throws -> String {
    let template: Template
    do {
      guard let found = try session.load(try templateNames(include.template), ignoreMissing: include.ignoreMissing, statement: "include") else {
        return ""
      }
      template = found
    } catch {
      throw located(error, include.loc)
    }
    // the included template sees the variables in force, but not a loop's `loop`, as in jinja2
    let visible = [scopes[0]] + scopes.dropFirst().map { $0.filter { $0.key != "loop" } }
    let sub = Renderer(
      scopes: include.withContext ? visible : [[:]], templateName: template.name,
      resolver: include.withContext ? resolver : nil, session: session)
    if include.withContext { sub.callables = callables.mapValues { $0.owned(by: self) } }
    return try session.nested("including '\(template.name)'") { try sub.renderRoot(template) }
  }

  private func importTemplate(_ imported: Node.Import) throws {
    let name = try evaluateDefined(imported.template).text
    if session.importing.contains(name) {
      throw EvalError("\(Limits.recursionMessage): '\(name)' imports itself (\((session.importing + [name]).joined(separator: " imports ")))")
    }
    session.importing.append(name)
    defer { session.importing.removeLast() }
    guard let template = try session.load([name], ignoreMissing: false, statement: "import") else { return }
    let sub = Renderer(
      scopes: imported.withContext ? [scopes[0]] : [[:]], templateName: template.name,
      resolver: imported.withContext ? resolver : nil, session: session)
    _ = try session.nested("importing '\(template.name)'") { try sub.renderRoot(template) }
    let module = ImportedModule(renderer: sub)
    if let alias = imported.alias {
      callables[alias] = .module(module)
      return
    }
    for (exportedName, alias) in imported.names {
      if case .macro(let macro, let owner)? = sub.callables[exportedName] {
        callables[alias] = .macro(macro, owner: owner ?? sub)
      } else if let value = module.exported(exportedName) {
        assign(alias, value)
      } else {
        throw EvalError("the template '\(name)' does not export the requested name '\(exportedName)'")
      }
    }
  }

  // MARK: calls

  /// Calls a macro, `caller`, `super()`, `self.block()` or an imported template's macro
  /// that `callee` names; nil when it names none of them.
  func callTemplateCallable(_ callee: Expr, _ args: CallArguments, caller: Callable?) throws -> Value? {
    switch callee.kind {
    case .name(let n):
      switch callables[n] {
      case .macro(let macro, let owner)?:
        return try (owner ?? self).invoke(macro, args, caller: caller)
      case .caller(let body, let savedScopes, let owner)?:
        return try owner.invokeCaller(body, scopes: savedScopes, args)
      case .module?:
        throw EvalError("'\(n)' is an imported template, not a macro")
      case nil:
        if n == "super", let (name, index) = blockStack.last { return .string(try renderBlock(name, index: index + 1)) }
        return nil
      }
    case .attribute(let target, let attribute):
      guard case .name(let n) = target.kind else { return nil }
      if case .module(let module)? = callables[n] {
        guard case .macro(let macro, let owner)? = module.renderer.callables[attribute] else {
          throw EvalError("the template imported as '\(n)' has no macro '\(attribute)'")
        }
        return try (owner ?? module.renderer).invoke(macro, args, caller: caller)
      }
      if n == "self", !isVariable("self") { return .string(try renderBlock(attribute, index: 0)) }
      return nil
    default:
      return nil
    }
  }

  /// `m.name` for a template imported as `m`: the variable it exported.
  func importedAttribute(_ target: Expr, _ attribute: String) -> Value? {
    guard case .name(let n) = target.kind, case .module(let module)? = callables[n] else { return nil }
    return module.exported(attribute) ?? .undefined("\(n).\(attribute)")
  }

  private func isVariable(_ name: String) -> Bool {
    scopes.contains { $0[name] != nil }
  }

  /// Runs a `{% call %}` body with the scopes where it was written plus its parameters.
  func invokeCaller(_ body: Node.Macro, scopes callSite: [ValueDict], _ args: CallArguments) throws -> Value {
    let saved = scopes
    scopes = callSite + [[:]]
    captureDepth += 1
    defer {
      captureDepth -= 1
      scopes = saved
    }
    try bindParameters(body, args)
    return .string(try render(body.body))
  }
}
