import ValueModel

/// A module's arguments as the user wrote them: an optional free-form part (the command of
/// `shell`) and named options.
package struct ModuleArguments: Sendable, Equatable {
  package var freeForm: String?
  package var options: ValueDict

  package init(freeForm: String? = nil, options: ValueDict = [:]) {
    self.freeForm = freeForm
    self.options = options
  }

  /// Reads Ansible's `-a` text. Words `key=value` whose key is in `keys` become options;
  /// when the module takes free form, the rest is kept verbatim as the free-form part,
  /// otherwise every word must be `key=value`.
  /// `rejectingUnknown: false` leaves unknown keys to the module's own validation.
  package static func parse(
    _ text: String, module: String, keys: Set<String>, freeForm: Bool, rejectingUnknown: Bool = true
  ) throws(ModuleError) -> ModuleArguments {
    var arguments = ModuleArguments()
    var kept: [Substring] = []
    for word in words(text) {
      let unquoted = (try? ShellQuote.split(String(word)).first) ?? String(word)
      if let equals = unquoted.firstIndex(of: "="), keys.contains(String(unquoted[..<equals])) || !freeForm {
        arguments.options[String(unquoted[..<equals])] = .string(String(unquoted[unquoted.index(after: equals)...]))
      } else if freeForm {
        kept.append(word)
      } else {
        throw ModuleError(module: module, message: "the \(module) module takes key=value arguments, not '\(unquoted)'")
      }
    }
    if !kept.isEmpty { arguments.freeForm = joined(kept.map(String.init)) }
    if rejectingUnknown { try arguments.rejectUnknown(module: module, allowed: keys) }
    return arguments
  }

  /// Ansible's message for options a module does not have.
  package func rejectUnknown(module: String, allowed: Set<String>) throws(ModuleError) {
    let unknown = options.keys.filter { !allowed.contains($0) }.sorted()
    guard !unknown.isEmpty else { return }
    throw ModuleError(
      module: module,
      message: "Unsupported parameters for (\(module)) module: \(unknown.joined(separator: ", ")). "
        + "Supported parameters include: \(allowed.sorted().joined(separator: ", ")).")
  }

  package func string(_ key: String) -> String? { options[key]?.plainText }

  /// Words back into one text as Ansible's join_args does: a space between words, none
  /// after a word that ends a line.
  static func joined(_ words: [String]) -> String {
    words.reduce(into: "") { text, word in
      if !text.isEmpty && !text.hasSuffix("\n") { text += " " }
      text += word
    }
  }

  /// Splits on unquoted whitespace but keeps each word's quotes, so the free-form part
  /// reaches the shell exactly as typed. A `{{ ... }}` or `{% ... %}` stays inside one
  /// word, as Ansible's argument splitter keeps it. A line break outside quotes ends the
  /// word before it with "\n", so a multi-line `shell:` keeps its lines when joined.
  static func words(_ text: String) -> [Substring] {
    var result: [Substring] = []
    var lineEnds: Set<Int> = []   // indices in `result` of words that end a line
    var start: String.Index?
    var quote: Character?
    var templateDepth = 0
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      let next = text.index(after: index)
      let pair = next < text.endIndex ? String([character, text[next]]) : ""
      if pair == "{{" || pair == "{%" {
        templateDepth += 1
        start = start ?? index
        index = text.index(after: next)
        continue
      }
      if templateDepth > 0 {
        if pair == "}}" || pair == "%}" {
          templateDepth -= 1
          index = text.index(after: next)
        } else {
          index = next
        }
        continue
      }
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
        start = start ?? index
      } else if character == " " || character == "\t" || character == "\n" {
        if let begin = start { result.append(text[begin..<index]) }
        start = nil
        if character == "\n", !result.isEmpty { lineEnds.insert(result.count - 1) }
      } else {
        start = start ?? index
      }
      index = text.index(after: index)
    }
    if let begin = start { result.append(text[begin...]) }
    // Each line end becomes part of its word: "echo a\n" as Ansible's split_args leaves it.
    return result.enumerated().map { index, word in
      guard lineEnds.contains(index) else { return word }
      let breaks = text[word.endIndex...].prefix { $0 == " " || $0 == "\t" || $0 == "\n" }.filter { $0 == "\n" }.count
      return Substring(String(word) + String(repeating: "\n", count: max(1, breaks)))
    }
  }
}
