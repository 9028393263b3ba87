/// Lexer switches that change whitespace handling around block tags.
public struct TemplateOptions: Sendable, Equatable {
  /// Removes the first newline after a block or comment tag.
  public var trimBlocks: Bool
  /// Strips spaces and tabs from the start of a line up to a block tag.
  public var lstripBlocks: Bool
  /// Keeps a single trailing newline of the template, which Ansible's template module does.
  public var keepTrailingNewline: Bool
  /// Prints None as nothing, as Ansible 2.19's templating does (`a{{ none }}b` is `ab`);
  /// Jinja2 itself prints `None`.
  public var noneAsEmpty: Bool

  public init(trimBlocks: Bool = true, lstripBlocks: Bool = false, keepTrailingNewline: Bool = true, noneAsEmpty: Bool = true) {
    self.trimBlocks = trimBlocks
    self.lstripBlocks = lstripBlocks
    self.keepTrailingNewline = keepTrailingNewline
    self.noneAsEmpty = noneAsEmpty
  }

  /// Ansible's settings: trim_blocks on, lstrip_blocks off.
  public static let ansible = TemplateOptions()

  /// Jinja2's own defaults.
  public static let jinja = TemplateOptions(trimBlocks: false, lstripBlocks: false, keepTrailingNewline: false, noneAsEmpty: false)
}
