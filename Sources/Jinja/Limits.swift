import ValueModel

/// The bounds a template runs within, in one place, so hostile or mistaken input (a macro
/// that calls itself, `'x' * 10**12`, ten thousand nested brackets) ends in an error that
/// names the place instead of a crash, a hang or a runaway allocation.
///
/// The depths sit close to where Python's jinja2 gives up under its default recursion
/// limit (measured with jinja2 3.x: about 70 nested brackets, 98 nested blocks, 327
/// chained filters, 490 `+` terms, a macro about 225 calls deep), so a template that
/// works in Ansible works here and one that Ansible refuses is refused here too.
package enum Limits {
  /// Syntactic nesting the parser descends into: brackets, parentheses, unary operators,
  /// `not`, conditional expressions and `{% %}` blocks inside one another.
  package static let maxNesting = 100

  /// Depth of one expression tree, which chains (`a + b + ...`, `x | f | g ...`) grow
  /// without nesting anything.
  package static let maxExpressionDepth = 500

  /// Evaluation depth: the expressions being evaluated at once, through macro calls. A
  /// macro calling itself uses two levels per call, so recursion stops about 250 deep; a
  /// debug build uses about 9 KB of stack per level, well inside a thread's 8 MB.
  package static let maxEvaluationDepth = 500

  /// Nesting of a value a template builds or decodes (`from_json`, namespace attributes),
  /// as Python's JSON decoder and `repr` stop near its recursion limit.
  package static let maxValueDepth = Value.maxDepth

  /// Templates rendering inside one another: includes, imports and blocks (`self.b()`
  /// inside block `b`). jinja2 goes about 300 includes deep before Python's recursion limit;
  /// real templates nest a few levels, and each level here holds several large frames.
  package static let maxTemplateNesting = 64

  /// The largest string or list one template operation may build, in bytes: a string
  /// counts its UTF-8 bytes, a list or dict `MemoryLayout<Value>.stride` per item. It
  /// applies to repetition (`*`), padding (`center`, `indent`, format widths), `join`,
  /// `range`, concatenation and the rendered output itself.
  package static let maxSize = 128 << 20

  /// Loop iterations in one render, which nested `for` loops multiply without building
  /// anything large (a million take a few seconds in a debug build).
  package static let maxIterations = 1_000_000

  /// Rounds of backtracking (ICU reports one about every ten thousand steps, about a
  /// millisecond) one regular expression search may take in a template; catastrophic
  /// backtracking stops after about ten seconds with an error.
  package static let maxRegexTicks = 10_000

  /// How a recursion error ends when renders nested inside each other (template lookups,
  /// variables resolved from variables) used up `maxEvaluationDepth` together.
  package static let nestedRenders = "(templates rendered inside each other)"

  /// The message Ansible gives when templating recursion runs away.
  package static let recursionMessage = "Recursive loop detected in template: maximum recursion depth exceeded"

  /// Fails when a string of `bytes` bytes would pass `maxSize`; `operation` names what built it.
  /// nil stands for a size too large to count.
  static func checkString(bytes: Int?, _ operation: @autoclosure () -> String) throws {
    guard let bytes, bytes <= maxSize else { throw sizeError(operation(), "a string of \(describe(bytes)) bytes") }
  }

  /// Fails when a list of `items` items would pass `maxSize`; nil stands for too many to count.
  static func checkList(items: Int?, _ operation: @autoclosure () -> String) throws {
    guard let items, let bytes = product(items, MemoryLayout<Value>.stride), bytes <= maxSize else {
      throw sizeError(operation(), "a list of \(describe(items)) items")
    }
  }

  /// `count` copies of something `unit` big, or nil when that overflows.
  static func product(_ count: Int, _ unit: Int) -> Int? {
    let (p, overflow) = count.multipliedReportingOverflow(by: unit)
    return overflow ? nil : p
  }

  /// `a + b`, or nil when that overflows.
  static func sum(_ a: Int?, _ b: Int?) -> Int? {
    guard let a, let b else { return nil }
    let (s, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : s
  }

  /// Fails when `value` nests deeper than `maxValueDepth` or holds more items than
  /// `maxSize` allows, counting shared parts each time they appear, as printing it would.
  /// The walk keeps its own stack, so a value too deep for recursion is still measured.
  static func checkValue(_ value: Value, _ operation: @autoclosure () -> String) throws {
    var pending: [(Value, Int)] = [(value, 1)]
    var items = 0
    let maxItems = maxSize / MemoryLayout<Value>.stride
    while let (v, level) = pending.popLast() {
      let children: [Value]
      switch v {
      case .list(let l): children = l
      case .dict(let d): children = Array(d.values)
      default: continue
      }
      if level > maxValueDepth { throw depthError(operation()) }
      items += children.count
      if items > maxItems { throw sizeError(operation(), "a value of more than \(maxItems) items") }
      for child in children { pending.append((child, level + 1)) }
    }
  }

  /// Fails when printing `value` (Python's `str`, which `{{ }}` and `~` use) would pass
  /// `maxSize`: a list may hold one long string many times at no cost, but not its text.
  /// Strings need no walk; containers are measured without recursion, stopping early.
  static func checkText(_ value: Value, _ operation: @autoclosure () -> String) throws {
    guard value.isContainer else { return }
    var pending: [Value] = [value]
    var bytes = 0
    while let v = pending.popLast() {
      switch v {
      case .string(let s): bytes += s.utf8.count + 4
      case .list(let l):
        bytes += 2 + 2 * l.count
        pending.append(contentsOf: l)
      case .dict(let d):
        bytes += 2 + 4 * d.count
        for e in d.elements {
          bytes += e.key.utf8.count + 2
          pending.append(e.value)
        }
      default: bytes += 24
      }
      if bytes > maxSize { throw sizeError(operation(), "a string of more than \(maxSize) bytes") }
    }
  }

  static func depthError(_ operation: String) -> EvalError {
    EvalError("\(operation): maximum recursion depth exceeded (a value nested more than \(maxValueDepth) levels deep)")
  }

  private static func describe(_ n: Int?) -> String { n.map(String.init) ?? "more than \(Int.max)" }

  private static func sizeError(_ operation: String, _ what: String) -> EvalError {
    EvalError("\(operation) would build \(what), more than the limit of \(maxSize) bytes for one template value")
  }
}
