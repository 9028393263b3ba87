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

  var kind: Kind
  var loc: Location
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

  /// A `{% macro %}` definition: parameters with optional default expressions.
  struct Macro: Sendable {
    var name: String
    var parameters: [(String, Expr?)]
    var body: [Node]
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
