/// One lexical unit of a template: literal text, tag delimiters, or expression tokens.
struct Token: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case text(String)
    case varBegin, varEnd, blockBegin, blockEnd
    case name(String)
    case string(String)
    case int(Int)
    case float(Double)
    case op(String)
    case eof
  }

  var kind: Kind
  var loc: Location

  /// Whether this is the given operator, so the parser reads like the grammar.
  func isOp(_ s: String) -> Bool { kind == .op(s) }

  /// Whether this is the given bare name (keywords are names in Jinja).
  func isName(_ s: String) -> Bool { kind == .name(s) }
}
