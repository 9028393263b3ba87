import Foundation
import SwiftPlayCore
import Testing
import ValueModel

/// The differential harness's own parts, without the lab: header lines, recap lines and
/// the sandbox snapshot, so a broken comparison cannot make the suite pass by accident.
struct DifferentialHarnessTests {
  @Test func headerGivesArgumentsAndExit() {
    let text = """
      # 99-x: what it does
      # args: -e '{"a": 1}' -l "web,db" --start-at-task "third step" -e k=v\\ w
      # exit: 4
      - hosts: all
      # args: not read, the header ended
      """
    let playbook = DifferentialPlaybook.parse(name: "99-x.yml", text: text)
    #expect(playbook.arguments == ["-e", #"{"a": 1}"#, "-l", "web,db", "--start-at-task", "third step", "-e", "k=v w"])
    #expect(playbook.expectedExit == 4)
    #expect(playbook.comparisons.isEmpty)
    #expect(DifferentialPlaybook.isPlaybookName("07-serial.yml"))
    #expect(!DifferentialPlaybook.isPlaybookName("imported.yml"))
  }

  @Test func recapIsReadPerHost() {
    let output = """
      PLAY [x] ***
      lab1 : ok=9 this is not the recap

      PLAY RECAP *********************************************************************
      dead1                      : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   
      lab1                       : ok=5    changed=3    unreachable=0    failed=0    skipped=1    rescued=0    ignored=2   

      """
    let recap = DifferentialRecap(output: output)
    #expect(recap.hosts.count == 2)
    #expect(recap.hosts["lab1"]?["ok"] == 5)
    #expect(recap.hosts["lab1"]?["ignored"] == 2)
    #expect(recap.hosts["dead1"]?["unreachable"] == 1)
    #expect(DifferentialRecap(output: "ERROR! parse error\n").hosts.isEmpty)
  }

  @Test func snapshotSeesTypesModesContentAndLinks() throws {
    let root = try Lab.scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/d", withIntermediateDirectories: true)
    chmod(root + "/d", 0o711)
    try "hi\n".write(toFile: root + "/d/f", atomically: false, encoding: .utf8)
    chmod(root + "/d/f", 0o640)
    try FileManager.default.createSymbolicLink(atPath: root + "/l", withDestinationPath: "d/f")
    let snapshot = DifferentialSnapshot(root: root)
    #expect(snapshot.entries == ["d": .directory(mode: 0o711), "d/f": .file(mode: 0o640, content: "hi\n"),
                                 "l": .symlink(target: "d/f")])
    var other = snapshot
    other.entries["d/f"] = .file(mode: 0o600, content: "hi\n")
    other.entries["extra"] = .directory(mode: 0o755)
    let differences = snapshot.differences(from: other, referenceName: "a", otherName: "b")
    #expect(differences == ["d/f: a file 0640 \"hi\\n\", b file 0600 \"hi\\n\"", "extra: a absent, b directory 0755"])
  }

  @Test func headerNamesComparisons() {
    let playbook = DifferentialPlaybook.parse(name: "99-x.yml", text: "# compare: json list-tasks,list-tags\n# exit: 0\n")
    #expect(playbook.comparisons == [.json, .listTasks, .listTags])
    #expect(playbook.headerProblem == nil)
    let wrong = DifferentialPlaybook.parse(name: "99-x.yml", text: "# compare: json listtasks\n")
    #expect(wrong.headerProblem?.contains("unknown comparison 'listtasks'") == true)
  }

  /// Times and ids are replaced only where they have their shape; everything else,
  /// types included, must still be equal.
  @Test func jsonNormalisationKeepsWhatMatters() throws {
    func document(id: String, start: String, delta: String, rc: String) -> String {
      """
      {"plays": [{"play": {"id": "\(id)", "name": "p", "path": "/x.yml:1",
        "duration": {"start": "\(start)", "end": "2026-12-03T18:30:09Z"}},
        "tasks": [{"task": {"id": "t-\(id)", "name": "t", "path": "/x.yml:4", "duration": {"start": "\(start)"}},
          "hosts": {"lab1": {"start": "2026-12-03 18:30:08.652663", "delta": "\(delta)", "rc": \(rc),
            "results": [{"end": "2026-12-03 18:30:08.700001", "item": 1}]}}},
          {"task": {"id": "t-\(id)", "name": "t", "path": "/x.yml:4", "duration": {"start": "\(start)"}}, "hosts": {}}]}],
       "stats": {"lab1": {"failures": 1, "ok": 2}}}
      """
    }
    let reference = try JSON.decode(document(id: "a", start: "2026-12-03T18:30:08.100000Z", delta: "0:00:00.030605", rc: "0"))
    let same = try JSON.decode(document(id: "b", start: "2026-12-03T18:31:00Z", delta: "0:00:01.000000", rc: "0"))
    let float = try JSON.decode(document(id: "b", start: "2026-12-03T18:31:00Z", delta: "0:00:01.000000", rc: "0.0"))
    let badTime = try JSON.decode(document(id: "b", start: "yesterday", delta: "1 s", rc: "0"))
    let (n, m) = (DifferentialJSON.normalised(reference), DifferentialJSON.normalised(same))
    #expect(DifferentialJSON.differences(n, m, referenceName: "a", otherName: "b").isEmpty)
    let typed = DifferentialJSON.differences(n, DifferentialJSON.normalised(float), referenceName: "a", otherName: "b")
    #expect(typed == ["plays[0].tasks[0].hosts.lab1.rc: a 0, b 0.0"])
    let times = DifferentialJSON.differences(n, DifferentialJSON.normalised(badTime), referenceName: "a", otherName: "b")
    #expect(times.count == 4)
    #expect(times.contains("plays[0].tasks[0].hosts.lab1.delta: a \"<delta>\", b \"1 s\""))
    // Two entries of one task (the free strategy) keep sharing their id.
    #expect(JSON.dump(n).components(separatedBy: "\"<id 2>\"").count == 3)
    #expect(JSON.dump(n).contains("\"<id 1>\""))
    #expect(DifferentialJSON.recap(reference).hosts["lab1"] == ["failed": 1, "ok": 2])
  }

  @Test func jsonTaskSequenceDifferenceNamesTheFirstMisplacedTask() throws {
    let a = try JSON.decode(#"{"plays": [{"play": {}, "tasks": [{"task": {"name": "one"}}, {"task": {"name": "two"}}]}]}"#)
    let b = try JSON.decode(#"{"plays": [{"play": {}, "tasks": [{"task": {"name": "one"}}]}]}"#)
    let lines = DifferentialJSON.differences(a, b, referenceName: "ansible", otherName: "swiftplay")
    #expect(lines.first?.hasPrefix("task sequence differs from entry 1: ansible 2 entries, swiftplay 1") == true)
    #expect(lines.contains("plays[0].tasks: ansible 2 items, swiftplay 1"))
  }

  @Test func listingIsComparedLineByLine() {
    let reference = DifferentialRunner.Listing(command: "", code: 0, stdout: "a\nb\nc\n", stderr: "")
    let candidate = DifferentialRunner.Listing(command: "", code: 0, stdout: "a\nc\nd\n", stderr: "warning")
    let lines = LabTests.DifferentialTests.listingDifferences(.listTasks, reference, candidate, "x", "y")
    #expect(lines == ["--list-tasks x line 2 \"b\": not in y's", "--list-tasks y line 3 \"d\": not in x's"])
    #expect(LabTests.DifferentialTests.listingDifferences(.listTags, reference, reference, "x", "y").isEmpty)
  }
}
