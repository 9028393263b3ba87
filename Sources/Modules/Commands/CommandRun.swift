import Foundation
import SwiftPlayCore
import ValueModel

/// What command, shell and raw share: running a command line on the target and shaping
/// the outcome into Ansible's result keys.
enum CommandRun {
  /// Runs `commandLine` and returns the result as Ansible's command module reports it:
  /// `changed` always true, `failed` with "non-zero return code" when rc is not 0.
  static func execute(
    _ commandLine: String, cmd: Value, stdin: String?, stripEnds: Bool, on target: Target
  ) async throws(ConnectionError) -> ModuleResult {
    let start = Date()
    var outcome = try await target.run(commandLine, stdin: Array((stdin ?? "").utf8))
    let end = Date()
    // Taken out of the outcome, so each is referenced once and trimmed in place: a copy of
    // a 100 MB output per host adds up.
    var stdout = outcome.stdout
    var stderr = outcome.stderr
    (outcome.stdout, outcome.stderr) = ("", "")
    if stripEnds {
      trimTrailingNewlines(&stdout)
      trimTrailingNewlines(&stderr)
    }
    var values: ValueDict = [
      "cmd": cmd,
      "rc": .int(outcome.rc),
      "stdout": .string(stdout),
      "stderr": .string(stderr),
      "stdout_lines": lines(stdout),
      "stderr_lines": lines(stderr),
      "start": .string(PythonDatetime.localTimestamp(start)),
      "end": .string(PythonDatetime.localTimestamp(end)),
      "delta": .string(delta(end.timeIntervalSince(start))),
      "msg": "",
    ]
    let failed = outcome.rc != 0
    if failed {
      values["msg"] = .string(outcome.exitSignal.map { "killed by signal \($0) (SIG\($0))" } ?? "non-zero return code")
    }
    return ModuleResult(changed: true, failed: failed, values: values)
  }

  /// Ansible's `creates`/`removes` check, run before the command itself: in `chdir` when
  /// given, with glob patterns matched. Returns the result to report when the command
  /// should not run.
  static func skipIfSatisfied(creates: String?, removes: String?, chdir: String?, on target: Target) async throws(ConnectionError) -> ModuleResult? {
    for (path, wantExists) in [(creates, true), (removes, false)] {
      guard let path else { continue }
      var test = "for f in \(ShellQuote.quoteKeepingGlobs(path)); do [ -e \"$f\" ] && exit 0; done; exit 1"
      if let chdir { test = "cd \(ShellQuote.quote(chdir)) && { \(test); }" }
      let exists = try await target.run(test).rc == 0
      guard exists == wantExists else { continue }
      let verb = wantExists ? "exists" : "does not exist"
      let stdout = "skipped, since \(path) \(verb)"
      return ModuleResult(changed: false, values: [
        "cmd": .string(""), "rc": 0, "stdout": .string(stdout), "stderr": "", "stdout_lines": .list([.string(stdout)]),
        "stderr_lines": .list([]), "start": .null, "end": .null, "delta": .null,
        "msg": .string("Did not run command since '\(path)' \(verb)"),
      ])
    }
    return nil
  }

  static func stripTrailingNewlines(_ text: String) -> String {
    var result = text
    trimTrailingNewlines(&result)
    return result
  }

  /// Removes trailing line ends in place (no copy when `text` is the only reference).
  static func trimTrailingNewlines(_ text: inout String) {
    while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
  }

  static func lines(_ text: String) -> Value {
    // Python's splitlines(): no lines for empty text, none after a final newline.
    var parts = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    if parts.last?.isEmpty == true { parts.removeLast() }
    return .list(parts.map { .string(String($0)) })
  }

  /// `0:00:00.003432`, as Python prints a timedelta.
  static func delta(_ interval: TimeInterval) -> String {
    let micro = Int((interval * 1_000_000).rounded())
    let seconds = micro / 1_000_000
    return String(format: "%d:%02d:%02d.%06d", seconds / 3600, seconds / 60 % 60, seconds % 60, micro % 1_000_000)
  }
}
