import Foundation
import Testing

/// The apt module installing and removing a small real Debian package (`hello`: one
/// dependency, libc6, always present) on lab1 through the lab user's password-asking
/// sudo. The lab hosts share this machine's dpkg database, so what lab1 installs is
/// installed here, and the test checks it with dpkg-query here; it purges the package at
/// the end whatever happened. The apt cache is refreshed only when older than a day.
extension LabTests {
  @Suite struct AptTests {
    static let package = "hello"

    /// dpkg's state of the package on this machine (and so on lab1): `installed`,
    /// `config-files`, `not-installed`, or nil when dpkg does not know it.
    static func dpkgState() throws -> String? {
      let query = try Lab.run(["dpkg-query", "-W", "-f=${Status}", package])
      guard query.code == 0 else { return nil }
      return query.stdout.split(separator: " ").last.map(String.init)
    }

    /// An inventory of lab1 and a 0600 vars file holding its become password.
    static func setup() throws -> (inventory: String, vars: String) {
      let folder = try Lab.scratch()
      let vars = try Lab.writeBecomeVars(folder + "/become.yml")
      let inventory = try Lab.writeInventory("lab1 ansible_host=127.0.0.2 \(Lab.connectionVars())\n")
      return (inventory, vars)
    }

    static func play(_ tasks: String) throws -> String {
      try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          become: true
          tasks:
        \(tasks)
        """).playbook
    }

    /// lab1's recap line.
    static func recap(_ output: Lab.Output) -> String {
      output.stdout.split(separator: "\n").last { $0.hasPrefix("lab1 ") }.map(String.init) ?? ""
    }

    @Test func installsIsIdempotentRemovesAndCheckModeChangesNothing() throws {
      #expect(try Self.dpkgState() != "installed", "\(Self.package) is installed on this machine: the test needs it absent")
      guard try Self.dpkgState() != "installed" else { return }
      defer { _ = try? Lab.run(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q", "purge", Self.package]) }
      let (inventory, vars) = try Self.setup()
      func run(_ playbook: String, _ flags: [String] = []) throws -> Lab.Output {
        try Lab.swiftplay(["-i", inventory, "-e", "@" + vars] + flags + [playbook])
      }

      let install = try Self.play("""
            - name: hello from Debian
              ansible.builtin.apt:
                name: \(Self.package)
                update_cache: true
                cache_valid_time: 86400
                install_recommends: false
              register: r
            - ansible.builtin.assert:
                that:
                  - r.cache_update_time > 0
                  - not r.changed or '\(Self.package)' in r.stdout
                  - not r.changed or r.stdout_lines | length > 0
        """)

      // Check mode, with a pin too: says it would change, installs nothing.
      let check = try run(install, ["--check", "--diff"])
      #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
      #expect(check.stdout.contains("changed: [lab1]"), "\(check.stdout)")
      #expect(check.stdout.contains("The following NEW packages will be installed:"), "the diff shows apt's plan: \(check.stdout)")
      #expect(try Self.dpkgState() != "installed", "check mode installed the package")
      let pinned = try run(try Self.play("""
            - apt: name=\(Self.package)=2.10* state=present
        """), ["--check"])
      #expect(Self.recap(pinned).contains("changed=1"), "\(pinned.stdout)\(pinned.stderr)")
      #expect(try Self.dpkgState() != "installed", "check mode installed the package")

      let first = try run(install)
      #expect(first.code == 0, "\(first.stdout)\(first.stderr)")
      #expect(Self.recap(first).contains("changed=1"), "\(first.stdout)")
      #expect(try Self.dpkgState() == "installed")

      let second = try run(install)
      #expect(second.code == 0, "\(second.stdout)\(second.stderr)")
      #expect(Self.recap(second).contains("changed=0"), "a second run changes nothing: \(second.stdout)")

      // Removal: check mode leaves it; the real run waits for a dpkg lock held by another
      // process instead of failing; the next run has nothing to do.
      let remove = try Self.play("""
            - apt:
                name: [\(Self.package)]
                state: absent
                purge: true
                lock_timeout: 60
        """)
      let checkRemove = try run(remove, ["--check"])
      #expect(Self.recap(checkRemove).contains("changed=1"), "\(checkRemove.stdout)")
      #expect(try Self.dpkgState() == "installed", "check mode removed the package")

      let holder = Process()
      holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
      holder.arguments = ["-c", "import fcntl, sys, time\nf = open('/var/lib/dpkg/lock-frontend', 'w')\n"
        + "fcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(8)"]
      let holderOut = Pipe()
      holder.standardOutput = holderOut
      try holder.run()
      _ = holderOut.fileHandleForReading.availableData  // "locked": the lock is held now
      let removed = try run(remove)
      holder.waitUntilExit()
      #expect(removed.code == 0, "\(removed.stdout)\(removed.stderr)")
      #expect(Self.recap(removed).contains("changed=1"), "\(removed.stdout)")
      #expect(try Self.dpkgState() != "installed" && Self.dpkgState() != "config-files", "purge leaves nothing")

      let again = try run(remove)
      #expect(again.code == 0 && Self.recap(again).contains("changed=0"), "\(again.stdout)")
    }

    /// Arguments are checked before anything connects, with Ansible's messages.
    @Test func unknownArgumentsAreRefusedBeforeRunning() throws {
      let (inventory, vars) = try Self.setup()
      let output = try Lab.swiftplay(["-i", inventory, "-e", "@" + vars, try Self.play("""
            - apt: name=\(Self.package) colour=blue
        """)])
      #expect(output.code != 0)
      #expect((output.stdout + output.stderr).contains("Unsupported parameters for (apt) module: colour"), "\(output.stdout)\(output.stderr)")
      #expect(try Self.dpkgState() != "installed")
    }
  }
}
