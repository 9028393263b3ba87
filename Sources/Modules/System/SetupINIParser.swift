import Foundation

/// INI text read as Python's `configparser.ConfigParser()` (its defaults) reads a local
/// fact: `[section]` headers, `key = value` or `key: value` (keys lower-cased), `#` and
/// `;` comment lines, indented continuation lines, `[DEFAULT]` values shown in every
/// section, `%(name)s` and `%%` expanded when a value is read. Duplicates, a key before
/// any section, or a line that is neither are errors, as there.
enum SetupINIParser {
  enum Failure: Error, Equatable {
    /// The text is not INI: Ansible says "error loading facts as JSON or ini".
    case syntax
    /// A value's `%` expansion failed: Ansible names the file and this detail.
    case interpolation(String)
  }

  static func parse(_ text: String) -> Result<[String: [String: String]], Failure> {
    var defaults: [(String, [String])] = []
    var sections: [(name: String, options: [(String, [String])])] = []
    var inDefault = false
    var currentKeyIndent: Int?
    var sawSection = false
    func append(_ line: String) {
      if inDefault { defaults[defaults.count - 1].1.append(line) } else {
        sections[sections.count - 1].options[sections[sections.count - 1].options.count - 1].1.append(line)
      }
    }
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(rawLine).replacingOccurrences(of: "\r", with: "")
      let stripped = line.trimmingCharacters(in: .whitespaces)
      let indent = line.prefix { $0 == " " || $0 == "\t" }.count
      if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
      if stripped.isEmpty {
        // An empty line inside a value is kept; trailing ones are dropped at the end.
        if currentKeyIndent != nil { append("") }
        continue
      }
      if let keyIndent = currentKeyIndent, indent > keyIndent {
        append(stripped)
        continue
      }
      currentKeyIndent = nil
      if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"), close > stripped.index(after: stripped.startIndex) {
        let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
        if name == "DEFAULT" {
          inDefault = true
        } else {
          if sections.contains(where: { $0.name == name }) { return .failure(.syntax) }
          sections.append((name, []))
          inDefault = false
        }
        sawSection = true
        continue
      }
      guard sawSection else { return .failure(.syntax) }
      guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return .failure(.syntax) }
      let key = stripped[..<delimiter].trimmingCharacters(in: .whitespaces).lowercased()
      guard !key.isEmpty else { return .failure(.syntax) }
      let value = stripped[stripped.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
      if inDefault {
        if defaults.contains(where: { $0.0 == key }) { return .failure(.syntax) }
        defaults.append((key, [value]))
      } else {
        if sections[sections.count - 1].options.contains(where: { $0.0 == key }) { return .failure(.syntax) }
        sections[sections.count - 1].options.append((key, [value]))
      }
      currentKeyIndent = indent
    }
    func joined(_ lines: [String]) -> String {
      var lines = lines
      while lines.count > 1, lines.last == "" { lines.removeLast() }
      return lines.joined(separator: "\n")
    }
    let defaultValues = Dictionary(defaults.map { ($0.0, joined($0.1)) }) { first, _ in first }
    var result: [String: [String: String]] = [:]
    for section in sections {
      var raw = defaultValues
      for (key, lines) in section.options { raw[key] = joined(lines) }
      var values: [String: String] = [:]
      for key in raw.keys {
        switch expand(key, in: raw, section: section.name, depth: 1) {
        case let .success(value): values[key] = value
        case let .failure(failure): return .failure(failure)
        }
      }
      result[section.name] = values
    }
    return .success(result)
  }

  /// configparser's BasicInterpolation of one value.
  static func expand(_ key: String, in values: [String: String], section: String, depth: Int) -> Result<String, Failure> {
    guard let raw = values[key] else { return .success("") }
    return expandText(raw, option: key, in: values, section: section, depth: depth)
  }

  static func expandText(_ raw: String, option: String, in values: [String: String], section: String, depth: Int) -> Result<String, Failure> {
    guard depth <= 10 else {
      return .failure(.interpolation("Recursion limit exceeded in value substitution: option '\(option)' in section '\(section)' contains an interpolation key which cannot be substituted in 10 steps. Raw value: '\(raw)'"))
    }
    var result = ""
    var rest = Substring(raw)
    while let percent = rest.firstIndex(of: "%") {
      result += rest[..<percent]
      let after = rest[rest.index(after: percent)...]
      if after.hasPrefix("%") {
        result += "%"
        rest = after.dropFirst()
      } else if after.hasPrefix("("), let close = after.range(of: ")s") {
        let name = after[after.index(after: after.startIndex)..<close.lowerBound].lowercased()
        guard let value = values[name] else {
          return .failure(.interpolation("Bad value substitution: option '\(option)' in section '\(section)' contains an interpolation key '\(name)' which is not a valid option name. Raw value: '\(raw)'"))
        }
        switch expandText(value, option: option, in: values, section: section, depth: depth + 1) {
        case let .success(text): result += text
        case let .failure(failure): return .failure(failure)
        }
        rest = after[close.upperBound...]
      } else if after.hasPrefix("(") {
        return .failure(.interpolation("bad interpolation variable reference '\(rest[percent...])'"))
      } else {
        return .failure(.interpolation("'%' must be followed by '%' or '(', found: '\(rest[percent...])'"))
      }
    }
    return .success(result + rest)
  }
}
