import ValueModel

/// Turns a result's diff entries into what `--diff` prints, as Ansible does: unified
/// diffs of `before`/`after` (mappings shown as indented JSON), the notes for binary or
/// too large files, and a module's `prepared` text as it is.
package enum DiffText {
  /// The text to print, ending in a newline, or "" when there is nothing to show. With
  /// colors, each diff line is colored like Ansible's (its newline inside the color).
  package static func render(_ entries: [ValueDict], colors: Bool) -> String {
    var out = ""
    for entry in entries {
      if entry["dst_binary"] != nil { out += "diff skipped: destination file appears to be binary\n" }
      if entry["src_binary"] != nil { out += "diff skipped: source file appears to be binary\n" }
      if let size = entry["dst_larger"] { out += "diff skipped: destination file size is greater than \(size.plainText)\n" }
      if let size = entry["src_larger"] { out += "diff skipped: source file size is greater than \(size.plainText)\n" }
      if let before = entry["before"], let after = entry["after"] {
        let fromFile = entry["before_header"].map { "before: \($0.plainText)" } ?? "before"
        let toFile = entry["after_header"].map { "after: \($0.plainText)" } ?? "after"
        let lines = UnifiedDiff.lines(before: text(before), after: text(after), fromFile: fromFile, toFile: toFile)
        if !lines.isEmpty {
          out += lines.map { colors ? colorize($0) : $0 }.joined() + "\n"
        }
      }
      if let prepared = entry["prepared"], !prepared.plainText.isEmpty {
        // Ansible prints it and then a line end; apt's prepared text has none of its own.
        out += prepared.plainText.hasSuffix("\n") ? prepared.plainText : prepared.plainText + "\n"
      }
    }
    return out
  }

  /// Mappings and lists are compared as sorted, indented JSON; null as nothing.
  static func text(_ value: Value) -> String {
    switch value {
    case .null: return ""
    case let .string(text): return text
    case .dict, .list: return JSON.dump(value, indent: 4) + "\n"
    default: return value.plainText
    }
  }

  /// Colors each diff line with its line end inside the color, as Ansible's output has it
  /// (so a colored line is followed by an empty colored piece).
  static func colorize(_ line: String) -> String {
    let color: Color? = line.hasPrefix("+") ? .ok : line.hasPrefix("-") ? .error : line.hasPrefix("@@") ? .skip : nil
    guard let color else { return line }
    return line.split(separator: "\n", omittingEmptySubsequences: false)
      .map { "\u{1B}[\(color.rawValue)m\($0)\u{1B}[0m" }.joined(separator: "\n")
  }
}
