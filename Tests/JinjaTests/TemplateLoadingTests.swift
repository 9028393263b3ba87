import Foundation
import Testing

@testable import Jinja
import ValueModel

/// Templates that reach other templates (`extends`/`block`, `include`, `import`/`from`),
/// call blocks, loop controls and the lexer options, checked against Python's jinja2
/// (scripts/jinja-templates-oracle.py writes Fixtures/templates.json), plus Ansible's
/// `#jinja2:` header and the bounds on templates that load each other.
struct TemplateLoadingTests {
  struct Case {
    var files: [String: String]
    var main: String
    var context: ValueDict
    var options: TemplateOptions
    var output: String?
  }

  static func loadCases() throws -> [Case] {
    let url = try #require(Bundle.module.url(forResource: "templates", withExtension: "json", subdirectory: "Fixtures"))
    guard case .list(let entries) = try JSON.decode(try String(contentsOf: url, encoding: .utf8)) else { throw CaseError.badShape }
    return try entries.map { entry in
      guard case .dict(let d) = entry, case .dict(let files)? = d["files"], case .string(let main)? = d["main"],
        case .dict(let context)? = d["context"], case .dict(let o)? = d["options"]
      else { throw CaseError.badShape }
      var options = TemplateOptions.jinja
      options.trimBlocks = o["trim_blocks"]?.isTruthy ?? true
      options.lstripBlocks = o["lstrip_blocks"]?.isTruthy ?? false
      options.loopControls = o["loopcontrols"]?.isTruthy ?? false
      if let s = o["variable_start_string"]?.stringValue { options.variableStart = s }
      if let s = o["variable_end_string"]?.stringValue { options.variableEnd = s }
      if let s = o["block_start_string"]?.stringValue { options.blockStart = s }
      if let s = o["block_end_string"]?.stringValue { options.blockEnd = s }
      if let s = o["comment_start_string"]?.stringValue { options.commentStart = s }
      if let s = o["comment_end_string"]?.stringValue { options.commentEnd = s }
      if let s = o["newline_sequence"]?.stringValue { options.newlineSequence = s }
      var ctx: ValueDict = [:]
      for (k, v) in context.elements { ctx[k] = v }
      var texts: [String: String] = [:]
      for (k, v) in files.elements { texts[k] = v.stringValue }
      return Case(files: texts, main: main, context: ctx, options: options, output: d["output"]?.stringValue)
    }
  }

  enum CaseError: Error { case badShape }

  static func render(_ c: Case) -> Result<String, TemplateError> {
    do {
      let template = try Template(c.files[c.main] ?? "", name: c.main, options: c.options)
      return .success(try template.render(c.context, loader: DictionaryTemplateLoader(c.files)))
    } catch {
      return .failure(error)
    }
  }

  @Test func everyCaseMatchesJinja2() throws {
    let cases = try Self.loadCases()
    #expect(cases.count >= 60)
    var failures: [String] = []
    for (i, c) in cases.enumerated() {
      switch (c.output, Self.render(c)) {
      case (let expected?, .success(let got)) where expected != got:
        failures.append("case \(i) \(c.main): expected \(expected.debugDescription), got \(got.debugDescription)")
      case (_?, .failure(let e)):
        failures.append("case \(i) \(c.files[c.main].debugDescription): unexpected error \(e)")
      case (nil, .success(let got)):
        failures.append("case \(i) \(c.files[c.main].debugDescription): expected an error, got \(got.debugDescription)")
      default:
        break
      }
    }
    #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) of \(cases.count) cases failed:\n" + failures.joined(separator: "\n")))
  }

