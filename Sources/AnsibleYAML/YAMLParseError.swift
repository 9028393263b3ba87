/// A YAML text that cannot be read: where (file, 1-based line and column) and why, so every
/// reader (playbooks, inventories, variables files, `from_yaml`) reports it the same way.
package struct YAMLParseError: Error, CustomStringConvertible, Sendable, Equatable {
  package let file: String
  package let line: Int
  package let column: Int
  package let message: String

  package init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  package var description: String { "\(file):\(line):\(column): \(message)" }
}
