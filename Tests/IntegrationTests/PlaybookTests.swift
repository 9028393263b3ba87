import Foundation
import Testing

/// `swiftplay PLAYBOOK` end to end on the lab, for what the differential suite cannot see:
/// the printed diffs of check mode, the errors of playbooks that must not run, Ctrl-C, and
/// the json report. (Recaps, exit codes and host state against ansible-playbook itself are
/// the business of DifferentialTests.)
extension LabTests {
  @Suite struct PlaybookTests {
    /// A folder the lab user may write in, and a playbook file beside it.
    static func workspace(_ playbook: String) throws -> (folder: String, playbook: String) {
      let folder = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
      let path = folder + "/play.yml"
      try playbook.replacingOccurrences(of: "WORK", with: folder).write(toFile: path, atomically: true, encoding: .utf8)
      return (folder, path)
    }

    static let changesFiles = """
      - hosts: lab1,lab2
        gather_facts: false
        tasks:
          - copy:
              dest: WORK/{{ inventory_hostname }}/motd
              content: "managed by swiftplay on {{ inventory_hostname }}\\n"
              mode: "0640"
          - file: path=WORK/{{ inventory_hostname }}/conf.d state=directory mode=0750
      """

    @Test func checkDiffChangesNothingThenTheRunDoesThenNothingIsLeftToDo() throws {
      let (folder, playbook) = try Self.workspace(Self.changesFiles)
      for host in ["lab1", "lab2"] {
        try FileManager.default.createDirectory(atPath: folder + "/" + host, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
      }
      let check = try Lab.swiftplay(["-i", Lab.inventory, "--check", "--diff", playbook])
      #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
      #expect(check.stdout.contains("+managed by swiftplay on lab1"), "\(check.stdout)")
      #expect(check.stdout.contains("changed: [lab2]"))
      #expect(!FileManager.default.fileExists(atPath: folder + "/lab1/motd"), "check mode created a file")
      #expect(!FileManager.default.fileExists(atPath: folder + "/lab1/conf.d"), "check mode created a folder")

      let apply = try Lab.swiftplay(["-i", Lab.inventory, "--diff", playbook])
      #expect(apply.code == 0, "\(apply.stdout)\(apply.stderr)")
      #expect(try String(contentsOfFile: folder + "/lab2/motd", encoding: .utf8) == "managed by swiftplay on lab2\n")
      let mode = try FileManager.default.attributesOfItem(atPath: folder + "/lab1/motd")[.posixPermissions] as? Int
      #expect(mode == 0o640)
      #expect(FileManager.default.fileExists(atPath: folder + "/lab2/conf.d"))
      #expect(apply.stdout.contains("lab1                       : ok=2    changed=2 "), "\(apply.stdout)")

      let again = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(again.code == 0)
      #expect(again.stdout.contains("lab1                       : ok=2    changed=0 "), "\(again.stdout)")
      #expect(again.stdout.contains("lab2                       : ok=2    changed=0 "), "\(again.stdout)")
    }

    /// Each bad playbook has a first task that would leave a marker: it must not exist.
    @Test(arguments: [
      ("tasks:\n    - shell: touch WORK/ran\n    - debug:\n        msg: [unclosed\n", "play.yml:6:14", "YAML"),
      ("tasks:\n    - shell: touch WORK/ran\n    - no_such_module: a=1", "play.yml:5:7", "couldn't resolve module/action 'no_such_module'"),
      ("tasks:\n    - shell: touch WORK/ran\n    - debug: msg=hi\n      wen: true", "play.yml:6:7", "'wen' is not a valid attribute"),
    ])
    func badPlaybooksRunNothing(body: String, place: String, message: String) throws {
      let (folder, playbook) = try Self.workspace("- hosts: lab1\n  gather_facts: false\n  " + body + "\n")
      let result = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(result.code == 4, "\(result.stdout)\(result.stderr)")
      #expect(result.stderr.contains(place), "\(result.stderr)")
      #expect(result.stderr.contains(message), "\(result.stderr)")
      #expect(result.stderr.contains("^"), "no caret under the column: \(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/ran"), "a task ran")
    }

    @Test func anUndefinedVariableFailsThatHostAndNamesItsPlace() throws {
      let (folder, playbook) = try Self.workspace("""
        - hosts: lab1,lab2
          gather_facts: false
          tasks:
            - name: only lab1 defines it
              debug:
                msg: "{{ hostvars[inventory_hostname].special | default(omit) }}"
            - name: uses it
              shell: echo {{ special }} > WORK/{{ inventory_hostname }}
            - shell: touch WORK/{{ inventory_hostname }}.after
        """)
      let inventory = try Lab.writeInventory("""
        lab1 ansible_host=\(Lab.address(1)) special=yes \(Lab.connectionVars())
        lab2 ansible_host=\(Lab.address(2)) \(Lab.connectionVars())
        """)
      let result = try Lab.swiftplay(["-i", inventory, playbook])
      #expect(result.code == 2)
      #expect(result.stdout.contains("'special' is undefined"), "\(result.stdout)")
      #expect(result.stdout.contains("play.yml:7:"), "no file:line of the task: \(result.stdout)")
      #expect(result.stdout.contains("fatal: [lab2]: FAILED!"))
      #expect(FileManager.default.fileExists(atPath: folder + "/lab1.after"))
      #expect(!FileManager.default.fileExists(atPath: folder + "/lab2"))
      #expect(!FileManager.default.fileExists(atPath: folder + "/lab2.after"))
    }

    @Test func jsonReportHasTheJsonCallbacksShape() throws {
      let (_, playbook) = try Self.workspace("""
        - name: report
          hosts: lab1
          gather_facts: false
          tasks:
            - name: say
              command: echo hello
        """)
      let result = try Lab.swiftplay(["-i", Lab.inventory, "--output", "json", playbook])
      #expect(result.code == 0, "\(result.stderr)")
      let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      let plays = document?["plays"] as? [[String: Any]]
      let task = (plays?.first?["tasks"] as? [[String: Any]])?.first
      let host = (task?["hosts"] as? [String: Any])?["lab1"] as? [String: Any]
      #expect((plays?.first?["play"] as? [String: Any])?["name"] as? String == "report")
      #expect(host?["stdout"] as? String == "hello")
      let stats = (document?["stats"] as? [String: Any])?["lab1"] as? [String: Any]
      #expect(stats?["changed"] as? Int == 1)
    }

    /// Ctrl-C during a long command: the run ends now, not when the command would, with
    /// the recap and exit 99, and nothing after it starts.
    @Test func ctrlCEndsWhatRunsPrintsTheRecapAndExits99() throws {
      let (folder, playbook) = try Self.workspace("""
        - hosts: lab1
          gather_facts: false
          tasks:
            - shell: sleep 29.5
            - shell: touch WORK/second
        """)
      defer { _ = try? Lab.run(["pkill", "-f", "sleep 29.5"]) }
      try Lab.ensureUp()
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Lab.binary)
      process.arguments = ["-i", Lab.inventory, playbook]
      let out = Pipe()
      process.standardOutput = out
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Interrupt once the command runs on the host: a fixed wait fails on a loaded machine.
      var waited = 0
      while try Lab.run(["pgrep", "-f", "sleep 29.5"]).code != 0, waited < 200 {
        usleep(100_000)
        waited += 1
      }
      process.interrupt()
      let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 99, "\(stdout)")
      #expect(stdout.contains("PLAY RECAP"), "\(stdout)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/second"), "a task started after Ctrl-C")
      // The command itself is still sleeping on the host: swiftplay did not wait for it.
      #expect(try Lab.run(["pgrep", "-f", "sleep 29.5"]).code == 0, "swiftplay waited for the command to end")
    }

