/// POSIX shell quoting and word splitting, for building remote command lines from
/// arguments and for parsing Ansible's free-form `key=value` argument strings.
public enum ShellQuote {
  /// Quotes `word` for /bin/sh the way Python's shlex.quote does: left alone when it holds
  /// only safe characters, else wrapped in single quotes.
  public static func quote(_ word: String) -> String {
    if word.isEmpty { return "''" }
    let safe = word.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "@%+=:,./-_".unicodeScalars.contains($0)
    }
    if safe { return word }
    return "'" + word.replacingOccurrences("'", with: "'\"'\"'") + "'"
  }

  /// Quotes `word` so the shell expands only a leading `~` (or `~user`) and `$NAME` /
  /// `${NAME}` variables in it: no splitting, globbing or command substitution.
  public static func quoteExpandingVariables(_ word: String) -> String {
    var prefix = ""
    var rest = Substring(word)
    if rest.hasPrefix("~") {
      let user = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || "_.-".contains($0) }
      prefix = "~" + user
      rest = rest.dropFirst(1 + user.count)
      guard rest.isEmpty || rest.hasPrefix("/") else { return quote(word) }
    }
    guard rest.contains("$") else { return prefix + (rest.isEmpty ? "" : quote(String(rest))) }
    var out = "\""
    var index = rest.startIndex
    while index < rest.endIndex {
      let character = rest[index]
      let next = rest.index(after: index)
      if character == "$", next < rest.endIndex, rest[next] == "_" || rest[next].isLetter || rest[next] == "{" {
        out.append("$")  // a variable: left for the shell to expand
      } else if "$`\"\\".contains(character) {
        out += "\\" + String(character)
      } else {
        out.append(character)
      }
      index = next
    }
    return prefix + out + "\""
  }

  /// Quotes `pattern` but leaves `*`, `?` and `[...]` for the shell to match.
  public static func quoteKeepingGlobs(_ pattern: String) -> String {
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
  public static func join(_ argv: [String]) -> String {
    argv.map(quote).joined(separator: " ")
  }

  /// Splits `line` into words as a POSIX shell would (quotes and backslashes), without
  /// expanding anything; an unterminated quote is an error.
  public static func split(_ line: String) throws(ShellSyntaxError) -> [String] {
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

public struct ShellSyntaxError: Error, CustomStringConvertible {
  public let text: String
  public let reason: String
  public var description: String { "\(reason) in: \(text)" }
}

extension String {
  /// Plain substring replacement without Foundation's overhead in hot paths.
  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
