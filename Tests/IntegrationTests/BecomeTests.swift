import Foundation
import Testing

/// Become against the lab's real sudo and su, one host per way a real host may be set up
/// (see lab/lab.sh): a password-asking sudo (lab1, and lab2 whose user has another
/// password), NOPASSWD sudo (lab3), sudo with `requiretty` (lab4) and su to an
/// unprivileged user (lab5). Passwords live in 0600 host_vars files, as a vault would
/// leave them, never on a command line.
extension LabTests {
  @Suite struct BecomeTests {
    /// The five hosts with their users and become settings; `passwords` false leaves every
    /// become password out.
    static func inventory(passwords: [String: String]) throws -> String {
      let folder = try Lab.scratch()
      try FileManager.default.createDirectory(atPath: folder + "/host_vars", withIntermediateDirectories: true)
      for (host, password) in passwords {
        try Lab.writeBecomeVars("\(folder)/host_vars/\(host).yml", password: password)
      }
      let text = """
        [all:vars]
        \(Lab.connectionVars(separator: "\n"))
        [hosts]
        lab1 ansible_host=127.0.0.2 ansible_user=lab
        lab2 ansible_host=127.0.0.3 ansible_user=labalt
        lab3 ansible_host=127.0.0.4 ansible_user=labnopw
        lab4 ansible_host=127.0.0.5 ansible_user=labtty
        lab5 ansible_host=127.0.0.6 ansible_user=lab ansible_become_method=su ansible_become_user=labsu

        """
      try text.write(toFile: folder + "/hosts", atomically: true, encoding: .utf8)
      return folder + "/hosts"
    }

    static func rightPasswords() throws -> [String: String] {
      ["lab1": try Lab.passwordText(), "lab2": try Lab.passwordText("alt"), "lab4": try Lab.passwordText("tty"),
       "lab5": try Lab.passwordText("su")]
    }

    /// Each setup runs commands as the become user with stdout, stderr and exit code apart
    /// (requiretty's terminal joins them), writes files owned by that user, and no
    /// password shows in the process list of the hosts while a become task runs, nor in
    /// -vvvv output.
    @Test func everySudoSetupAndSuRunAsTheBecomeUser() throws {
      let passwords = try Self.rightPasswords()
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - command: whoami
              register: who
            - shell: echo out; echo err >&2; exit 3
              register: streams
              failed_when: streams.rc != 3
            - shell: sleep 2
            - copy:
                dest: WORK/{{ inventory_hostname }}.txt
                content: "{{ who.stdout }}|{{ streams.stdout }}|{{ streams.stderr }}\\n"
                mode: "0640"
        """)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Lab.binary)
      process.arguments = ["-i", try Self.inventory(passwords: passwords), "-vvvv", playbook]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = output
      try Lab.ensureUp()
      try process.run()
      let reader = LockedData()
      Thread { reader.set(output.fileHandleForReading.readDataToEndOfFile()) }.start()
      // While `sleep 2` runs as root on every host: every process of this machine (the
      // lab hosts share it) is looked at, its arguments and its environment.
      Thread.sleep(forTimeInterval: 1.2)
      let leaks = Self.processesMentioning(Array(passwords.values))
      process.waitUntilExit()
      while !reader.isSet { usleep(1000) }
      let text = String(decoding: reader.value, as: UTF8.self)
      #expect(leaks.isEmpty, "a password is visible in the process list: \(leaks)")
      #expect(process.terminationStatus == 0, "\(text)")
      #expect(text.contains("BECOME-SUCCESS") || text.contains("sudo"), "-vvvv shows no escalation command")
      for password in passwords.values { #expect(!text.contains(password), "a password is in the -vvvv output") }
      let expected = [
        "lab1": "root|out|err", "lab2": "root|out|err", "lab3": "root|out|err", "lab4": "root|out\nerr|",
        "lab5": "labsu|out|err",
      ]
      for (host, line) in expected {
        let path = "\(folder)/\(host).txt"
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == line + "\n", "\(host)")
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes?[.ownerAccountName] as? String == (host == "lab5" ? "labsu" : "root"), "\(host)")
        #expect((attributes?[.posixPermissions] as? Int) == 0o640, "\(host)")
      }
    }

    /// A wrong password fails that host at once with Ansible's words and is never tried
    /// twice; no password fails at once with a hint; NOPASSWD needs none.
    @Test func wrongAndMissingPasswordsFailOnlyTheirHost() throws {
      let (_, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - command: whoami
        """)
      let wrong = try Lab.swiftplay(["-i", try Self.inventory(passwords: ["lab1": "nope", "lab4": "nope", "lab5": "nope"]), playbook])
      #expect(wrong.code == 2)
      #expect(wrong.stdout.contains("fatal: [lab1]: FAILED! => {\"changed\": false, \"msg\": \"Incorrect sudo password\"}"), "\(wrong.stdout)")
      #expect(wrong.stdout.contains("fatal: [lab4]: FAILED! => {\"changed\": false, \"msg\": \"Incorrect sudo password\"}"), "\(wrong.stdout)")
      #expect(wrong.stdout.contains("fatal: [lab5]: FAILED! => {\"changed\": false, \"msg\": \"Incorrect su password\"}"), "\(wrong.stdout)")
      #expect(wrong.stdout.contains("changed: [lab3]"), "NOPASSWD needs no password: \(wrong.stdout)")
      // One failed attempt each: sudo logs every wrong try, and it must have been one.
      #expect(wrong.stdout.contains("lab1                       : ok=0    changed=0    unreachable=0    failed=1"))

