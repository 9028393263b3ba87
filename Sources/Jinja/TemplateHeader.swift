import Foundation
import ValueModel

/// The `#jinja2:` first line Ansible reads before compiling a template
/// (`#jinja2: trim_blocks: False, variable_start_string: '[%'`): comma-separated
/// `key: python-literal` pairs that override the lexer's settings for this template and
/// everything it includes or imports. The line itself is not part of the output.
enum TemplateHeader {
  static let prefix = "#jinja2:"

  /// The source without its header line and the options it sets; a source without a
  /// header comes back unchanged. Errors use Ansible's words.
  static func apply(_ source: String, to options: TemplateOptions) throws -> (String, TemplateOptions) {
    guard source.hasPrefix(prefix) else { return (source, options) }
    guard let eol = source.firstIndex(of: "\n") else {
      throw EvalError("Missing newline after '\(prefix)' override.")
    }
    let line = source[source.index(source.startIndex, offsetBy: prefix.count)..<eol]
    var options = options
    for pair in line.split(separator: ",", omittingEmptySubsequences: false) {
      if pair.allSatisfy(\.isWhitespace) { throw EvalError("Empty '\(prefix)' override pair not allowed.") }
      guard let colon = pair.firstIndex(of: ":") else {
        throw EvalError("Missing key-value separator `:` in '\(prefix)' override pair '\(pair)'.")
      }
      let key = pair[..<colon].trimmingCharacters(in: .whitespaces)
      let text = String(pair[pair.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
      guard let value = LiteralParser.parse(text) else {
        throw EvalError("Invalid '\(prefix)' override value for '\(key)': \(text) is not a Python literal.")
      }
      try set(key, value, in: &options)
    }
    return (String(source[source.index(after: eol)...]), options)
  }

  private static func set(_ key: String, _ value: Value, in options: inout TemplateOptions) throws {
    func string() throws -> String {
      guard case .string(let s) = value else { throw EvalError("'\(key)' in '\(prefix)' must be a string, not \(value.typeName)") }
      return s
    }
    func bool() throws -> Bool {
      guard case .bool(let b) = value else { throw EvalError("'\(key)' in '\(prefix)' must be a bool, not \(value.typeName)") }
      return b
    }
    switch key {
    case "variable_start_string": options.variableStart = try string()
    case "variable_end_string": options.variableEnd = try string()
    case "block_start_string": options.blockStart = try string()
    case "block_end_string": options.blockEnd = try string()
    case "comment_start_string": options.commentStart = try string()
    case "comment_end_string": options.commentEnd = try string()
    case "newline_sequence": options.newlineSequence = try string()
    case "trim_blocks": options.trimBlocks = try bool()
    case "lstrip_blocks": options.lstripBlocks = try bool()
    case "keep_trailing_newline": options.keepTrailingNewline = try bool()
    case "line_statement_prefix", "line_comment_prefix":
      if value != .null { throw EvalError("'\(key)' in '\(prefix)' is not supported: line statements and line comments are not implemented") }
    default:
      throw EvalError("Invalid '\(prefix)' override key '\(key)'.")
    }
  }
}
