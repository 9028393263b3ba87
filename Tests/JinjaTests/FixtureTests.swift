import Foundation
import Testing

@testable import Jinja
import ValueModel

/// Checks the engine against cases rendered by Python's jinja2 (scripts/jinja-oracle.py).
struct FixtureTests {
  struct Case {
    var template: String
    var context: ValueDict
    var output: String?
    var options: TemplateOptions
  }

  static func loadCases() throws -> [Case] {
    let url = try #require(Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures"))
    let text = try String(contentsOf: url, encoding: .utf8)
    guard case .list(let entries) = try JSON.decode(text) else { throw FixtureError.badShape }
    return try entries.map { entry in
      guard case .dict(let d) = entry, case .string(let template)? = d["template"],
        case .dict(let context)? = d["context"]
      else { throw FixtureError.badShape }
      var ctx: ValueDict = [:]
      for (k, v) in context.elements { ctx[k] = v }
      var options = TemplateOptions.ansible
      options.noneAsEmpty = false   // the oracle is Jinja2 itself, with keep_trailing_newline
      options.keepTrailingNewline = true
      options.preserveTrailingNewlines = false
      if case .dict(let o)? = d["options"] {
        options.trimBlocks = o["trim_blocks"]?.isTruthy ?? options.trimBlocks
        options.lstripBlocks = o["lstrip_blocks"]?.isTruthy ?? options.lstripBlocks
        options.keepTrailingNewline = o["keep_trailing_newline"]?.isTruthy ?? options.keepTrailingNewline
      }
      return Case(template: template, context: ctx, output: d["output"]?.stringValue, options: options)
    }
  }

  enum FixtureError: Error { case badShape }

  @Test func fixtureFileIsBundled() throws {
    #expect(Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures") != nil)
  }

  @Test func everyFixtureCaseMatchesJinja2() throws {
    let cases = try Self.loadCases()
    #expect(cases.count >= 300)
    var failures: [String] = []
    for (i, c) in cases.enumerated() {
      let result: Result<String, TemplateError>
      do {
        result = .success(try Template(c.template, options: c.options).render(c.context))
      } catch {
        result = .failure(error)
      }
      switch (c.output, result) {
      case (let expected?, .success(let got)) where expected != got:
        failures.append("case \(i) \(c.template.debugDescription): expected \(expected.debugDescription), got \(got.debugDescription)")
      case (_?, .failure(let e)):
        failures.append("case \(i) \(c.template.debugDescription): unexpected error \(e)")
      case (nil, .success(let got)):
        failures.append("case \(i) \(c.template.debugDescription): expected an error, got \(got.debugDescription)")
      default:
        break
      }
    }
    #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) of \(cases.count) cases failed:\n" + failures.joined(separator: "\n")))
  }
}
