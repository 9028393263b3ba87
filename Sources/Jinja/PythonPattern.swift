import Foundation

/// Python `re` for callers outside the template engine (lineinfile, replace, blockinfile):
/// a compiled pattern with `search`, `subn` and `match.expand`, using the same translation
/// of pattern and replacement syntax as the `regex_*` filters.
package struct PythonPattern {
  /// The pattern as the user wrote it, in Python syntax.
  package let pattern: String
  let regex: NSRegularExpression

  /// Compiles `pattern`; `multiline` and `dotAll` are Python's `re.MULTILINE` and
  /// `re.DOTALL`. Throws a message naming the pattern when it is not valid.
  package init(_ pattern: String, multiline: Bool = false, dotAll: Bool = false) throws(PythonPatternError) {
    self.pattern = pattern
    do {
      // Only `\n` ends a line for Python's `^`, `$` and `.`, as with ICU's Unix line mode.
      let translated = try PythonRegex.compile(pattern, multiline: multiline)
      var options = translated.options.union(.useUnixLineSeparators)
      if dotAll { options.insert(.dotMatchesLineSeparators) }
      self.regex = try NSRegularExpression(pattern: translated.pattern, options: options)
    } catch {
      throw PythonPatternError(message: "invalid regular expression '\(pattern)'")
    }
  }

  /// Whether the pattern turns multiline on itself with a leading inline flag (`(?m)`),
  /// which Python reports in `compiled.flags`.
  package var hasInlineMultiline: Bool {
    guard pattern.hasPrefix("(?"), let close = pattern.firstIndex(of: ")") else { return false }
    let flags = pattern[pattern.index(pattern.startIndex, offsetBy: 2)..<close]
    return flags.allSatisfy(\.isLetter) && flags.contains("m")
  }

  /// Python's `re.search`: the first match anywhere in `text`.
  package func search(_ text: String) -> PythonMatch? {
    let range = NSRange(text.startIndex..., in: text)
    return regex.firstMatch(in: text, range: range).map { PythonMatch(result: $0, text: text, pattern: self) }
  }

  /// Python's `re.match`: a match that starts at the beginning of `text`.
  package func match(_ text: String) -> PythonMatch? {
    let range = NSRange(text.startIndex..., in: text)
    return regex.firstMatch(in: text, options: [.anchored], range: range).map { PythonMatch(result: $0, text: text, pattern: self) }
  }

  /// Python's `re.subn(pattern, replacement, text)`: the new text and how many matches
  /// were replaced. `replacement` uses Python's syntax (`\1`, `\g<name>`).
  package func substitute(_ replacement: String, in text: String) -> (text: String, count: Int) {
    let range = NSRange(text.startIndex..., in: text)
    let template = PythonRegex.template(replacement, groups: PythonRegex.namedGroups(pattern))
    let count = regex.numberOfMatches(in: text, range: range)
    guard count > 0 else { return (text, 0) }
    return (regex.stringByReplacingMatches(in: text, range: range, withTemplate: template), count)
  }

  /// Python's `re.escape`.
  package static func escape(_ text: String) -> String {
    let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}")
    return text.map { special.contains($0) ? "\\" + String($0) : String($0) }.joined()
  }
}

/// One match of a `PythonPattern`.
package struct PythonMatch {
  let result: NSTextCheckingResult
  let text: String
  let pattern: PythonPattern

  /// Where the whole match is in the searched text.
  package var range: Range<String.Index> { Range(result.range, in: text) ?? text.startIndex..<text.startIndex }

  /// Where a numbered group matched; nil when it did not take part.
  package func range(group: Int) -> Range<String.Index>? {
    guard (0..<result.numberOfRanges).contains(group) else { return nil }
    return Range(result.range(at: group), in: text)
  }

  /// The text a numbered group matched; nil when it did not take part.
  package func group(_ number: Int) -> String? {
    range(group: number).map { String(text[$0]) }
  }

  /// Where a named group matched; nil when it did not take part.
  package func range(named name: String) -> Range<String.Index>? {
    Range(result.range(withName: name), in: text)
  }

  /// Python's `match.expand(template)`: `\1`, `\g<name>` and escapes filled in.
  package func expand(_ template: String) -> String {
    let icu = PythonRegex.template(template, groups: PythonRegex.namedGroups(pattern.pattern))
    return pattern.regex.replacementString(for: result, in: text, offset: 0, template: icu)
  }
}

/// A pattern that Python's `re` would refuse.
package struct PythonPatternError: Error, CustomStringConvertible, Sendable {
  package let message: String
  package var description: String { message }
}
