import Foundation
import ValueModel

/// Ansible's legacy `k=v` argument strings (`copy: src=a dest=b`, `action: shell echo hi`).
enum KeyValueArguments {
  /// Splits `text` into options and a free-form remainder. Words without an unescaped `=`
  /// are kept, verbatim and in order, as `_raw_params`. For free-form modules (`command`,
  /// `shell`, ...) only the `k=v` words in `Keywords.freeFormOptions` become options,
  /// as Ansible does; the rest stay part of the command.
  static func parse(_ text: String, freeForm: Bool) -> ValueDict {
    var options: ValueDict = [:]
    var raw: [String] = []
    for substring in ModuleArguments.words(text) {
      let word = String(substring)
      guard let equals = separator(in: word) else {
        raw.append(word.replacingOccurrences(of: "\\=", with: "="))
        continue
      }
      let key = String(word[..<equals]).trimmingCharacters(in: .whitespacesAndNewlines)
      if freeForm && !Keywords.freeFormOptions.contains(key) {
        raw.append(word)
      } else {
        // Escapes are decoded before the value is trimmed, as Ansible's parse_kv does:
        // `content=hello\n` gives "hello".
        let value = decodeEscapes(String(word[word.index(after: equals)...])).trimmingCharacters(in: .whitespacesAndNewlines)
        options[key] = .string(unquote(value))
      }
    }
    if !raw.isEmpty { options["_raw_params"] = .string(ModuleArguments.joined(raw)) }
    return options
  }

  /// Splits `module k=v ...` (the `action:` string) into the module name and the rest.
  static func splitAction(_ text: String) -> (action: String, rest: String) {
    let words = ModuleArguments.words(text)
    guard let first = words.first else { return ("", "") }
    let rest = text[first.endIndex...].trimmingCharacters(in: .whitespaces)
    return (String(first).trimmingCharacters(in: .whitespaces), rest)
  }

  /// The first `=` not escaped with a backslash and not the first character.
  private static func separator(in word: String) -> String.Index? {
    var index = word.startIndex
    var previous: Character?
    while index < word.endIndex {
      let character = word[index]
      if character == "=", index != word.startIndex, previous != "\\" { return index }
      previous = character
      index = word.index(after: index)
    }
    return nil
  }

  /// Strips one pair of matching outer quotes, as Ansible's `unquote`.
  private static func unquote(_ value: String) -> String {
    guard value.count >= 2, let first = value.first, first == value.last, first == "'" || first == "\"" else { return value }
    return String(value.dropFirst().dropLast())
  }

  /// Python's escapes in a `k=v` value (`\n`, `\t`, `\\`, `\"`, `\xhh`, `\uXXXX`), which
  /// Ansible decodes before it splits key from value.
  static func decodeEscapes(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    var result = ""
    var characters = text[...]
    while let character = characters.popFirst() {
      guard character == "\\", let next = characters.first else {
        result.append(character)
        continue
      }
      let simple: [Character: String] = [
        "n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}",
        "f": "\u{0C}", "v": "\u{0B}", "0": "\0",
      ]
      if let replacement = simple[next] {
        characters = characters.dropFirst()
        result += replacement
        continue
      }
      let width = next == "x" ? 2 : next == "u" ? 4 : next == "U" ? 8 : 0
      let digits = characters.dropFirst().prefix(width)
      if width > 0, digits.count == width, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) {
        characters = characters.dropFirst(width + 1)
        result.unicodeScalars.append(scalar)
        continue
      }
      result.append(character)
    }
    return result
  }
}
