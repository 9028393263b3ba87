import Foundation
import Testing

/// `reboot` as Ansible's action runs it. No lab host can really reboot (they are sshd
/// processes on this machine), so the boot id is a file the test's own `reboot_command`
/// changes a moment later: this proves the sequence (boot id, command, reconnect, wait for
/// a new id, test command, timeout) and check mode, not that a kernel came back.
extension LabTests {
  @Suite struct RebootTests {
    func play(_ tasks: String, _ extra: [String] = []) throws -> (Lab.Output, String) {
      let folder = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
      try "first\n".write(toFile: folder + "/boot_id", atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: folder + "/boot_id")
      let playbook = folder + "/reboot.yml"
      try """
        - hosts: lab5
          gather_facts: false
          tasks:
        \(tasks.replacingOccurrences(of: "FOLDER", with: folder))
        """.write(toFile: playbook, atomically: true, encoding: .utf8)
      return (try Lab.swiftplay(["-i", Lab.inventory, playbook] + extra), folder)
    }

    static let rebootTask = """
          - reboot:
              boot_time_command: cat FOLDER/boot_id
              reboot_command: sh -c '(sleep 2; echo second > FOLDER/boot_id) >/dev/null 2>&1 &'
              test_command: test -s FOLDER/boot_id
              reboot_timeout: 30
            register: restarted
          - copy:
              dest: FOLDER/result
              content: "{{ restarted.rebooted }} {{ restarted.changed }} {{ restarted.elapsed >= 2 }}"
      """

    @Test func waitsForANewBootIDThenReports() throws {
      let (run, folder) = try play(Self.rebootTask)
      #expect(run.code == 0, "\(run.stdout)\(run.stderr)")
      #expect(try String(contentsOfFile: folder + "/result", encoding: .utf8) == "True True True")
      #expect(try String(contentsOfFile: folder + "/boot_id", encoding: .utf8) == "second\n")
    }

    @Test func checkModeRebootsNothing() throws {
      let (run, folder) = try play(Self.rebootTask, ["--check"])
      #expect(run.code == 0 && run.stdout.contains("changed: [lab5]"), "\(run.stdout)\(run.stderr)")
      usleep(2_500_000)
      #expect(try String(contentsOfFile: folder + "/boot_id", encoding: .utf8) == "first\n")
    }

    @Test func aHostThatNeverComesBackTimesOut() throws {
      let (run, _) = try play("""
            - reboot:
                boot_time_command: cat FOLDER/boot_id
                reboot_command: "true"
                reboot_timeout: 3
        """)
      #expect(run.code == 2 && run.stdout.contains("Timed out waiting for last boot time check (timeout=3)"), "\(run.stdout)\(run.stderr)")
    }
  }
}
