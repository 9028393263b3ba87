/// A playbook that cannot run: it does not parse, names an unknown keyword or module, or
/// gives a module arguments it does not take. Nothing runs when one is thrown.
package struct PlaybookError: Error, CustomStringConvertible, Sendable {
  package var location: SourceLocation
  package var message: String
  /// The offending line with a caret under the column; empty when the file is unreadable.
  package var excerpt: String
  /// ansible-playbook's exit code for it: 4 for a playbook that does not parse, 1 for
  /// Ansible's general errors (a role not found).
  package var exitCode: Int32 = 4

  package init(_ location: SourceLocation, _ message: String, excerpt: String = "") {
    self.location = location
    self.message = message
    self.excerpt = excerpt
  }

  package var description: String {
    excerpt.isEmpty ? "\(location): \(message)" : "\(location): \(message)\n\n\(excerpt)"
  }
}
