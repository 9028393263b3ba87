import Foundation
import Testing

/// hostname for real on lab5: each lab host has its own UTS namespace, so `hostname NAME`
/// renames only lab5, while /etc/hostname is this machine's own file (the lab shares one
/// filesystem). No systemd runs here; the task names `use: generic` (/etc/hostname and the
/// `hostname` command, the way auto takes on Debian without systemd) because auto goes by
/// /run/systemd/system, which other work on this machine may create. What it proves: the running name and the file change, the
/// facts and the diff are Ansible's, a second run has nothing to do, check mode changes
/// nothing. Not proved: the hostnamectl way (no systemd here). The file and lab5's name
/// are put back after, since other tests expect lab5 to be called lab5.
extension LabTests {
  @Suite(.serialized) struct HostnameTests {
    static let file = "/etc/hostname"

    /// lab5's running name, asked over SSH.
    static func runningName() throws -> String {
      let output = try Lab.swiftplay(["-i", Lab.inventory, "lab5", "-m", "command", "-a", "hostname"])
      return output.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func renamesTheHostAndWritesTheFileThenNothingToDoAndCheckModeChangesNothing() throws {
      try Lab.ensureUp()
      let name = "swiftplay-h\(UInt16.random(in: 0...UInt16.max))"
      let saved = try String(contentsOfFile: Self.file, encoding: .utf8)
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab5
          gather_facts: false
          become: true
          tasks:
            - hostname: {name: "{{ wanted }}", use: generic}
              register: set
            - command: hostname
              register: now
              when: not ansible_check_mode
            - copy:
                dest: WORK/out.txt
                content: "{{ set.name }} {{ ansible_hostname }} {{ ansible_nodename }} {{ set.ansible_facts.ansible_domain }}. {{ now.stdout }}\\n"
              become: false
              when: not ansible_check_mode
        """)
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, playbook]
      defer {
        _ = try? Lab.swiftplay(["-e", "wanted=lab5"] + arguments)
        try? saved.write(toFile: Self.file, atomically: false, encoding: .utf8)
      }
      #expect(try Self.runningName() == "lab5")

      let check = try Lab.swiftplay(["--check", "--diff", "-e", "wanted=\(name)"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("changed: [lab5]"), "\(check.stdout)\(check.stderr)")
      #expect(check.stdout.contains("-hostname = lab5\n+hostname = \(name)\n"), "\(check.stdout)")
      #expect(try Self.runningName() == "lab5")
      #expect(try String(contentsOfFile: Self.file, encoding: .utf8) == saved, "check mode wrote /etc/hostname")

      let run = try Lab.swiftplay(["-e", "wanted=\(name)"] + arguments)
      #expect(run.code == 0 && run.stdout.contains("lab5                       : ok=3    changed=3"), "\(run.stdout)\(run.stderr)")
      #expect(try String(contentsOfFile: Self.file, encoding: .utf8) == name + "\n")
      #expect(try String(contentsOfFile: folder + "/out.txt", encoding: .utf8) == "\(name) \(name) \(name) . \(name)\n")
      #expect(try Self.runningName() == name)

      let again = try Lab.swiftplay(["-e", "wanted=\(name)"] + arguments)
      #expect(again.stdout.contains("lab5                       : ok=3    changed=1"), "only the command task reports a change: \(again.stdout)")
    }
  }
}
