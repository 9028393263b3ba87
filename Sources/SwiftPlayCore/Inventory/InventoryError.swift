import AnsibleYAML
/// A problem in an inventory source, located at file:line (and column, with the line
/// itself and a caret, when the YAML parser knows it).
package struct InventoryError: Error, CustomStringConvertible, Sendable {
  package let file: String
  package let line: Int
  package var column = 0
  package let message: String
  package var excerpt = ""

  package init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// From a YAML parse error, with the offending line of `text` shown.
  init(_ error: YAMLParseError, text: String) {
    self.init(file: error.file, line: error.line, message: error.message)
    column = error.column
    excerpt = SourceExcerpt.render(text, line: error.line, column: error.column)
  }

  /// Making `child` a child of `parent` would close `loop` (from `Inventory.loop`).
  static func groupLoop(_ loop: [String], file: String, line: Int) -> InventoryError {
    guard loop.count > 2 else {
      return InventoryError(file: file, line: line, message: "group '\(loop[0])' cannot be a child of itself")
    }
    return InventoryError(
      file: file, line: line,
      message: "group '\(loop[1])' cannot be a child of '\(loop[0])': it would make a loop (\(loop.joined(separator: " -> ")))")
  }

  package var description: String {
    let place = line <= 0 ? file : column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    return excerpt.isEmpty ? "\(place): \(message)" : "\(place): \(message)\n\n\(excerpt)"
  }
}
