import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

/// The playbook callbacks against what ansible-playbook 2.19 itself printed for the same
/// events (Tests/Fixtures/callback, recorded by scripts/callback-oracle), byte for byte.
struct PlaybookCallbackTests {
  final class Lines: @unchecked Sendable {
    var stdout = ""
    var stderr = ""
    let lock = NSLock()
    func sink() -> Display.Sink {
      { line, toStandardError in self.lock.withLock { if toStandardError { self.stderr += line } else { self.stdout += line } } }
    }
  }

  func run(_ name: String, verbosity: Int = 0, diff: Bool = false, colors: Bool = false) throws -> String {
    let lines = Lines()
    let display = Display(colors: colors, sink: lines.sink())
    let callback = DefaultCallback(
      display: display, options: .init(verbosity: verbosity, diff: diff, readSource: CallbackReplay.readSource))
    try CallbackReplay.replay(name, into: callback)
    return lines.stdout
  }

  /// What Ansible printed, without the lines its command line (not its callback) prints.
  func expected(_ name: String) throws -> String {
    var text = try CallbackReplay.fixture(name + ".stdout")
    text = text.replacingOccurrences("No config file found; using defaults\n", with: "")
    return text
  }

  @Test(arguments: [
    ("basic", 0, false), ("basic-v", 1, false), ("multi", 0, false), ("flow", 0, false), ("flow-v", 1, false),
    ("diff", 0, true), ("check", 0, true),
  ])
  func matchesAnsible(name: String, verbosity: Int, diff: Bool) throws {
    let output = try run(name, verbosity: verbosity, diff: diff)
    let expected = try expected(name)
    #expect(output == expected)
    if output != expected { reportFirstDifference(output, expected) }
  }

  @Test(arguments: [("flow-color", 0, false), ("diff-color", 0, true)])
  func matchesAnsibleColors(name: String, verbosity: Int, diff: Bool) throws {
    let output = try run(name, verbosity: verbosity, diff: diff, colors: true)
    let expected = try expected(name)
    #expect(output == expected)
    if output != expected { reportFirstDifference(output, expected) }
  }

