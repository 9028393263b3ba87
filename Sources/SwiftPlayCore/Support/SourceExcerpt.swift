/// The line an error points at, with a caret under the column, for messages like
///
///     hosts.yml:3:8: did not find expected ',' or ']'
///
///         a: [unclosed
///            ^
package enum SourceExcerpt {
  /// Empty when the line is not in `text`.
  package static func render(_ text: String, line: Int, column: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return "" }
    let source = String(lines[line - 1]).replacingOccurrences("\t", with: " ")
    let caret = String(repeating: " ", count: max(0, min(column - 1, source.count))) + "^"
    return "    \(source)\n    \(caret)"
  }
}
