import ValueModel

/// A parsed template, ready to render many times with different variables.
package struct Template: Sendable {
  package let name: String
  /// The options in force: the caller's, with a `#jinja2:` header's on top.
  package let options: TemplateOptions
  let nodes: [Node]
  /// Every `{% block %}` of the template, nested ones too, by name: what a template that
  /// extends this one may override.
  let blocks: [String: Node.Block]
  /// The newlines the source ends with, which Ansible's rendering restores.
  let trailingNewlines: Int

  /// Parses `source`. A first line `#jinja2: key: value, ...` overrides `options` for this
  /// template and the templates it includes or imports, as Ansible reads it.
  package init(_ source: String, name: String = "<template>", options: TemplateOptions = .ansible) throws(TemplateError) {
    let text: String
    let effective: TemplateOptions
    do {
      (text, effective) = try TemplateHeader.apply(source, to: options)
    } catch {
      throw TemplateError(templateName: name, line: 1, column: 1, message: "Syntax error in template: " + Template.wrap(error, name: name).message)
    }
    try self.init(loaded: text, name: name, path: name, options: effective, trailingNewlines: Template.trailingNewlines(source))
  }

  /// Parses a template as jinja2 parses one it loads: no header is read.
  init(loaded source: String, name: String, path: String, options: TemplateOptions, trailingNewlines: Int = 0) throws(TemplateError) {
    self.name = name
    self.options = options
    self.trailingNewlines = trailingNewlines
    do {
      try options.validate()
      var text = source
      if !options.keepTrailingNewline, let last = text.last, last.isNewline { text.removeLast() }
      var parser = Parser(tokens: try Lexer.tokenize(text, name: name, options: options), name: name)
      parser.loopControls = options.loopControls
      nodes = try parser.parseTemplate()
      blocks = try Template.collectBlocks(nodes, name: name)
    } catch {
      throw Template.wrap(error, name: name)
    }
  }

  static func wrap(_ error: Error, name: String) -> TemplateError {
    if let e = error as? TemplateError { return e }
    let message = (error as? EvalError)?.message ?? "\(error)"
    return TemplateError(templateName: name, line: 0, column: 0, message: message)
  }

  /// Renders to text, as Jinja2 does. `lookups` runs `lookup()`/`query()` and `loader`
  /// finds the templates `extends`, `include` and `import` name; without them those fail,
  /// so a template can only reach files or commands when the caller allows it.
  package func render(
    _ context: ValueDict = [:], lookups: (any LookupProvider)? = nil, resolver: (any VariableResolver)? = nil,
    loader: (any TemplateLoader)? = nil
  ) throws(TemplateError) -> String {
    do {
      let renderer = Renderer(context: context, templateName: name, lookups: lookups, resolver: resolver, loader: loader, options: options)
      var text = try EvaluationDepth.rendering { try renderer.renderRoot(self) }
      if options.preserveTrailingNewlines {
        let missing = trailingNewlines - Template.trailingNewlines(text)
        if missing > 0 { text += String(repeating: options.newlineSequence, count: missing) }
      }
      return text
    } catch {
      throw Template.wrap(error, name: name)
    }
  }

  /// Renders the way Ansible 2.19's templating does: a template that is a single `{{ expr }}`
  /// returns the value itself; anything else (text around it, several expressions, blocks)
  /// is text, never read back as a Python literal.
  package func renderNative(
    _ context: ValueDict = [:], lookups: (any LookupProvider)? = nil, resolver: (any VariableResolver)? = nil,
    loader: (any TemplateLoader)? = nil
  ) throws(TemplateError) -> Value {
    if nodes.count == 1, case .output(let e) = nodes[0] {
      do {
        let renderer = Renderer(context: context, templateName: name, lookups: lookups, resolver: resolver, loader: loader, options: options)
        let value = try EvaluationDepth.rendering { try renderer.evaluate(e).requireDefined() }
        if value.isUndefined { return .string("") }
        // The source's trailing newlines stay with a text result (`"{{ x }}\n"` is x's text
        // and a newline); any other value comes back as itself, as Ansible 2.19 gives it.
        if case .string(let text) = value, options.preserveTrailingNewlines, trailingNewlines > 0 {
          return .string(text + String(repeating: options.newlineSequence, count: max(0, trailingNewlines - Template.trailingNewlines(text))))
        }
        return value
      } catch {
        throw Template.wrap(error, name: name)
      }
    }
    return .string(try render(context, lookups: lookups, resolver: resolver, loader: loader))
  }

  /// Whether the source contains template syntax at all; plain strings need no rendering.
  /// A `#jinja2:` header makes a template too, as in Ansible.
  /// Every task asks this of every variable (facts included) of its host, so a string
  /// whose bytes hold no `{{`, `{%` or `{#` at all is answered by one byte scan; only one
  /// that does goes through the character comparison, which decides as before.
  package static func isTemplate(_ source: String) -> Bool {
    if !mayHoldDelimiter(source), !source.hasPrefix(TemplateHeader.prefix) { return false }
    return source.contains("{{") || source.contains("{%") || source.contains("{#") || source.hasPrefix(TemplateHeader.prefix)
  }

  /// Whether the UTF-8 bytes hold `{` followed by `{`, `%` or `#`: false means no
  /// character sequence can match those delimiters either.
  private static func mayHoldDelimiter(_ source: String) -> Bool {
    // Storage without contiguous bytes (rare) takes the character comparison.
    source.utf8.withContiguousStorageIfAvailable(scanForDelimiter) ?? true
  }

  private static func scanForDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count > 1 else { return false }
    var index = bytes.startIndex
    let end = bytes.endIndex - 1
    while index < end {
      if bytes[index] == UInt8(ascii: "{") {
        let next = bytes[index + 1]
        if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") { return true }
      }
      index += 1
    }
    return false
  }

  /// How many "\n" the text ends with, counted as Ansible counts them ("\r\n" ends the count).
  static func trailingNewlines(_ text: String) -> Int {
    var count = 0
    for scalar in text.unicodeScalars.reversed() {
      guard scalar == "\n" else { break }
      count += 1
    }
    return count
  }

  /// The blocks of `nodes` at any depth; a name used twice is an error, as in jinja2.
  private static func collectBlocks(_ nodes: [Node], name: String) throws -> [String: Node.Block] {
    var found: [String: Node.Block] = [:]
    var pending = nodes[...].reversed().map { $0 }
    while let node = pending.popLast() {
      var children: [Node] = []
      switch node {
      case .block(let b):
        if found[b.name] != nil {
          throw TemplateError(templateName: name, line: b.loc.line, column: b.loc.column, message: "block '\(b.name)' defined twice")
        }
        found[b.name] = b
        children = b.body
      case .ifBlock(let branches, let otherwise): children = branches.flatMap(\.1) + otherwise
      case .forLoop(let loop): children = loop.body + loop.otherwise
      case .setBlock(_, let body), .with(_, let body), .filterBlock(_, let body): children = body
      case .macro(let m): children = m.body
      case .callBlock(let c): children = c.caller.body
      default: break
      }
      pending += children.reversed()
    }
    return found
  }
}
