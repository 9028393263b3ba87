import Foundation
import Testing

/// systemd_service (and service with `use: systemd`) against lab/fakes/systemctl-fake, put
/// first on PATH for the test playbook only (play-level `environment:`), on a lab host with
/// a real sudo. What it proves: the exact systemctl calls the modules make, in Ansible's
/// order, as root through become; that daemon-reload runs before the unit is read (the
/// fake only knows a new unit file after it); that a second run changes nothing; that
/// check mode calls nothing that changes state; Ansible's message for a missing unit.
/// What it does not prove: that a real systemd starts, enables or masks anything (these
/// machines have no systemd as PID 1).
extension LabTests {
  @Suite struct SystemdTests {
    /// A workspace with bin/systemctl linked to the fake and the fake's state folder.
    static func setUp(_ playbook: String, units: String) throws -> (folder: String, playbook: String, arguments: [String]) {
      try Lab.ensureUp()
      let (folder, path) = try LabTests.PlaybookTests.workspace(playbook)
      let manager = FileManager.default
      for sub in ["bin", "systemd", "systemd/unit-files"] {
        try manager.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
      }
      try manager.createSymbolicLink(atPath: folder + "/bin/systemctl", withDestinationPath: Lab.root + "/lab/fakes/systemctl-fake")
      for (file, text) in [("units", units), ("calls.log", "")] {
        manager.createFile(atPath: "\(folder)/systemd/\(file)", contents: Data(text.utf8), attributes: [.posixPermissions: 0o666])
      }
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      return (folder, path, ["-i", Lab.inventory, "-e", "@" + secrets, path])
    }

    static let environment = """
        environment:
          PATH: "WORK/bin:/usr/sbin:/usr/bin:/sbin:/bin"
          SYSTEMCTL_FAKE_DIR: WORK/systemd
      """

    /// The fake's log, and the calls in it that change something.
    static func calls(_ folder: String) throws -> [String] {
      try String(contentsOfFile: folder + "/systemd/calls.log", encoding: .utf8).split(separator: "\n").map(String.init)
    }
    static func changing(_ calls: [String]) -> [String] {
      calls.filter { !$0.contains(" show ") && !$0.contains(" is-enabled ") }
    }

    @Test func startEnableMaskThroughSystemctlThenNothingToDoAndCheckModeChangesNothing() throws {
      let (folder, _, arguments) = try Self.setUp("""
        - hosts: lab1
          gather_facts: false
          become: true
        \(Self.environment)
          tasks:
            - systemd: {daemon_reload: true}
            - systemd_service: {name: swiftplay-demo, state: started, enabled: true}
              register: demo
            - ansible.builtin.systemd: {name: swiftplay-masked, masked: true}
            - service: {name: swiftplay-other, state: started, use: systemd, sleep: 1}
              register: other
            - copy:
                dest: WORK/result.txt
                content: "{{ demo.state }} {{ demo.enabled }} {{ demo.status.ActiveState }} {{ demo.status.UnitFileState }} {{ other.status.Id }} {{ other.warnings | default([]) | length }}\\n"
              become: false
              when: not ansible_check_mode
        """, units: "swiftplay-demo.service inactive disabled unmasked\nswiftplay-other.service inactive disabled unmasked\n")

      let check = try Lab.swiftplay(["--check"] + arguments)
      #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
      #expect(check.stdout.contains("lab1                       : ok=4    changed=3    unreachable=0    failed=0    skipped=1"), "\(check.stdout)")
      let probed = try Self.calls(folder)
      #expect(Self.changing(probed).isEmpty, "check mode changed something: \(probed)")

      let first = try Lab.swiftplay(arguments)
      #expect(first.code == 0, "\(first.stdout)\(first.stderr)")
      #expect(first.stdout.contains("lab1                       : ok=5    changed=4"), "\(first.stdout)")
      #expect(first.stderr.contains("Ignoring \"sleep\" as it is not used in \"systemd\""), "\(first.stderr)")
      let calls = try Self.calls(folder)
      // The check run's six probes, then the real run's.
      #expect(Array(calls.dropFirst(6)) == [
        "systemctl daemon-reload",
        "systemctl show swiftplay-demo", "systemctl is-enabled swiftplay-demo",
        "systemctl enable swiftplay-demo", "systemctl start swiftplay-demo",
        "systemctl show swiftplay-masked", "systemctl is-enabled swiftplay-masked",
        "systemctl mask swiftplay-masked",
        "systemctl show swiftplay-other", "systemctl is-enabled swiftplay-other",
        "systemctl start swiftplay-other",
      ], "\(calls)")
      let units = try String(contentsOfFile: folder + "/systemd/units", encoding: .utf8)
      #expect(units == "swiftplay-demo.service active enabled unmasked\nswiftplay-other.service active disabled unmasked\nswiftplay-masked.service inactive disabled masked\n")
      // The status is what systemctl said before the start, as Ansible returns it.
      #expect(try String(contentsOfFile: folder + "/result.txt", encoding: .utf8) == "started True inactive disabled swiftplay-other.service 1\n")

      let before = try Self.calls(folder).count
      let second = try Lab.swiftplay(arguments)
      #expect(second.code == 0)
      // Only the copy changes: the status it writes now says active.
      #expect(second.stdout.contains("lab1                       : ok=5    changed=1"), "\(second.stdout)")
      let again = Array(try Self.calls(folder).dropFirst(before))
      #expect(Self.changing(again) == ["systemctl daemon-reload"], "\(again)")
    }

    @Test func daemonReloadComesBeforeTheUnitIsReadAndAMissingUnitFails() throws {
      let (folder, _, arguments) = try Self.setUp("""
        - hosts: lab2
          gather_facts: false
          become: true
        \(Self.environment)
          tasks:
            - systemd_service: {name: swiftplay-new, state: started, daemon_reload: true, no_block: true}
            - systemd_service: {name: swiftplay-nope, state: started}
              register: nope
              ignore_errors: true
            - copy: {dest: WORK/nope.txt, content: "{{ nope.msg }}\\n"}
              become: false
        """, units: "")
      FileManager.default.createFile(atPath: folder + "/systemd/unit-files/swiftplay-new.service", contents: Data("[Service]\n".utf8))
      let run = try Lab.swiftplay(arguments)
      #expect(run.code == 0, "\(run.stdout)\(run.stderr)")
      #expect(run.stdout.contains("lab2                       : ok=3    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1"), "\(run.stdout)")
      let calls = try Self.calls(folder)
      #expect(Self.changing(calls) == ["systemctl --no-block daemon-reload", "systemctl --no-block start swiftplay-new"], "\(calls)")
      #expect(try String(contentsOfFile: folder + "/nope.txt", encoding: .utf8) == "Could not find the requested service swiftplay-nope: host\n")
      #expect(try String(contentsOfFile: folder + "/systemd/units", encoding: .utf8) == "swiftplay-new.service active disabled unmasked\n")
    }
  }
}
