import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's `local` collector: every `*.fact` in `fact_path`, by name without the
/// suffix. A file whose owner may execute it is run and its output read; any other is
/// read as is. The text is JSON, else INI; what cannot be read becomes Ansible's message
/// as the fact's value (and a warning), never a failed task.
enum SetupLocalFacts {
  static let local = SetupCollector(
    name: "local",
    sections: { options in [.init("local", script(factPath: options.factPath))] },
    parse: { output, _ in
      let (facts, _) = parse(output)
      return ["local": .dict(facts)]
    })

  /// For each fact file: its name, its mode, then its output (with exit status and
  /// error output) or its content, all as hex so any byte survives.
  static func script(factPath: String) -> String {
    let run = "\"$fn\" </dev/null 2>\"$e\"; echo $? >\"$e.rc\""
    return [
      "fp=\(ShellQuote.quote(factPath))",
      "i=0; if [ -e \"$fp\" ]; then for fn in \"$fp\"/*.fact; do",
      "  [ -e \"$fn\" ] || [ -L \"$fn\" ] || continue",
      "  i=$((i + 1)); echo \"@@localfact $i\"; \(ProbeWord.echo("name", variable: "fn"))",
      "  if m=$(stat -L -c %a \"$fn\" 2>/dev/null); then echo \"mode=$m\"; else echo \"stat=$(stat -L \"$fn\" 2>&1 >/dev/null | head -n 1)\"; continue; fi",
      "  case $(( 0$m & 0100 )) in 0) \(ProbeWord.echo("content", output: "cat \"$fn\" 2>/dev/null"));;",
      "  *) e=$(mktemp) || continue; \(ProbeWord.echo("out", output: run)); echo \"rc=$(cat \"$e.rc\")\"; \(ProbeWord.echo("err", output: "cat \"$e\"")); rm -f \"$e\" \"$e.rc\";;",
      "  esac",
      "done; fi",
    ].joined(separator: "\n")
  }

  /// The facts by name and the warnings Ansible would print.
  static func parse(_ output: SetupOutput) -> (facts: ValueDict, warnings: [String]) {
    var facts: ValueDict = [:]
    var warnings: [String] = []
    for block in blocks(output) {
      let path = block["name"].flatMap { ProbeWord.decode(Substring($0)) } ?? ""
      var base = URL(fileURLWithPath: path).lastPathComponent
      base = base.replacingOccurrences(of: ".fact", with: "")
      if let failure = block["stat"] {
        let reason = failure.contains("Permission denied") ? "[Errno 13] Permission denied" : "[Errno 2] No such file or directory"
        let message = "Could not stat fact (\(path)): \(reason): '\(path)'"
        facts[base] = .string(message)
        warnings.append(message)
        continue
      }
      let text: String
      if let out = block["out"] {
        let rc = Int(block["rc"] ?? "") ?? 0
        if rc != 0 {
          let error = block["err"].flatMap { ProbeWord.decode(Substring($0)) } ?? ""
          let message = "Failure executing fact script (\(path)), rc: \(rc), err: \(error)"
          facts[base] = .string(message)
          warnings.append(message)
          continue
        }
        text = ProbeWord.decode(Substring(out)) ?? ""
      } else {
        // Ansible's get_file_content: stripped, and empty when unreadable.
        text = (block["content"].flatMap { ProbeWord.decode(Substring($0)) } ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      }
      let (value, warning) = read(text, path: path)
      facts[base] = value
      if let warning { warnings.append(warning) }
    }
    return (facts, warnings)
  }

  /// The text as JSON, else as INI (each section a mapping), else Ansible's message.
  static func read(_ text: String, path: String) -> (Value, String?) {
    if let json = try? JSON.decode(text) { return (json, nil) }
    switch SetupINIParser.parse(text) {
    case let .success(sections):
      return (.dict(ValueDict(sortingKeys: sections.mapValues { .dict(ValueDict(sortingKeys: $0.mapValues(Value.string))) })), nil)
    case let .failure(error):
      let message: String
      if case let .interpolation(detail) = error {
        message = "error loading facts as ini - please check content: \(path) (\(detail))"
      } else {
        message = "error loading facts as JSON or ini - please check content: \(path)"
      }
      return (.string(message), message)
    }
  }

  /// The `@@localfact` sections' key=value lines, sorted by path as Python's sorted()
  /// orders the glob.
  static func blocks(_ output: SetupOutput) -> [[String: String]] {
    func path(_ block: [String: String]) -> String { block["name"].flatMap { ProbeWord.decode(Substring($0)) } ?? "" }
    return output.names(startingWith: "localfact ").map { output.values("localfact " + $0) }
      .sorted { Array(path($0).unicodeScalars.map(\.value)).lexicographicallyPrecedes(path($1).unicodeScalars.map(\.value)) }
  }
}
