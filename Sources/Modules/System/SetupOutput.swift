import Foundation
import SwiftPlayCore

/// What the setup script printed, split at its `@@name` headers, with the accessors the
/// fact parsers share. Ansible's collectors read files "stripped, or nothing when empty or
/// unreadable" (its get_file_content); `file(_:)` answers the same for a file the script
/// dumped with its `fc` function.
struct SetupOutput: Sendable {
  /// Each section's lines, without the trailing empty line.
  let sections: [String: [String]]
  /// Section names in the order they were printed (interfaces and devices keep the
  /// host's listing order this way).
  let order: [String]
  /// The module's options, for parsers that report them (fact_path in messages).
  let options: SetupOptions

  init(_ output: String, options: SetupOptions = SetupOptions()) {
    var sections: [String: [String]] = [:]
    var order: [String] = []
    var current: String?
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("@@") {
        let name = String(line.dropFirst(2))
        current = name
        if sections[name] == nil { order.append(name) }
        sections[name] = []
      } else if let current {
        sections[current, default: []].append(String(line))
      }
    }
    self.sections = sections.mapValues { lines in lines.last == "" ? Array(lines.dropLast()) : lines }
    self.order = order
    self.options = options
  }

  subscript(_ name: String) -> [String] { sections[name] ?? [] }

  /// Whether the section was printed at all (a probe prints a header only when it applies).
  func has(_ name: String) -> Bool { sections[name] != nil }

  /// The first line of a section, if any.
  func first(_ name: String) -> String? { sections[name]?.first }

  /// A dumped file's content, stripped; nil when it was absent, unreadable or empty.
  func file(_ path: String) -> String? {
    guard let lines = sections["file " + path] else { return nil }
    let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }

  /// A dumped file's lines (Ansible's get_file_lines): empty when there is no content.
  func fileLines(_ path: String) -> [String] {
    file(path).map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
  }

  /// The section names that start with `prefix` (one per interface or device), in order.
  func names(startingWith prefix: String) -> [String] {
    order.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
  }

  /// The files a section dumped with `grep -sH '' file...` (one `path:line` per line):
  /// each file's content, stripped; a file that was empty or unreadable is absent, as
  /// get_file_content's None. One grep reads many small sysfs files in one process.
  func grepped(_ name: String) -> [String: String] {
    var lines: [String: [String]] = [:]
    for line in self[name] {
      guard let colon = line.firstIndex(of: ":") else { continue }
      lines[String(line[..<colon]), default: []].append(String(line[line.index(after: colon)...]))
    }
    return lines.compactMapValues { lines in
      let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
      return text.isEmpty ? nil : text
    }
  }

  /// `key=value` lines of a section as a map; the first `=` splits.
  func values(_ name: String) -> [String: String] {
    var result: [String: String] = [:]
    for line in self[name] {
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = String(line[..<equals])
      if result[key] == nil { result[key] = String(line[line.index(after: equals)...]) }
    }
    return result
  }
}

/// The setup module's options that change what the script does on the host.
struct SetupOptions: Sendable, Equatable {
  /// `fact_path`: where local facts (`*.fact`) are read.
  var factPath = "/etc/ansible/facts.d"
  /// `ansible_python_interpreter` when set; otherwise the script discovers one as
  /// Ansible's `auto` does.
  var python: String?
  /// `gather_timeout`: seconds a mount's size query may take.
  var gatherTimeout = 10
}