  /// -vv adds `task path:` lines and the PLAYBOOK banner; the version header, the plays
  /// count and handler notifications come from elsewhere in Ansible and are left out.
  @Test func matchesAnsibleAtVeryVerbose() throws {
    var expected = try expected("basic-vv")
    if let start = expected.range(of: "\nPLAYBOOK: ") { expected = String(expected[start.lowerBound...]) }
    expected = expected.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("Notification for handler") && !$0.hasSuffix(" plays in playbook.yml") && $0 != "1 plays in playbook.yml" }
      .joined(separator: "\n")
    let output = try run("basic-vv", verbosity: 2)
    #expect(output == expected)
    if output != expected { reportFirstDifference(output, expected) }
  }

  /// -vvv indents every result and keeps `invocation`; the connection's and the module
  /// loader's lines (`<host> EXEC ...`, `Using module file ...`) are not the callback's.
  @Test func matchesAnsibleAtVerbosityThree() throws {
    var expected = try expected("basic-vvv")
    if let start = expected.range(of: "\nPLAYBOOK: ") { expected = String(expected[start.lowerBound...]) }
    expected = expected.split(separator: "\n", omittingEmptySubsequences: false)
      .filter {
        !$0.hasPrefix("Notification for handler") && $0 != "1 plays in playbook.yml" && !$0.hasPrefix("<localhost>")
          && !$0.hasPrefix("Using module file ")
      }
      .joined(separator: "\n")
    let output = try run("basic-vvv", verbosity: 3)
    #expect(output == expected)
    if output != expected { reportFirstDifference(output, expected) }
  }

  func reportFirstDifference(_ output: String, _ expected: String) {
    let got = output.split(separator: "\n", omittingEmptySubsequences: false)
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(got.count, want.count) {
      let left = index < got.count ? String(got[index]) : "<end>"
      let right = index < want.count ? String(want[index]) : "<end>"
      if left != right {
        Issue.record("line \(index + 1):\n got: \(left.debugDescription)\nwant: \(right.debugDescription)")
        return
      }
    }
  }

  // MARK: pieces

  @Test func bannerWidth() {
    #expect(DefaultCallback.banner("PLAY [x]", terminalWidth: nil) == "\nPLAY [x] " + String(repeating: "*", count: 71))
    #expect(DefaultCallback.banner("PLAY [x]", terminalWidth: 100).count == 101)
    #expect(DefaultCallback.banner("PLAY [x]", terminalWidth: 40).count == 81)
    let long = "TASK [" + String(repeating: "n", count: 90) + "]"
    #expect(DefaultCallback.banner(long, terminalWidth: nil) == "\n\(long) ***")
    // Recorded: ansible-playbook pads `TASK [日本語 ✓ é]` with 62 stars (wide characters count twice).
    #expect(DefaultCallback.banner("TASK [日本語 ✓ é]", terminalWidth: nil) == "\nTASK [日本語 ✓ é] " + String(repeating: "*", count: 62))
  }

  @Test func recapColumns() {
    var stats = HostStats()
    stats.ok = 11
    stats.changed = 6
    stats.failed = 1
    stats.ignored = 2
    #expect(
      RecapLine.render(host: "localhost", stats: stats, colors: false)
        == "localhost                  : ok=11   changed=6    unreachable=0    failed=1    skipped=0    rescued=0    ignored=2   ")
    let long = "averyveryverylonghostname-abcdefghijklmnop.example.com"
    #expect(RecapLine.render(host: long, stats: HostStats(), colors: false).hasPrefix(long + " : ok=0    changed=0"))
    #expect(
      RecapLine.render(host: "h1", stats: stats, colors: true)
        == "\u{1B}[0;31mh1\u{1B}[0m                         : \u{1B}[0;32mok=11  \u{1B}[0m \u{1B}[0;33mchanged=6   \u{1B}[0m "
        + "unreachable=0    \u{1B}[0;31mfailed=1   \u{1B}[0m skipped=0    rescued=0    \u{1B}[1;35mignored=2   \u{1B}[0m")
  }

  @Test func itemLabels() {
    #expect(ResultDisplay.itemLabel("str") == "str")
    #expect(ResultDisplay.itemLabel(.dict(["name": "a", "v": .list([1, "x"])])) == "{'name': 'a', 'v': [1, 'x']}")
    #expect(ResultDisplay.itemLabel(.list([1, 2])) == "[1, 2]")
    #expect(ResultDisplay.itemLabel(true) == "True")
    #expect(ResultDisplay.itemLabel(.null) == "None")
    #expect(ResultDisplay.itemLabel(.double(1.5)) == "1.5")
    #expect(ResultDisplay.itemLabel(.list(["it's"])) == "[\"it's\"]")
  }

  /// Expected texts from Python's difflib.unified_diff (n=3), as Ansible calls it.
  @Test func unifiedDiffMatchesDifflib() {
    func diff(_ before: String, _ after: String) -> String {
      UnifiedDiff.text(before: before, after: after, fromFile: "before", toFile: "after")
    }
    #expect(diff("a\nb\nc\n", "a\nB\nc\n") == "--- before\n+++ after\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
    let lines = (0..<20).map { "l\($0)\n" }
    let edited = lines.enumerated().filter { $0.offset != 3 }.map { $0.element == "l15\n" ? "L15\n" : $0.element }
    #expect(
      diff(lines.joined(), edited.joined())
        == "--- before\n+++ after\n@@ -1,7 +1,6 @@\n l0\n l1\n l2\n-l3\n l4\n l5\n l6\n@@ -13,7 +12,7 @@\n l12\n l13\n l14\n-l15\n+L15\n l16\n l17\n l18\n")
    #expect(diff("a\nb\n", "") == "--- before\n+++ after\n@@ -1,2 +0,0 @@\n-a\n-b\n")
    #expect(diff("same\n", "same\n") == "")
    #expect(diff("a\nx\nb\nx\nc\n", "x\na\nb\nc\nx\n") == "--- before\n+++ after\n@@ -1,5 +1,5 @@\n+x\n a\n+b\n+c\n x\n-b\n-x\n-c\n")
    #expect(diff("", "first\nlast") == "--- before\n+++ after\n@@ -0,0 +1,2 @@\n+first\n+last\n\\ No newline at end of file\n")
  }

  @Test func diffOfMappings() {
    let entry: ValueDict = ["before": .dict(["mode": "0644", "path": "/f"]), "after": .dict(["mode": "0600", "path": "/f"])]
    #expect(
      DiffText.render([entry], colors: false)
        == "--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n-    \"mode\": \"0644\",\n+    \"mode\": \"0600\",\n     \"path\": \"/f\"\n }\n\n")
    #expect(DiffText.render([["dst_binary": 1]], colors: false) == "diff skipped: destination file appears to be binary\n")
    #expect(DiffText.render([["prepared": "ready\n"]], colors: false) == "ready\n")
    #expect(DiffText.render([["prepared": "0 upgraded."]], colors: false) == "0 upgraded.\n")
  }

  @Test func censoredResult() {
    let result = HostTaskResult(host: "h", status: .changed, result: ["changed": true, "stdout": "secret"], noLog: true)
    #expect(
      ResultDisplay.cleaned(result, action: "command", verbosity: 3)
        == ["censored": .string(ResultDisplay.censoredMessage), "changed": true])
  }

  @Test func errorExcerpt() {
    let source = "- hosts: all\n  tasks:\n\n    - fail: msg=x\n"
    let text = TaskErrorText.render(
      headline: "Task failed: Action failed: x", location: SourceLocation(file: "/p.yml", line: 4, column: 7), source: source)
    #expect(text == "[ERROR]: Task failed: Action failed: x\nOrigin: /p.yml:4:7\n\n2   tasks:\n3\n4     - fail: msg=x\n        ^ column 7\n")
  }
}
