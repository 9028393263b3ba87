import ValueModel

/// An expression in the syntax tree; every one keeps its source location for errors.
struct Expr: Sendable {
  indirect enum Kind: Sendable {
    case literal(Value)
    case name(String)
    case list([Expr])
    case tuple([Expr])
    case dict([(Expr, Expr)])
    case unary(String, Expr)
    case binary(String, Expr, Expr)
    case compare(Expr, [(String, Expr)])
    case and(Expr, Expr)
    case or(Expr, Expr)
    case conditional(Expr, then: Expr, otherwise: Expr?)
    case attribute(Expr, String)
    case item(Expr, Expr)
    case slice(Expr, Expr?, Expr?, Expr?)
    case call(Expr, Arguments)
    case filter(Expr, String, Arguments)
    case test(Expr, String, Arguments, negated: Bool)
  }

  /// Call arguments as written: positional then keyword.
  struct Arguments: Sendable {
    var positional: [Expr] = []
    var keyword: [(String, Expr)] = []
  }

  let kind: Kind
  var loc: Location
  /// Levels of this tree, counted as it is built so the parser can refuse a tree too deep
  /// to evaluate (or to free) without walking it again.
  let depth: Int

  init(kind: Kind, loc: Location) {
    self.kind = kind
    self.loc = loc
    depth = 1 + Expr.childDepth(kind)
  }

  private static func childDepth(_ kind: Kind) -> Int {
    func deepest(_ items: [Expr]) -> Int { items.map(\.depth).max() ?? 0 }
    func deepest(_ args: Arguments) -> Int { max(deepest(args.positional), deepest(args.keyword.map(\.1))) }
    switch kind {
    case .literal, .name: return 0
    case .list(let items), .tuple(let items): return deepest(items)
    case .dict(let pairs): return max(deepest(pairs.map(\.0)), deepest(pairs.map(\.1)))
    case .unary(_, let e), .attribute(let e, _): return e.depth
    case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r), .item(let l, let r): return max(l.depth, r.depth)
    case .compare(let first, let rest): return max(first.depth, deepest(rest.map(\.1)))
    case .conditional(let c, let then, let otherwise): return max(c.depth, then.depth, otherwise?.depth ?? 0)
    case .slice(let t, let a, let b, let c): return max(t.depth, a?.depth ?? 0, b?.depth ?? 0, c?.depth ?? 0)
    case .call(let callee, let args): return max(callee.depth, deepest(args))
    case .filter(let target, _, let args), .test(let target, _, let args, _): return max(target.depth, deepest(args))
    }
  }
}

/// A statement of the template body.
indirect enum Node: Sendable {
  case text(String)
  case output(Expr)
  case ifBlock([(Expr, [Node])], otherwise: [Node])
  case forLoop(ForLoop)
  case set([String], Expr, Location)
  case setAttribute(String, String, Expr, Location)
  case setBlock(String, [Node])
  case macro(Macro)
  case with([(String, Expr)], [Node])
  case filterBlock([(String, Expr.Arguments, Location)], [Node])
  case block(Block)
  case extends(Expr, Location)
  case include(Include)
  case importTemplate(Import)
  case callBlock(CallBlock)
  /// `{% break %}` (true) or `{% continue %}` (false), with loop controls enabled.
  case loopControl(isBreak: Bool, Location)

  /// A `{% block %}`: a child template that extends this one may replace its body.
  struct Block: Sendable {
    var name: String
    var body: [Node]
    /// `scoped`: the body sees the variables of the place it stands (loop variables).
    var scoped: Bool
    /// `required`: a template extending this one must override it.
    var required: Bool
    var loc: Location
  }

  /// `{% include name [ignore missing] [with|without context] %}`; `name` may be a list.
  struct Include: Sendable {
    var template: Expr
    var ignoreMissing: Bool
    var withContext: Bool
    var loc: Location
  }

  /// `{% import name as alias %}` (names empty) or `{% from name import a, b as c %}`.
  struct Import: Sendable {
    var template: Expr
    var alias: String?
    var names: [(String, String)]
    var withContext: Bool
    var loc: Location
  }

  /// `{% call(params) macro(args) %}body{% endcall %}`: the body is `caller` inside the macro.
  struct CallBlock: Sendable {
    var caller: Macro
    var call: Expr
  }

  /// A `{% macro %}` definition: parameters with optional default expressions.
  struct Macro: Sendable {
    var name: String
    var parameters: [(String, Expr?)]
    var body: [Node]
    /// Whether the body names `caller`, which a `{% call %}` block requires.
    var usesCaller = true
  }

  /// A `{% for %}` statement with its optional inline filter and `{% else %}` body.
  struct ForLoop: Sendable {
    var targets: [String]
    var iterable: Expr
    var condition: Expr?
    var body: [Node]
    var otherwise: [Node]
    var loc: Location
  }
}
