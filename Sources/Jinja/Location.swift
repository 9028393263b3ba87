/// A position in template source, 1-based, kept on every token and syntax node.
struct Location: Sendable, Equatable {
  var line: Int
  var column: Int
}
