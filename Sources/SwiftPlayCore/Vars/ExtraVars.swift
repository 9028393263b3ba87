import AnsibleYAML
import Foundation
import ValueModel

/// `-e` / `--extra-vars`, the highest-ranking variables: `key=value` words, a JSON or YAML
/// mapping, or `@file` naming a YAML/JSON file. Later arguments win.
package enum ExtraVars {
  package struct ParseError: Error, CustomStringConvertible {
    package let argument: String
    package let reason: String
    package var description: String { "invalid extra vars '\(argument)': \(reason)" }
  }

  /// `yaml` reads `@file` and inline YAML, with the run's vault secrets.
  package static func parse(_ arguments: [String], yaml: YAMLLoader = YAMLLoader()) throws(ParseError) -> ValueDict {
    var merged: ValueDict = [:]
    for argument in arguments { merged.merge(try parseOne(argument, yaml: yaml)) { _, new in new } }
    return merged
  }

  static func parseOne(_ argument: String, yaml: YAMLLoader = YAMLLoader()) throws(ParseError) -> ValueDict {
    let trimmed = argument.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("@") {
      let path = String(trimmed.dropFirst())
      let text: String
      do { text = try ControllerFile.readText(path) } catch { throw ParseError(argument: argument, reason: error.description) }
      return try mapping(text, source: path, argument: argument, yaml: yaml)
    }
    if trimmed.hasPrefix("{") || trimmed.hasPrefix("---") {
      return try mapping(trimmed, source: "<extra vars>", argument: argument, yaml: yaml)
    }
    // key=value words; values stay strings, as Ansible keeps them.
    var vars: ValueDict = [:]
    let words: [String]
    do { words = try ShellQuote.split(trimmed) } catch { throw ParseError(argument: argument, reason: error.description) }
    for word in words {
      guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
        throw ParseError(argument: argument, reason: "expected key=value, JSON or @file, found '\(word)'")
      }
      vars[String(word[..<equals])] = .string(String(word[word.index(after: equals)...]))
    }
    return vars
  }

  static func mapping(_ text: String, source: String, argument: String, yaml: YAMLLoader) throws(ParseError) -> ValueDict {
    let value: Value
    do { value = try yaml.load(text, file: source) } catch {
      throw ParseError(argument: argument, reason: error.description)
    }
    switch value {
    case .null: return [:]
    case let .dict(vars): return vars
    default: throw ParseError(argument: argument, reason: "extra vars must be a mapping of names to values")
    }
  }
}
