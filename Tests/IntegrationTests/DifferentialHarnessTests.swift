import Foundation
import Testing

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
}
