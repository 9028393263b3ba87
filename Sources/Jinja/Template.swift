/// A parsed template, ready to render many times with different variables.
public struct Template: Sendable {
  public let name: String
  public let options: TemplateOptions
  let nodes: [Node]

  public init(_ source: String, name: String = "<template>", options: TemplateOptions = .ansible) throws(TemplateError) {
    self.name = name
    self.options = options
    do {
      var text = source
      if !options.keepTrailingNewline, let last = text.last, last.isNewline { text.removeLast() }
      var parser = Parser(tokens: try Lexer.tokenize(text, name: name, options: options), name: name)
      nodes = try parser.parseTemplate()
    } catch {
      throw Template.wrap(error, name: name)
    }
  }

  static func wrap(_ error: Error, name: String) -> TemplateError {
    if let e = error as? TemplateError { return e }
    let message = (error as? EvalError)?.message ?? "\(error)"
    return TemplateError(templateName: name, line: 0, column: 0, message: message)
  }

  /// Renders to text, as Jinja2 does. `lookups` runs `lookup()`/`query()`; without it they
  /// fail, so a template can only reach files or commands when the caller allows it.
  public func render(
    _ context: [String: Value] = [:], lookups: (any LookupProvider)? = nil, resolver: (any VariableResolver)? = nil
  ) throws(TemplateError) -> String {
    do {
      let renderer = Renderer(context: context, templateName: name, lookups: lookups, resolver: resolver)
      renderer.noneAsEmpty = options.noneAsEmpty
      return try EvaluationDepth.rendering { try renderer.render(nodes) }
    } catch {
      throw Template.wrap(error, name: name)
    }
  }

  /// Renders the way Ansible's native Jinja does: a template that is a single `{{ expr }}`
  /// returns the value itself; other output is read back as a Python literal when it is one.
  public func renderNative(
    _ context: [String: Value] = [:], lookups: (any LookupProvider)? = nil, resolver: (any VariableResolver)? = nil
  ) throws(TemplateError) -> Value {
    if nodes.count == 1, case .output(let e) = nodes[0] {
      do {
        let renderer = Renderer(context: context, templateName: name, lookups: lookups, resolver: resolver)
        let value = try EvaluationDepth.rendering { try renderer.evaluate(e).requireDefined() }
        return value.isUndefined ? .string("") : value
      } catch {
        throw Template.wrap(error, name: name)
      }
    }
    let text = try render(context, lookups: lookups, resolver: resolver)
    return LiteralParser.parse(text) ?? .string(text)
  }

  /// Whether the source contains template syntax at all; plain strings need no rendering.
  public static func isTemplate(_ source: String) -> Bool {
    source.contains("{{") || source.contains("{%") || source.contains("{#")
  }
}
