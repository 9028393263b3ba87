/// What every template of one render shares: the top template's options (which apply to
/// what it includes and imports, as Ansible's overlay environment does), the lookups and
/// loader the caller allowed, the loop budget, and the templates loaded so far.
final class RenderSession {
  let options: TemplateOptions
  /// Runs `lookup()`/`query()`; nil when the caller allows no lookups.
  let lookups: (any LookupProvider)?
  /// Finds `extends`/`include`/`import` names; nil when the caller allows no other templates.
  let loader: (any TemplateLoader)?
  /// Loop iterations so far in this render, and how many are allowed (`Limits.maxIterations`;
  /// tests lower it to reach it quickly).
  var iterations = 0
  var maxIterations = Limits.maxIterations
  /// Templates parsed in this render, by name, so a template included in a loop is parsed once.
  private var cache: [String: Template] = [:]
  /// The templates being imported, outermost first: importing one of them again would
  /// never end, so it is an error naming the chain.
  var importing: [String] = []

  /// Templates and blocks rendering inside one another now (`Limits.maxTemplateNesting`).
  private var nesting = 0

  /// Runs `body` one template level deeper; `what` names the level for the error.
  func nested<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    if nesting >= Limits.maxTemplateNesting {
      throw EvalError("\(Limits.recursionMessage): templates nested more than \(Limits.maxTemplateNesting) levels deep (\(what()))")
    }
    nesting += 1
    defer { nesting -= 1 }
    return try EvaluationDepth.rendering(body)
  }

  init(options: TemplateOptions, lookups: (any LookupProvider)?, loader: (any TemplateLoader)?) {
    self.options = options
    self.lookups = lookups
    self.loader = loader
  }

  /// The first of `names` that exists, parsed with the session's options; nil when none does
  /// and `ignoreMissing`. `statement` names what asked (`include`, ...) for the error.
  func load(_ names: [String], ignoreMissing: Bool, statement: String) throws -> Template? {
    guard let loader else {
      throw EvalError("\(statement) of '\(names.first ?? "")' is not available here: no template search path was given")
    }
    for name in names {
      if let cached = cache[name] { return cached }
      guard let source = try loader.source(of: name) else { continue }
      var options = self.options
      // jinja2's default, which Ansible keeps for included templates: their last newline goes
      options.keepTrailingNewline = false
      options.preserveTrailingNewlines = false
      let template = try Template(loaded: source.text, name: name, path: source.path, options: options)
      cache[name] = template
      return template
    }
    if ignoreMissing { return nil }
    if names.count == 1 { throw EvalError(loader.notFound(names[0])) }
    throw EvalError("none of the templates given were found: " + names.map { "'\($0)'" }.joined(separator: ", "))
  }
}
