import Foundation
import Testing

/// sysctl on `labns`, the lab host in a network namespace of its own (lab/lab.sh ns-up):
/// net.* values there are that namespace's, so the test changes them freely and checks
/// that this machine's own values stay as they were. The sysctl file is the test's.
extension LabTests {
  @Suite struct SysctlTests {
    static let namespace = "swiftplay-labns"

    static func namespaceValue(_ key: String) throws -> String {
      try Lab.run(["ip", "netns", "exec", namespace, "sysctl", "-n", key]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func setsPersistsAndReloadsInsideTheHostsOwnNamespace() throws {
      try Lab.ensureUp()
      let up = try Lab.run(["bash", Lab.root + "/lab/lab.sh", "ns-up"])
      try #require(up.code == 0, "\(up.stdout)\(up.stderr)")
      _ = try Lab.run(["ip", "netns", "exec", Self.namespace, "sysctl", "-w", "net.ipv4.ip_forward=0", "net.core.somaxconn=4096"])
      let ownForward = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8)
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: labns
          gather_facts: false
          become: true
          tasks:
            - sysctl: {name: net.ipv4.ip_forward, value: "1", sysctl_file: WORK/sysctl.conf, sysctl_set: true}
            - ansible.posix.sysctl: {name: net.core.somaxconn, value: 1024, sysctl_file: WORK/sysctl.conf}
        """)
      let file = folder + "/sysctl.conf"
      try "# owned by the test\nnet.ipv4.ip_forward = 0\n".write(toFile: file, atomically: true, encoding: .utf8)
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let inventory = try Lab.writeInventory("labns ansible_host=10.231.0.2 \(Lab.connectionVars())\n")
      let arguments = ["-i", inventory, "-e", "@" + secrets, playbook]

      let check = try Lab.swiftplay(["--check", "--diff"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("changed=2"), "\(check.stdout)")
      #expect(check.stdout.contains("-net.ipv4.ip_forward = 0\n+net.ipv4.ip_forward=1"), "no file diff: \(check.stdout)")
      #expect(try Self.namespaceValue("net.ipv4.ip_forward") == "0", "check mode set the value")
      #expect(try String(contentsOfFile: file, encoding: .utf8) == "# owned by the test\nnet.ipv4.ip_forward = 0\n")

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("changed=2"), "\(real.stdout)")
      #expect(try String(contentsOfFile: file, encoding: .utf8) == "# owned by the test\nnet.ipv4.ip_forward=1\nnet.core.somaxconn=1024\n")
      #expect(try Self.namespaceValue("net.ipv4.ip_forward") == "1", "sysctl_set did not set the running value")
      #expect(try Self.namespaceValue("net.core.somaxconn") == "1024", "reload did not apply the file")
      #expect(try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8) == ownForward, "the machine's own value changed")

      let again = try Lab.swiftplay(arguments)
      #expect(again.code == 0 && again.stdout.contains("ok=2    changed=0"), "\(again.stdout)")
    }
  }
}