      let missing = try Lab.swiftplay(["-i", try Self.inventory(passwords: [:]), playbook])
      #expect(missing.code == 2)
      #expect(missing.stdout.contains("Missing sudo password: run with -K"), "\(missing.stdout)")
      #expect(missing.stdout.contains("Missing su password: run with -K"), "\(missing.stdout)")
      #expect(missing.stdout.contains("changed: [lab3]"), "\(missing.stdout)")
    }

    /// -K on a real terminal: asked once, before anything runs, without echo; the answer
    /// serves the hosts without their own password (lab1), lab2 keeps its own, and lab3
    /// (NOPASSWD) does not care.
    @Test func askBecomePassPromptsOnceWithoutEcho() throws {
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1,lab2,lab3
          gather_facts: false
          become: true
          tasks:
            - command: whoami
              register: who
            - copy: {dest: "WORK/{{ inventory_hostname }}.txt", content: "{{ who.stdout }}"}
        """)
      let inventory = try Self.inventory(passwords: ["lab2": try Lab.passwordText("alt")])
      try Lab.ensureUp()
      // -K, then ansible.cfg's become_ask_pass (here through its environment variable).
      for (flags, environment) in [(["-K"], [:]), ([], ["ANSIBLE_BECOME_ASK_PASS": "True"])] {
        for host in ["lab1", "lab2", "lab3"] { try? FileManager.default.removeItem(atPath: "\(folder)/\(host).txt") }
        let run = try Lab.run(
          ["python3", Lab.root + "/lab/pty-answer.py", "BECOME password: ", Lab.password(), "--", Lab.binary]
            + flags + ["-i", inventory, playbook], environment: environment)
        #expect(run.code == 0, "\(run.stdout)")
        #expect(run.stderr.contains("prompts=1"), "\(flags) \(run.stderr)")
        #expect(run.stdout.hasPrefix("BECOME password: "), "the prompt is not the first thing shown: \(run.stdout)")
        #expect(!run.stdout.contains(try Lab.passwordText()), "the password was echoed")
        for host in ["lab1", "lab2", "lab3"] {
          #expect((try? String(contentsOfFile: "\(folder)/\(host).txt", encoding: .utf8)) == "root", "\(flags) \(host)")
        }
      }
    }

    /// -K on a real terminal with a wrong answer, and a run on a terminal without -K: the
    /// hosts that need the answer fail with Ansible's words, once each, while NOPASSWD
    /// (lab3) and a host with its own password (lab2) go on; su to an unprivileged user
    /// (lab5, labsu) takes the -K answer as its password.
    @Test func askBecomePassWrongMissingAndSu() throws {
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - command: whoami
              register: who
            - copy: {dest: "WORK/{{ inventory_hostname }}.txt", content: "{{ who.stdout }}"}
              become: false
        """)
      let inventory = try Self.inventory(passwords: ["lab2": try Lab.passwordText("alt"), "lab4": try Lab.passwordText("tty")])
      try Lab.ensureUp()
      let wrongFile = folder + "/wrong"
      FileManager.default.createFile(atPath: wrongFile, contents: Data("not-it\n".utf8), attributes: [.posixPermissions: 0o600])
      let pty = ["python3", Lab.root + "/lab/pty-answer.py", "BECOME password: "]
      let wrong = try Lab.run(pty + [wrongFile, "--", Lab.binary, "-K", "-i", inventory, playbook])
      #expect(wrong.code == 2 && wrong.stderr.contains("prompts=1"), "\(wrong.stdout)")
      #expect(wrong.stdout.contains("fatal: [lab1]: FAILED! => {\"changed\": false, \"msg\": \"Incorrect sudo password\"}"), "\(wrong.stdout)")
      #expect(wrong.stdout.contains("fatal: [lab5]: FAILED! => {\"changed\": false, \"msg\": \"Incorrect su password\"}"), "\(wrong.stdout)")
      for host in ["lab2", "lab3", "lab4"] {
        #expect((try? String(contentsOfFile: "\(folder)/\(host).txt", encoding: .utf8)) == "root", "\(host)")
      }
      let missing = try Lab.run(pty + [wrongFile, "--", Lab.binary, "-i", inventory, playbook])
      #expect(missing.code == 2 && missing.stderr.contains("prompts=0"), "asked without -K: \(missing.stdout)")
      #expect(missing.stdout.contains("Missing sudo password: run with -K"), "\(missing.stdout)")
      let su = try Lab.run(pty + [Lab.password("su"), "--", Lab.binary, "-K", "-i", inventory, "-l", "lab5,lab3", playbook])
      #expect(su.code == 0 && su.stderr.contains("prompts=1"), "\(su.stdout)")
      #expect((try? String(contentsOfFile: "\(folder)/lab5.txt", encoding: .utf8)) == "labsu")
    }

    /// Nodes with different sudo passwords (lab1's user `lab`, lab2's user `labalt`), kept
    /// in a group_vars file that the real ansible-vault encrypted, beside an inline `!vault`
    /// value that swiftplay encrypted: --vault-password-file opens both and each node gets
    /// its own password. Without the vault password, or with a wrong one, nothing runs.
    @Test func vaultedGroupVarsGiveEachNodeItsOwnBecomePassword() throws {
      let ansiblePlaybook = try #require(DifferentialRunner.findAnsiblePlaybook(), "ansible is not installed: run scripts/install-dependencies")
      let ansibleVault = URL(fileURLWithPath: ansiblePlaybook).deletingLastPathComponent().appendingPathComponent("ansible-vault").path
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: nodes
          gather_facts: false
          become: true
          tasks:
            - command: whoami
              register: who
            - copy: {dest: "WORK/{{ inventory_hostname }}.txt", content: "{{ who.stdout }}|{{ greeting | default('-') }}"}
        """)
      for sub in ["group_vars", "host_vars"] {
        try FileManager.default.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
      }
      let passwordFile = folder + "/vault-password"
      FileManager.default.createFile(atPath: passwordFile, contents: Data("vault \(UUID().uuidString)\n".utf8), attributes: [.posixPermissions: 0o600])
      try """
        [nodes]
        lab1 ansible_host=127.0.0.2 ansible_user=lab
        lab2 ansible_host=127.0.0.3 ansible_user=labalt
        [nodes:vars]
        \(Lab.connectionVars(separator: "\n").replacingOccurrences(of: "ansible_user=lab\n", with: ""))

        """.write(toFile: folder + "/hosts", atomically: true, encoding: .utf8)
      let groupVars = folder + "/group_vars/nodes.yml"
      try """
        become_passwords:
          lab1: "\(try Lab.passwordText())"
          lab2: "\(try Lab.passwordText("alt"))"
        ansible_become_password: "{{ become_passwords[inventory_hostname] }}"

        """.write(toFile: groupVars, atomically: true, encoding: .utf8)
      let encrypted = try Lab.run([ansibleVault, "encrypt", "--vault-password-file", passwordFile, groupVars])
      #expect(encrypted.code == 0, "\(encrypted.stderr)")
      let inline = try Lab.run([Lab.binary, "vault", "encrypt_string", "--vault-password-file", passwordFile, "-n", "greeting", "from vault"])
      #expect(inline.stdout.hasPrefix("greeting: !vault |\n"), "\(inline.stdout)\(inline.stderr)")
      try inline.stdout.write(toFile: folder + "/host_vars/lab2.yml", atomically: true, encoding: .utf8)

      let none = try Lab.swiftplay(["-i", folder + "/hosts", playbook])
      #expect(none.code == 1)
      #expect(none.stderr.contains("group_vars/nodes.yml:1:1: Attempting to decrypt but no vault secrets found"), "\(none.stderr)")
      let badFile = folder + "/bad-password"
      FileManager.default.createFile(atPath: badFile, contents: Data("wrong\n".utf8), attributes: [.posixPermissions: 0o600])
      let wrong = try Lab.swiftplay(["-i", folder + "/hosts", "--vault-password-file", badFile, playbook])
      #expect(wrong.code == 1)
      #expect(wrong.stderr.contains("Decryption failed (no vault secrets were found that could decrypt)"), "\(wrong.stderr)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/lab1.txt"), "a run without its vault secrets ran tasks")

      let right = try Lab.swiftplay(["-i", folder + "/hosts", "--vault-password-file", passwordFile, playbook])
      #expect(right.code == 0, "\(right.stdout)\(right.stderr)")
      #expect((try? String(contentsOfFile: folder + "/lab1.txt", encoding: .utf8)) == "root|-")
      #expect((try? String(contentsOfFile: folder + "/lab2.txt", encoding: .utf8)) == "root|from vault")
    }

    /// Processes whose arguments or environment contain one of `secrets`.
    static func processesMentioning(_ secrets: [String]) -> [String] {
      var found: [String] = []
      for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
        for file in ["cmdline", "environ"] {
          guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/\(file)") else { continue }
          let text = String(decoding: data, as: UTF8.self)
          if secrets.contains(where: { text.contains($0) }) { found.append("pid \(entry) \(file)") }
        }
      }
      return found
    }
  }
}
