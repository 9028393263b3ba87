import Foundation
import Jinja

/// Whole template files, as the template module renders them: the host's variables plus
/// the template's own (`template_path`, `ansible_managed`, ...), Ansible's whitespace
/// options, and its rule for trailing newlines.
extension Templar {
  /// A variable as the task sees it (after the host's variables resolved each other).
  public func value(of name: String) -> JSONValue? {
    context[name].map(JSONValue.init)
  }

  /// Renders `source` to text. Jinja drops the template's final newline; Ansible then adds
  /// newlines back until the output ends with as many as the source did, and so does this.
  /// `newline` is the template module's `newline_sequence`: every newline of the output
  /// is written with it (Jinja would leave newlines inside variable values as they are).
  public func renderFile(
    _ source: String, name: String, adding extra: [String: JSONValue], options: TemplateOptions, newline: String = "\n"
  ) throws(TemplateError) -> String {
    var variables = context
    var recursive = recursive
    for (key, value) in extra {
      variables[key] = value.jinjaValue
      recursive.errors[key] = nil
    }
    var options = options
    options.keepTrailingNewline = false
    var text = try Template(source, name: name, options: options).render(variables, lookups: lookups, resolver: resolver)
    let wanted = Self.trailingNewlines(source)
    let found = Self.trailingNewlines(text)
    if wanted > found { text += String(repeating: "\n", count: wanted - found) }
    if newline != "\n" { text = text.replacingOccurrences(of: "\n", with: newline) }
    return text
  }

  static func trailingNewlines(_ text: String) -> Int {
    var count = 0
    for scalar in text.unicodeScalars.reversed() {
      guard scalar == "\n" else { break }
      count += 1
    }
    return count
  }
}