    /// The lab's real sudo asks for the lab user's password: sudo's prompt is answered once
    /// on its standard input, so a wrong password fails at once (no second try) and a
    /// missing one says so; the command's own input never sees the password.
    @Test func becomeAnswersSudoOnceAndNeverLeaksThePassword() throws {
      let (folder, playbook) = try Self.workspace("""
        - hosts: lab1,lab2
          gather_facts: false
          become: true
          tasks:
            - command: whoami
              register: who
            - shell: cat
              register: input
            - copy:
                dest: WORK/{{ inventory_hostname }}.txt
                content: "{{ who.stdout }} [{{ input.stdout }}]"
              become: false
        """)
      let password = try String(contentsOfFile: Lab.dir + "/password", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
      func secrets(_ value: String) throws -> String {
        let path = folder + "/secret-\(UUID().uuidString).yml"
        try "ansible_become_password: \"\(value)\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
      }
      let right = try Lab.swiftplay(["-i", Lab.inventory, "-e", "@" + (try secrets(password)), "-vvvv", playbook])
      #expect(right.code == 0, "\(right.stdout)\(right.stderr)")
      #expect(try String(contentsOfFile: folder + "/lab1.txt", encoding: .utf8) == "root []")
      #expect(!right.stdout.contains(password) && !right.stderr.contains(password), "the password was printed")

      let wrong = try Lab.swiftplay(["-i", Lab.inventory, "-e", "@" + (try secrets("not-the-password")), playbook])
      #expect(wrong.code == 2)
      #expect(wrong.stdout.occurrences(of: "\"msg\": \"Incorrect sudo password\"") == 2, "\(wrong.stdout)")

      let missing = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(missing.code == 2)
      #expect(missing.stdout.contains("Missing sudo password: run with -K"), "\(missing.stdout)")
    }

    /// no_log hides a task's arguments and results in every output (text at -vvvv, json),
    /// on success, failure and per loop item, while its registered result stays usable.
    @Test func noLogHidesArgumentsAndResultsEverywhere() throws {
      let secret = "s3cret-\(UUID().uuidString.prefix(8))"
      let (folder, playbook) = try Self.workspace("""
        - hosts: lab1
          gather_facts: false
          vars:
            secret: \(secret)
          tasks:
            - shell: echo {{ secret }}
              register: said
              no_log: true
            - shell: echo {{ secret }} >&2; exit 1
              no_log: true
              ignore_errors: true
            - debug: msg="{{ item }}"
              loop: ["{{ secret }}"]
              no_log: true
            - copy: {dest: WORK/registered.txt, content: "{{ said.stdout }}"}
              no_log: true
        """)
      let text = try Lab.swiftplay(["-i", Lab.inventory, "-vvvv", playbook])
      #expect(text.code == 0, "\(text.stdout)")
      #expect(!text.stdout.contains(secret) && !text.stderr.contains(secret), "no_log leaked at -vvvv: \((text.stdout + text.stderr).split(separator: "\n").filter { $0.contains(secret) })")
      #expect(text.stdout.contains("\"censored\": \"the output has been hidden due to the fact that 'no_log: true' was specified for this result\""))
      #expect(text.stdout.contains("(hidden due to no_log: true)"), "-vvvv shows no hidden command")
      #expect(text.stdout.contains("ok: [lab1] => (item=(censored due to no_log))"), "\(text.stdout)")
      let json = try Lab.swiftplay(["-i", Lab.inventory, "--output", "json", playbook])
      #expect(json.code == 0)
      #expect(!json.stdout.contains(secret), "no_log leaked in the json report")
      #expect(try String(contentsOfFile: folder + "/registered.txt", encoding: .utf8) == secret, "the registered result is not usable")
    }

    /// wait_for_connection answers at once for a host that is up and fails with Ansible's
    /// message after its timeout for one whose port nobody listens on.
    @Test func waitForConnectionWaitsThenGivesUp() throws {
      let (_, playbook) = try Self.workspace("""
        - hosts: all
          gather_facts: false
          tasks:
            - wait_for_connection: {timeout: 3, sleep: 1}
        """)
      let inventory = try Lab.writeInventory("""
        lab1 ansible_host=127.0.0.2 \(Lab.connectionVars())
        silent ansible_host=127.0.0.2 \(Lab.connectionVars()) ansible_port=2299

        """)
      let run = try Lab.swiftplay(["-i", inventory, playbook])
      #expect(run.code == 2, "\(run.stdout)")
      #expect(run.stdout.contains("ok: [lab1]"), "\(run.stdout)")
      #expect(run.stdout.contains("fatal: [silent]: FAILED! => {\"changed\": false, \"elapsed\": "), "\(run.stdout)")
      #expect(run.stdout.contains("\"msg\": \"timed out waiting for ping module test: "), "\(run.stdout)")
    }

    @Test func listingsAndSyntaxCheckRunNothing() throws {
      let (folder, playbook) = try Self.workspace("""
        - name: listed
          hosts: lab1,lab2
          gather_facts: false
          tasks:
            - name: make a marker
              shell: touch WORK/ran
              tags: [web]
        """)
      let tasks = try Lab.swiftplay(["-i", Lab.inventory, "--list-tasks", "--list-hosts", playbook])
      #expect(tasks.code == 0)
      #expect(tasks.stdout.contains("play #1 (lab1,lab2): listed\tTAGS: []"), "\(tasks.stdout)")
      #expect(tasks.stdout.contains("      make a marker\tTAGS: [web]"), "\(tasks.stdout)")
      #expect(tasks.stdout.contains("    hosts (2):\n      lab1\n      lab2"), "\(tasks.stdout)")
      let syntax = try Lab.swiftplay(["-i", Lab.inventory, "--syntax-check", playbook])
      #expect(syntax.code == 0)
      #expect(syntax.stdout.contains("playbook: \(playbook)"))
      #expect(!FileManager.default.fileExists(atPath: folder + "/ran"))
    }
  }
}
