/// The lexer's settings (delimiters, whitespace handling, newlines) and Ansible's finalize,
/// as jinja2's Environment takes them and Ansible's template module and `#jinja2:` header
/// override them.
package struct TemplateOptions: Sendable, Equatable {
  /// Removes the first newline after a block or comment tag.
  package var trimBlocks: Bool
  /// Strips spaces and tabs from the start of a line up to a block tag.
  package var lstripBlocks: Bool
  /// jinja2's keep_trailing_newline: the template's last newline is kept (off: dropped).
  package var keepTrailingNewline: Bool
  /// Ansible's rule after rendering: newlines are added until the output ends with as many
  /// as the source does (jinja2 dropped the last one; a value ending in a newline counts).
  package var preserveTrailingNewlines: Bool
  /// Prints None as nothing, as Ansible 2.19's templating does (`a{{ none }}b` is `ab`);
  /// Jinja2 itself prints `None`.
  package var noneAsEmpty: Bool
  /// The delimiters (`variable_start_string`, ...): Jinja's `{{ }}`, `{% %}`, `{# #}` unless
  /// a template module option or a `#jinja2:` header changes them.
  package var variableStart = "{{"
  package var variableEnd = "}}"
  package var blockStart = "{%"
  package var blockEnd = "%}"
  package var commentStart = "{#"
  package var commentEnd = "#}"
  /// What every newline of the template's text is written as (`newline_sequence`):
  /// `"\n"`, `"\r\n"` or `"\r"`. Newlines inside variable values are left as they are.
  package var newlineSequence = "\n"
  /// `{% break %}` and `{% continue %}` (jinja2.ext.loopcontrols). Off as in Ansible 2.19,
  /// which enables no extension unless ansible.cfg's `jinja2_extensions` names it.
  package var loopControls = false

  package init(
    trimBlocks: Bool = true, lstripBlocks: Bool = false, keepTrailingNewline: Bool = false, noneAsEmpty: Bool = true,
    preserveTrailingNewlines: Bool = true
  ) {
    self.trimBlocks = trimBlocks
    self.lstripBlocks = lstripBlocks
    self.keepTrailingNewline = keepTrailingNewline
    self.preserveTrailingNewlines = preserveTrailingNewlines
    self.noneAsEmpty = noneAsEmpty
  }

  /// Ansible's settings: trim_blocks on, lstrip_blocks off, trailing newlines as the source's.
  package static let ansible = TemplateOptions()

  /// Jinja2's own defaults.
  package static let jinja = TemplateOptions(
    trimBlocks: false, lstripBlocks: false, keepTrailingNewline: false, noneAsEmpty: false, preserveTrailingNewlines: false)

  /// Checks what jinja2 checks when an environment is made: distinct start strings and a
  /// known newline sequence.
  func validate() throws {
    if blockStart == variableStart || variableStart == commentStart || commentStart == blockStart {
      throw EvalError("block, variable and comment start strings must be different")
    }
    for (name, s) in [("variable_start_string", variableStart), ("variable_end_string", variableEnd),
                      ("block_start_string", blockStart), ("block_end_string", blockEnd),
                      ("comment_start_string", commentStart), ("comment_end_string", commentEnd)] where s.isEmpty {
      throw EvalError("\(name) may not be empty")
    }
    guard ["\n", "\r\n", "\r"].contains(newlineSequence) else {
      throw EvalError("newline_sequence must be one of \\n, \\r\\n or \\r")
    }
  }
}
