import Foundation
import Testing

@testable import Jinja
import ValueModel

/// Hostile and extreme templates end in an error naming the place, never a trap, a stack
/// overflow or a runaway allocation; values that fit give Python's result.
struct LimitsTests {
  /// A template and a part of the error it must fail with.
  struct Failing: CustomTestStringConvertible, Sendable {
    var template: String
    var message: String
    var context: ValueDict = [:]
    var testDescription: String { String(template.prefix(60)) }
  }

  /// A template and what it must render to (Python's answer).
  struct Passing: CustomTestStringConvertible, Sendable {
    var template: String
    var output: String
    var testDescription: String { String(template.prefix(60)) }
  }

  static func repeating(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

  static let overflow: [Failing] = [
    Failing(template: "{{ 1e19 | int }}", message: "integer overflow: 1e+19 does not fit in a 64-bit integer"),
    Failing(template: "{{ \"1e300\" | int }}", message: "integer overflow: 1e+300 does not fit in a 64-bit integer"),
    Failing(template: "{{ 1e300 | round | int }}", message: "integer overflow: 1e+300 does not fit in a 64-bit integer"),
    Failing(template: "{{ x | int }}", message: "cannot convert float infinity to integer", context: ["x": .double(.infinity)]),
    Failing(template: "{{ 9223372036854775807 + 1 }}", message: "integer overflow: 9223372036854775807 + 1 does not fit"),
    Failing(template: "{{ -9223372036854775807 - 2 }}", message: "integer overflow: -9223372036854775807 - 2 does not fit"),
    Failing(template: "{{ 4294967296 * 4294967296 }}", message: "integer overflow: 4294967296 * 4294967296 does not fit"),
    Failing(template: "{{ -(-9223372036854775807 - 1) }}", message: "integer overflow: -(-9223372036854775808) does not fit"),
    Failing(template: "{{ (-9223372036854775807 - 1) | abs }}", message: "integer overflow: -(-9223372036854775808) does not fit"),
    Failing(template: "{{ (-9223372036854775807 - 1) // -1 }}", message: "integer overflow: -9223372036854775808 // -1 does not fit"),
    Failing(template: "{{ 2 ** 64 }}", message: "integer overflow: 2 ** 64 does not fit"),
    Failing(template: "{{ 3 ** 1000000000000000000 }}", message: "integer overflow: 3 ** 1000000000000000000 does not fit"),
    Failing(template: "{{ [9223372036854775807, 1] | sum }}", message: "integer overflow: 9223372036854775807 + 1 does not fit"),
    Failing(template: "{{ 99999999999999999999 }}", message: "integer overflow: 99999999999999999999 does not fit"),
    Failing(template: "{{ '[1, 99999999999999999999]' | from_json }}", message: "integer overflow: 99999999999999999999 does not fit"),
    Failing(template: "{{ '%d' % 1e19 }}", message: "integer overflow: 1e+19 does not fit"),
    Failing(template: "{{ 'abc'[1e19:] }}", message: "slice indices must be integers or None"),
    Failing(template: "{{ range(1e19) }}", message: "integer overflow: 1e+19 does not fit"),
    Failing(template: "{{ range(-9223372036854775807 - 1, 9223372036854775807) | length }}",
            message: "integer overflow: the length of range(-9223372036854775808, 9223372036854775807, 1) does not fit"),
  ]

  static let pythonResults: [Passing] = [
    Passing(template: "{{ -9223372036854775807 - 1 }}", output: "-9223372036854775808"),
    Passing(template: "{{ (-9223372036854775807 - 1) % -1 }}", output: "0"),
    Passing(template: "{{ -7 // 2 }} {{ -7 % 3 }} {{ 7 // -2 }}", output: "-4 2 -4"),
    Passing(template: "{{ 1 ** 1000000000000000000 }}", output: "1"),
    Passing(template: "{{ (-1) ** 1000000000000000001 }}", output: "-1"),
    Passing(template: "{{ 2 ** 62 }} {{ (-2) ** 63 }}", output: "4611686018427387904 -9223372036854775808"),
    Passing(template: "{{ 1e18 | int }} {{ -2.5 | int }} {{ '-1e3' | int }}", output: "1000000000000000000 -2 -1000"),
    Passing(template: "{{ 'inf' | int }} {{ 'nan' | int(7) }}", output: "0 7"),
    Passing(template: "{{ 2.5 | round(400) }} {{ 5 | round(1000000000) }} {{ 2.5 | round(-400) }}", output: "2.5 5 0.0"),
    Passing(template: "{{ 1000000000000000000 | random(seed='a') < 1000000000000000000 }}", output: "True"),
    Passing(template: "{{ range(-9223372036854775807 - 1, 9223372036854775807, 9223372036854775807) | list }}",
            output: "[-9223372036854775808, -1, 9223372036854775806]"),
    Passing(template: "{{ 'abc'[2::9223372036854775807] }}{{ 'abcdef'[::-9223372036854775807 - 1] }}", output: "cf"),
  ]

  static let recursion: [Failing] = [
    Failing(template: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            message: "Recursive loop detected in template: maximum recursion depth exceeded while calling macro 'm'"),
    Failing(template: "{{ " + repeating("(", 10_000) + "1" + repeating(")", 10_000) + " }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ " + repeating("[", 10_000) + "1" + repeating("]", 10_000) + " }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ " + repeating("{'a': ", 10_000) + "1" + repeating("}", 10_000) + " }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ 1" + repeating(" | abs", 10_000) + " }}", message: "expression more than 500 operations deep"),
    Failing(template: "{{ 1" + repeating(" + 1", 20_000) + " }}", message: "expression more than 500 operations deep"),
    Failing(template: "{{ 1" + repeating(" and 1", 20_000) + " }}", message: "expression more than 500 operations deep"),
    Failing(template: "{{ x" + repeating(".a", 10_000) + " }}", message: "expression more than 500 operations deep"),
    Failing(template: "{{ f" + repeating("(1)", 10_000) + " }}", message: "expression more than 500 operations deep"),
    Failing(template: "{{ " + repeating("-", 10_000) + "1 }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ " + repeating("not ", 10_000) + "1 }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ 1" + repeating(" if 1 else 2", 10_000) + " }}", message: "more than 100 levels of nesting"),
    Failing(template: "{{ " + repeating("f(", 10_000) + "1" + repeating(")", 10_000) + " }}", message: "more than 100 levels of nesting"),
    Failing(template: repeating("{% if 1 %}", 10_000) + "x" + repeating("{% endif %}", 10_000), message: "more than 100 levels of nesting"),
    Failing(template: "{{ ('[' * 100000 + ']' * 100000) | from_json }}",
            message: "maximum recursion depth exceeded while decoding a JSON array (more than 1000 levels)"),
    Failing(template: "{{ ('{\"a\": ' * 100000) | from_json }}",
            message: "maximum recursion depth exceeded while decoding a JSON object (more than 1000 levels)"),
    Failing(template: "{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}",
            message: "setting 'ns.x': maximum recursion depth exceeded (a value nested more than 1000 levels deep)"),
  ]

  /// Nesting Python's jinja2 accepts must keep working (its limits, measured: about 70
  /// brackets, 98 blocks, 327 filters, 490 `+` terms, macros about 225 deep).
  static let withinLimits: [Passing] = [
    Passing(template: "{{ " + repeating("(", 60) + "1" + repeating(")", 60) + " }}", output: "1"),
    Passing(template: "{{ " + repeating("[", 60) + repeating("]", 60) + " | length }}", output: "1"),
    Passing(template: "{{ -1" + repeating(" | abs", 320) + " }}", output: "1"),
    Passing(template: "{{ 0" + repeating(" + 1", 480) + " }}", output: "480"),
    Passing(template: repeating("{% if 1 %}", 95) + "x" + repeating("{% endif %}", 95), output: "x"),
    Passing(template: "{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ m(220) }}",
            output: "done"),
    Passing(template: "{{ ('[' * 900 + ']' * 900) | from_json | length }}", output: "1"),
    Passing(template: "{{ (('[' * 900 + ']' * 900) | from_json | string)[:3] }}", output: "[[["),
    // a long subject is not mistaken for backtracking: progress comes once per position
    Passing(template: "{{ ('a' * 1000000) | regex_search('z') is none }} {{ ('ab' * 300000) | regex_findall('b') | length }}",
            output: "True 300000"),
    // set-like filters hash what Python hashes: linear on large lists, Python's equality
    Passing(template: "{{ range(200000) | unique | length }} {{ range(200000) | union(range(100000, 300000)) | length }}",
            output: "200000 300000"),
    Passing(template: "{{ [1, 1.0, True, 'a', 'A', 0.5, none, none] | unique }}", output: "[1, 'a', 0.5, None]"),
    Passing(template: "{{ range(100000) | difference(range(1, 100000)) }} {{ [2, 3, 4] | intersect([4, 2]) }}",
            output: "[0] [2, 4]"),
    Passing(template: "{{ range(100000) | list is subset(range(200000) | list) }}", output: "True"),
    // version parts of any length compare as numbers
    Passing(template: "{{ '1.99999999999999999999' is version('1.2', '>') }} {{ '1.010' is version('1.9', '>') }} {{ '2.0' is version('2.00', '==') }}",
            output: "True True True"),
    // widths and escapes at the edges of their ranges
    Passing(template: "[{{ 'a' | center(-9223372036854775807 - 1) }}]", output: "[a]"),
    Passing(template: "{{ (-9223372036854775807 - 1) is divisibleby(-1) }}", output: "True"),
    // nothing repeated many times is nothing, at once (it looped 10**18 times)
    Passing(template: "[{{ '' * 9223372036854775807 }}{{ [] * 9223372036854775807 }}{{ 9223372036854775807 * '' }}]", output: "[[]]"),
    // PyYAML takes an indent of 2 to 9 and uses 2 for any other
    Passing(template: "{{ {'a': {'b': [1]}} | to_nice_yaml(indent=-3) }}|{{ {'a': {'b': 1}} | to_nice_yaml(indent=10**11) }}",
            output: "a:\n  b:\n  - 1\n|a:\n  b: 1\n"),
    Passing(template: "{{ 'a-b-c' | regex_replace('-', '+', count=1) }} {{ 'a-b-c' | regex_replace('(\\w)', '<\\1>') }}",
            output: "a+b-c <a>-<b>-<c>"),
  ]

  static let sizes: [Failing] = [
    Failing(template: "{{ 'a' | center(10**10) }}",
            message: "center(10000000000) would build a string of 10000000001 bytes, more than the limit of \(Limits.maxSize) bytes"),
    Failing(template: "{{ 'a' | center(9223372036854775807) }}", message: "center(9223372036854775807) would build a string of more than"),
    Failing(template: "{{ 'x' * 10**12 }}", message: "'*' would build a string of 1000000000000 bytes"),
    Failing(template: "{{ 10**12 * 'x' }}", message: "'*' would build a string of 1000000000000 bytes"),
    Failing(template: "{{ [1, 2] * 10**12 }}", message: "'*' would build a list of 2000000000000 items"),
    Failing(template: "{{ range(10**12) | length }}", message: "range(0, 1000000000000, 1) would build a list of 1000000000000 items"),
    Failing(template: "{{ 'x' | indent(10**9, true) }}", message: "indent(1000000000) would build a string"),
    Failing(template: "{{ range(2000000) | join('x' * 100) }}", message: "join would build a string"),
    Failing(template: "{{ ',' .join(['x' * 100] * 2000000) }}", message: "join would build a string"),
    Failing(template: "{{ '{:1000000000}'.format(1) }}", message: "format spec '1000000000' would build a string"),
    Failing(template: "{{ '{:.1000000000f}'.format(1) }}", message: "format spec '.1000000000f' would build a string"),
    Failing(template: "{{ '%1000000000d' % 1 }}", message: "'%1000000000d' formatting would build a string"),
    Failing(template: "{{ '%.1000000000f' % 1 }}", message: "'%.1000000000f' formatting would build a string"),
    Failing(template: "{{ '%s' | format('x') * 200000000 }}", message: "'*' would build a string of 200000000 bytes"),
    Failing(template: "{{ [1] | batch(10**12, 0) }}", message: "batch(1000000000000) would build a list"),
    Failing(template: "{{ range(1000) | product(range(1000), range(1000)) | length }}", message: "product would build a list of 1000000000 items"),
    Failing(template: "{{ ('x' * 1000000) | replace('x', 'y' * 1000) }}", message: "replace would build a string of 1000000000 bytes"),
    Failing(template: "{{ ('x' * 1000000).replace('', 'y' * 1000) }}", message: "replace would build a string"),
    Failing(template: "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            message: "'~' would build a string of 268435456 bytes"),
    Failing(template: "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
            message: "'+' would build a string of 268435456 bytes"),
    Failing(template: "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
            message: "'+' would build a list of"),
    Failing(template: "{% set ns = namespace(x=[1]) %}{% for i in range(100) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}",
            message: "setting 'ns.x' would build a value of more than"),
    Failing(template: "{% for i in range(200) %}{{ 'x' * 1000000 }}{% endfor %}", message: "the rendered output would build a string"),
    Failing(template: "{{ ('x' * 20000) | password_hash('sha512', 'abc') }}", message: "password_hash of a 20000-byte secret would build"),
    Failing(template: "{{ [1] | to_nice_json(indent=10**9) }}", message: "to_nice_json(indent=1000000000) would build"),
    Failing(template: "{{ ('x' * 100000) | regex_replace('x', 'y' * 10000) }}", message: "regex_replace would build a string"),
    // a negative group number reached NSTextCheckingResult.range(at:) and trapped
    Failing(template: #"{{ 'abc' | regex_search('(b)', '\\-1') }}"#, message: "no such group: -1"),
    Failing(template: #"{{ 'abc' | regex_search('(b)', '\\g<7>') }}"#, message: "no such group: 7"),
    // one long string held many times is a small list but an enormous text
    Failing(template: "{{ [('x' * 10000000)] * 20 }}", message: "printing the value would build a string of more than"),
    Failing(template: "{{ [('x' * 10000000)] * 20 ~ '' }}", message: "'~' would build a string of more than"),
    Failing(template: "{{ ([('x' * 10000000)] * 20) | string }}", message: "the 'string' filter would build a string"),
    Failing(template: "{{ ([('x' * 10000000)] * 20) | to_json }}", message: "the 'to_json' filter would build a string"),
    Failing(template: "{{ ([[('x' * 10000000)] * 5] * 3) | join(',') }}", message: "join would build a string"),
    Failing(template: "{{ '%s' % ([('x' * 10000000)] * 20,) }}", message: "'%' formatting would build a string"),
    Failing(template: "{{ '{}'.format([('x' * 10000000)] * 20) }}", message: "format() would build a string"),
    Failing(template: "{{ ('a' * 40 + '!') | regex_search('(a+)+$') }}",
            message: "regular expression '(a+)+$' gave up on a 41-character string after \(Limits.maxRegexTicks) rounds of backtracking"),
  ]

  static func failure(_ template: String, _ context: ValueDict = [:]) -> TemplateError? {
    do {
      _ = try Template(template, name: "t.j2").render(context)
      return nil
    } catch {
      return error
    }
  }

  @Test(arguments: overflow + recursion + sizes)
  func failsWithMessageAndPlace(_ c: Failing) {
    guard let error = Self.failure(c.template, c.context) else {
      Issue.record("rendered without an error")
      return
    }
    #expect(error.message.contains(c.message), "\(error.message)")
    #expect(error.templateName == "t.j2")
    #expect(error.line >= 1 && error.column >= 1, "no place in \(error.description)")
  }

  @Test(arguments: pythonResults + withinLimits)
  func rendersPythonsResult(_ c: Passing) throws {
    #expect(try Template(c.template).render() == c.output)
  }

  @Test func recursionErrorsNameTheInnermostPlace() {
    let error = Self.failure("line one\n{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}")
    #expect(error?.message == Limits.recursionMessage + " while calling macro 'm'")
    #expect(error?.line == 2)
  }

  /// A template that looks itself up, or templates rendered inside each other, share one
  /// evaluation budget per thread, so nesting renders cannot overflow the stack.
  @Test func selfIncludingTemplateLookupStops() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "{{ lookup('template', 'self.j2') }}\n".write(
      to: dir.appendingPathComponent("templates/self.j2"), atomically: true, encoding: .utf8)
    let lookups = LocalLookups(baseDirectory: dir)
    do {
      _ = try Template("{{ lookup('template', 'self.j2') }}", name: "t.j2").render([:], lookups: lookups)
      Issue.record("rendered without an error")
    } catch {
      // whichever of the expression or the render inside it passes the budget first
      #expect(error.message.hasPrefix(Limits.recursionMessage), "\(error)")
      #expect(error.templateName.hasSuffix("templates/self.j2") && error.line == 1, "\(error)")
    }
    #expect(EvaluationDepth.current == 0)
  }

  @Test func loneHighSurrogateInJSONIsNoTrap() throws {
    let json = #""\ud800\u0041""#
    #expect(try Template("{{ j | from_json }}").render(["j": .string(json)]) == "?A")
  }

  @Test func loopsStopAfterTheIterationBudget() throws {
    let template = try Template("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}", name: "t.j2")
    let renderer = Renderer(context: [:], templateName: "t.j2")
    renderer.maxIterations = 5_000
    #expect(throws: TemplateError(templateName: "t.j2", line: 1, column: 30, message: "loops ran more than 5000 iterations in one template")) {
      try renderer.render(template.nodes)
    }
    #expect(Renderer(context: [:], templateName: "t").maxIterations == Limits.maxIterations)
  }

  @Test func oneSizeLimitForEveryOperation() {
    // the limit is one constant: an operation just under it succeeds, just over it fails
    let under = Limits.maxSize
    #expect(throws: Never.self) { try Limits.checkString(bytes: under, "x") }
    #expect(throws: (any Error).self) { try Limits.checkString(bytes: under + 1, "x") }
    #expect(throws: (any Error).self) { try Limits.checkString(bytes: nil, "x") }
    #expect(throws: (any Error).self) { try Limits.checkList(items: under / MemoryLayout<Value>.stride + 1, "x") }
  }
}