  @Test func withoutALoaderNoOtherTemplateIsRead() throws {
    let template = try Template("{% include 'x.j2' %}", name: "t.j2")
    #expect(throws: TemplateError(
      templateName: "t.j2", line: 1, column: 4,
      message: "include of 'x.j2' is not available here: no template search path was given")) {
      try template.render()
    }
  }

  @Test func errorsNameTheTemplateTheyAreIn() throws {
    let loader = DictionaryTemplateLoader(["inc.j2": "ok\n{{ missing }}"])
    let template = try Template("a\n{% include 'inc.j2' %}", name: "main.j2")
    #expect(throws: TemplateError(templateName: "inc.j2", line: 2, column: 4, message: "'missing' is undefined")) {
      try template.render(loader: loader)
    }
    #expect(throws: TemplateError(templateName: "main.j2", line: 2, column: 4, message: "template not found: 'nope.j2'")) {
      try Template("a\n{% include 'nope.j2' %}", name: "main.j2").render(loader: loader)
    }
  }

  @Test func inheritanceAndImportCyclesEndInARecursionError() throws {
    let loader = DictionaryTemplateLoader([
      "a.j2": "{% extends 'b.j2' %}", "b.j2": "{% extends 'a.j2' %}",
      "i.j2": "{% import 'j.j2' as j %}", "j.j2": "{% import 'i.j2' as i %}",
      "self.j2": "x{% include 'self.j2' %}",
      "blk.j2": "{% block b %}{{ self.b() }}{% endblock %}",
    ])
    for name in ["a.j2", "i.j2", "self.j2", "blk.j2"] {
      do {
        _ = try Template(try #require(loader.templates[name]), name: name).render(loader: loader)
        Issue.record("\(name) rendered")
      } catch let error as TemplateError {
        #expect(error.message.hasPrefix(Limits.recursionMessage), "\(name): \(error)")
        #expect(error.line == 1, "\(name): \(error)")
      } catch {
        Issue.record("\(name): \(error)")
      }
    }
    #expect(EvaluationDepth.current == 0)
  }

  @Test func fileLoaderSearchesEachFolderInOrder() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("jinja-loader-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    for (path, text) in [("one/a.j2", "one"), ("two/a.j2", "two"), ("two/b.j2", "b from two"), ("two/sub/c.j2", "c")] {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let loader = FileTemplateLoader(searchPath: [root.path + "/one", root.path + "/two"])
    #expect(try loader.source(of: "a.j2")?.text == "one")
    #expect(try loader.source(of: "b.j2")?.text == "b from two")
    #expect(try loader.source(of: "./sub//c.j2")?.text == "c")
    #expect(try loader.source(of: "../two/a.j2") == nil)
    #expect(try loader.source(of: "sub") == nil)
  }

  // The folders follow ansible-core 2.19's template action and template lookup (the
  // searchpath they give jinja2's FileSystemLoader); the order decides which file wins.
  @Test func templateSearchPathsAsAnsibleGivesThem() {
    let search = FileSearchPath(paths: ["/r/role", "/r/role/tasks"], baseDirectory: "/r")
    #expect(search.templateFolders(templateFile: "/r/role/templates/sub/a.j2") == [
      "/r/role/templates", "/r/role", "/r/role/tasks/templates", "/r/role/tasks", "/r/templates", "/r",
      "/r/role/templates/sub/templates", "/r/role/templates/sub",
    ])
    #expect(search.lookupTemplateFolders(templateFile: "/r/role/templates/sub/a.j2") == [
      "/r/role/templates/sub", "/r/role/templates", "/r/role", "/r/role/tasks/templates", "/r/role/tasks",
    ])
  }

  @Test func templateLookupIncludesBesideItsTemplateAndImportsFromTheRole() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("jinja-lookup-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let files = [
      "role/templates/sub/a.j2": "{% import 'm.j2' as m %}{% include 'b.j2' %}|{{ m.twice(x) }}\n",
      "role/templates/sub/b.j2": "b{{ x }}\n", "role/templates/m.j2": "{% macro twice(v) %}{{ v }}{{ v }}{% endmacro %}",
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let lookups = LocalLookups(baseDirectory: root, searchPaths: [root.path + "/role", root.path + "/role/tasks"], environment: [:])
    let result = try lookups.run("template", terms: [.string("sub/a.j2")], options: [:], variables: ["x": .int(3)])
    // the include drops b.j2's newline (jinja2), a.j2's own final newline is kept (Ansible)
    #expect(result == [.string("b3|33\n")])
  }

  // The `#jinja2:` header is Ansible's, not jinja2's: these cases follow ansible-core 2.19's
  // TemplateOverrides._extract_template_overrides (checked with `ansible -m debug`).
  @Test func jinja2HeaderOverridesTheOptions() throws {
    let source = "#jinja2: variable_start_string: '[%', variable_end_string: '%]', trim_blocks: False\n[% x %] {{ x }}\n{% if true %}\nyes{% endif %}"
    let template = try Template(source, name: "h.j2", options: .ansible)
    #expect(template.options.variableStart == "[%")
    #expect(template.options.trimBlocks == false)
    #expect(try template.render(["x": .int(1)]) == "1 {{ x }}\n\nyes")
    #expect(Template.isTemplate("#jinja2: trim_blocks: False\nplain"))
  }

  @Test func jinja2HeaderErrorsAsAnsible() {
    let cases = [
      ("#jinja2: trim_blocks: False", "Missing newline after '#jinja2:' override."),
      ("#jinja2: trim_blocks: False,\nx", "Empty '#jinja2:' override pair not allowed."),
      ("#jinja2: trim_blocks False\nx", "Missing key-value separator `:` in '#jinja2:' override pair ' trim_blocks False'."),
      ("#jinja2: autoescape: True\nx", "Invalid '#jinja2:' override key 'autoescape'."),
    ]
    for (source, message) in cases {
      #expect(throws: TemplateError(templateName: "h.j2", line: 1, column: 1, message: "Syntax error in template: " + message)) {
        try Template(source, name: "h.j2")
      }
    }
  }

  @Test func includedTemplatesUseTheTopTemplatesDelimitersButNotTheirOwnHeader() throws {
    let loader = DictionaryTemplateLoader(["inc.j2": "#jinja2: variable_start_string: '<<'\n[% x %]"])
    let template = try Template("#jinja2: variable_start_string: '[%', variable_end_string: '%]'\n{% include 'inc.j2' %}", name: "m.j2")
    #expect(try template.render(["x": .int(7)], loader: loader) == "#jinja2: variable_start_string: '<<'\n7")
  }

  @Test func loopControlsAreOffAsInAnsible() {
    #expect(throws: TemplateError(templateName: "t", line: 1, column: 22, message: "unknown tag 'break'")) {
      try Template("{% for i in [1] %}{% break %}{% endfor %}", name: "t")
    }
  }
}
