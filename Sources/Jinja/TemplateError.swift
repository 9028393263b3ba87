/// A failure to parse or render a template, located at line:column so the user can find
/// the offending expression in their playbook.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
  public var templateName: String
  public var line: Int
  public var column: Int
  public var message: String

  public init(templateName: String = "<template>", line: Int, column: Int, message: String) {
    self.templateName = templateName
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(templateName):\(line):\(column): \(message)" }

  /// Whether rendering stopped at an undefined variable or attribute: the failure Ansible
  /// lets some callers pass over (`with_first_found` drops such a file name).
  public var isUndefined: Bool { message.hasSuffix(" is undefined") || message.contains("' has no attribute '") }
}
