/// POSIX shell quoting and word splitting, for building remote command lines from
/// arguments and for parsing Ansible's free-form `key=value` argument strings.
package enum ShellQuote {
  /// Quotes `word` for /bin/sh the way Python's shlex.quote does: left alone when it holds
  /// only safe characters, else wrapped in single quotes.
  package static func quote(_ word: String) -> String {
    if word.isEmpty { return "''" }
    let safe = word.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "@%+=:,./-_".unicodeScalars.contains($0)
    }
    if safe { return word }
    return "'" + word.replacingOccurrences("'", with: "'\"'\"'") + "'"
  }

  /// Quotes `pattern` but leaves `*`, `?` and `[...]` for the shell to match.
  package static func quoteKeepingGlobs(_ pattern: String) -> String {
    var out = ""
    var literal = ""
    for character in pattern {
      if "*?[]".contains(character) {
        if !literal.isEmpty { out += quote(literal); literal = "" }
        out.append(character)
      } else {
        literal.append(character)
      }
    }
    if !literal.isEmpty { out += quote(literal) }
    return out.isEmpty ? "''" : out
  }

  /// A command line for /bin/sh that runs `argv` with no shell expansion of its words.
  package static func join(_ argv: [String]) -> String {
    argv.map(quote).joined(separator: " ")
  }

  /// Splits `line` into words as a POSIX shell would (quotes and backslashes), without
  /// expanding anything; an unterminated quote is an error.
  package static func split(_ line: String) throws(ShellSyntaxError) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in line {
      if escaped {
        // Inside double quotes a backslash only escapes these; elsewhere it stays literal.
        if quote == "\"" && !"$`\"\\\n".contains(character) { current.append("\\") }
        current.append(character)
        escaped = false
        continue
      }
      if let open = quote {
        if character == open {
          quote = nil
        } else if character == "\\" && open == "\"" {
          escaped = true
        } else {
          current.append(character)
        }
        continue
      }
      switch character {
      case "'", "\"":
        quote = character
        inWord = true
      case "\\":
        escaped = true
        inWord = true
      case " ", "\t", "\n":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      default:
        current.append(character)
        inWord = true
      }
    }
    if quote != nil { throw ShellSyntaxError(text: line, reason: "unterminated quote") }
    if inWord { words.append(current) }
    return words
  }
}

package struct ShellSyntaxError: Error, CustomStringConvertible {
  package let text: String
  package let reason: String
  package var description: String { "\(reason) in: \(text)" }
}

extension String {
  /// Plain substring replacement without Foundation's overhead in hot paths.
  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
