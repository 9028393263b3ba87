import Foundation

/// One line of a one-line-style apt sources file (`deb [opts] uri suite comps`), read as
/// Ansible's apt_repository reads it: a leading `#` disables the line, a later `#` starts
/// a comment, runs of blanks collapse, and only `deb`/`deb-src` lines are sources. Lines
/// are compared and written back in that normal form, so `deb  http://x  y` and
/// `deb http://x y` are the same source.
struct AptSourceLine: Equatable, Sendable {
  static let types = ["deb", "deb-src"]

  /// A `deb` or `deb-src` line (enabled or not); anything else is kept as text.
  var valid: Bool
  var enabled: Bool
  /// The line without its `#`s and comment; blanks collapsed when it is a source.
  var source: String
  var comment: String

  init(valid: Bool, enabled: Bool, source: String, comment: String) {
    (self.valid, self.enabled, self.source, self.comment) = (valid, enabled, source, comment)
  }

  init(parsing raw: String) {
    var line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    enabled = true
    if line.hasPrefix("#") {
      enabled = false
      line.removeFirst()
    }
    comment = ""
    // A `#` right at the start (a `##` line) is part of the text, not a comment.
    if let hash = line.firstIndex(of: "#"), hash != line.startIndex {
      comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespacesAndNewlines)
      line = String(line[..<hash])
    }
    source = line.trimmingCharacters(in: .whitespacesAndNewlines)
    valid = false
    let words = source.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    if let first = words.first, Self.types.contains(first) {
      valid = true
      source = words.joined(separator: " ")
    }
  }

  /// The line as written back: `# ` when disabled, ` # comment` when there is one.
  var rendered: String {
    (enabled ? "" : "# ") + source + (comment.isEmpty ? "" : " # " + comment) + "\n"
  }

  /// The `repo:` option in normal form; nil when it is not an enabled `deb`/`deb-src`
  /// line, which Ansible refuses as "Invalid repository string". The text for that
  /// message is the line without its leading `#` and comment.
  static func repository(_ repo: String) -> (source: String?, shown: String) {
    let line = AptSourceLine(parsing: repo)
    return (line.valid && line.enabled ? line.source : nil, line.source)
  }

  /// The file name Ansible suggests for a source: options and URL schemes dropped, the
  /// first word that is not a type (the host and path), user and password dropped, and
  /// every run of other characters than ASCII letters and digits made one `_`.
  static func suggestedFilename(for source: String) -> String {
    var line = source.replacingOccurrences(of: #"\[[^\]]+\]"#, with: "", options: .regularExpression)
    line = line.replacingOccurrences(of: #"[A-Za-z0-9_]+://"#, with: "", options: .regularExpression)
    var first = line.split(whereSeparator: { $0.isWhitespace }).map(String.init).first { !types.contains($0) } ?? ""
    if let at = first.firstIndex(of: "@") { first = String(first[first.index(after: at)...]) }
    let words = first.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
    return words.joined(separator: "_") + ".list"
  }
}
