/// A failure to parse or render a template, located at line:column so the user can find
/// the offending expression in their playbook.
package struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
  package var templateName: String
  package var line: Int
  package var column: Int
  package var message: String

  package init(templateName: String = "<template>", line: Int, column: Int, message: String) {
    self.templateName = templateName
    self.line = line
    self.column = column
    self.message = message
  }

  package var description: String { "\(templateName):\(line):\(column): \(message)" }

  /// Whether rendering stopped at an undefined variable or attribute: the failure Ansible
  /// lets some callers pass over (`with_first_found` drops such a file name).
  package var isUndefined: Bool { message.hasSuffix(" is undefined") || message.contains("' has no attribute '") }
}
