import Foundation
import SwiftPlayCore
import Testing

/// One playbook of the differential suite (Tests/Differential/NN-topic.yml) with what its
/// header says: the extra command-line arguments both tools get (`# args: ...`), the
/// exit code the author saw from ansible-playbook (`# exit: N`) and what is compared
/// beyond exit, recap and files (`# compare: json list-tasks list-tags`). Keeping these
/// in the playbook itself means a new case is one new file, and it runs the same from
/// the shell.
struct DifferentialPlaybook: Sendable, CustomTestStringConvertible {
  /// An output compared on request, beside exit code, recap and sandbox.
  enum Comparison: String, Sendable, CaseIterable {
    /// The run prints the json callback's document (ansible.posix.json), compared
    /// structurally (DifferentialJSON); the recap is then read from its `stats`.
    case json
    /// An extra run of each tool with `--list-tasks`, compared line by line.
    case listTasks = "list-tasks"
    /// An extra run of each tool with `--list-tags`, compared line by line.
    case listTags = "list-tags"
  }

  /// The file name, e.g. `07-serial-percent-list.yml`.
  let name: String
  /// Extra arguments, split as `sh` would split the header line.
  let arguments: [String]
  /// The exit code ansible-playbook gave when the playbook was written; nil if not stated.
  let expectedExit: Int32?
  /// What the `# compare:` line asks for.
  var comparisons: Set<Comparison> = []
  /// Why the `# args:` line could not be split (an unclosed quote) or a `# compare:` word
  /// is unknown, if so.
  var headerProblem: String?

  var testDescription: String { name }

  /// Tests/Differential, where the playbooks, inventory, roles and vars files live; both
  /// tools run with it as their working directory.
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Differential").path

  /// Every NN-topic.yml in the folder, in name order.
  static func all() -> [DifferentialPlaybook] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter(isPlaybookName).sorted().compactMap { name in
      guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { return nil }
      return parse(name: name, text: text)
    }
  }

  /// The playbooks chosen by SWIFTPLAY_DIFF (comma-separated name prefixes such as
  /// `07,12-ignore`), or all of them when it is unset or empty.
  static func selected(filter: String? = ProcessInfo.processInfo.environment["SWIFTPLAY_DIFF"]) -> [DifferentialPlaybook] {
    let prefixes = (filter ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    guard !prefixes.isEmpty else { return all() }
    return all().filter { playbook in prefixes.contains { playbook.name.hasPrefix($0) } }
  }

  static func isPlaybookName(_ name: String) -> Bool {
    name.range(of: #"^[0-9]{2}-[A-Za-z0-9._-]+\.yml$"#, options: .regularExpression) != nil
  }

  /// Reads the header comment lines at the top of the file.
  static func parse(name: String, text: String) -> DifferentialPlaybook {
    var arguments: [String] = []
    var exit: Int32?
    var problem: String?
    var comparisons: Set<Comparison> = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("#") else { break }
      let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
      if body.hasPrefix("args:") {
        do { arguments = try ShellQuote.split(String(body.dropFirst("args:".count))) } catch { problem = error.description }
      } else if body.hasPrefix("exit:") {
        exit = Int32(body.dropFirst("exit:".count).trimmingCharacters(in: .whitespaces))
      } else if body.hasPrefix("compare:") {
        for word in body.dropFirst("compare:".count).split(whereSeparator: { $0 == " " || $0 == "," }) {
          if let comparison = Comparison(rawValue: String(word)) {
            comparisons.insert(comparison)
          } else {
            let known = Comparison.allCases.map(\.rawValue).joined(separator: ", ")
            problem = "unknown comparison '\(word)' on the '# compare:' line (known: \(known))"
          }
        }
      }
    }
    return DifferentialPlaybook(
      name: name, arguments: arguments, expectedExit: exit, comparisons: comparisons, headerProblem: problem)
  }
}
