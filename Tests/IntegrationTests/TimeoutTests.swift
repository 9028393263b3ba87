import Foundation
import Testing

/// `timeout:` and `--task-timeout` end a command on time, on every transport and through
/// become, and leave nothing of it running on the host. The lab's hosts share this
/// machine's process table, so `pgrep` here sees what runs on them.
extension LabTests {
  @Suite struct TimeoutTests {
    /// A command whose pieces outlive a plain channel close: a background sleep and a
    /// pipeline, each with a duration no other test uses, so `pgrep` finds only them.
    struct Sleeper {
      let tag = "29.\(Int.random(in: 100_000...999_999))"
      var command: String { "sleep \(tag)1 & sleep \(tag)2 | cat; wait" }

      /// What of it still runs, one process a line; empty when nothing does.
      func leftRunning() throws -> String {
        // A killed process can take a moment to leave the process table.
        var left = ""
        for _ in 0..<20 {
          left = try Lab.run(["pgrep", "-a", "-f", "sleep \(tag)"]).stdout
          if left.isEmpty { break }
          usleep(100_000)
        }
        return left
      }
    }

    /// Runs `playbook` (its text) against `inventory`; returns the output and the seconds taken.
    func play(_ playbook: String, inventory: String, _ extra: [String] = []) throws -> (Lab.Output, Double) {
      let file = try Lab.scratch() + "/timeout.yml"
      try playbook.write(toFile: file, atomically: true, encoding: .utf8)
      let started = Date()
      let result = try Lab.swiftplay(["-i", inventory, file] + extra)
      return (result, Date().timeIntervalSince(started))
    }

    static func playbook(_ command: String, timeout: Int, become: Bool = false) -> String {
      """
      - hosts: all
        gather_facts: false
        become: \(become)
        tasks:
          - shell: \(command)
            timeout: \(timeout)
            register: slow
            ignore_errors: true
          - debug: var=slow.timedout

      """
    }

    /// Ansible's result (checked against ansible-core 2.19 on lab1): failed on time with
    /// "Task failed: Timed out after N second(s).", the period under `timedout`.
    @Test func timeoutKeywordFailsOnTimeAndKillsTheCommand() throws {
      let sleeper = Sleeper()
      let (result, seconds) = try play(Self.playbook(sleeper.command, timeout: 2), inventory: Lab.inventory)
      #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
      let fatal = "FAILED! => {\"changed\": false, \"msg\": \"Task failed: Timed out after 2 second(s).\", \"timedout\": {\"period\": 2}}"
      #expect(result.stdout.occurrences(of: fatal) == Lab.hostCount, "\(result.stdout)")
      #expect(result.stdout.contains("ignored=1"))
      #expect(seconds < 9, "took \(seconds) s")
      #expect(try sleeper.leftRunning() == "")
    }

    /// The OpenSSH transport: killing the local ssh would leave the command running there.
    @Test func timeoutKeywordKillsTheCommandOverOpenSSH() throws {
      let sleeper = Sleeper()
      let (result, seconds) = try play(Self.playbook(sleeper.command, timeout: 2), inventory: Lab.inventory, ["-c", "openssh", "-l", "lab1"])
      #expect(result.stdout.contains("Task failed: Timed out after 2 second(s)."), "\(result.stdout)\(result.stderr)")
      #expect(seconds < 9, "took \(seconds) s")
      #expect(try sleeper.leftRunning() == "")
    }

    /// Through sudo (privileged shell, and a terminal per command under requiretty on lab4)
    /// and su: the kill has the become user's rights, so root's sleeps go too.
    @Test func timeoutKeywordKillsTheCommandUnderBecome() throws {
      let sleeper = Sleeper()
      let inventory = try BecomeTests.inventory(passwords: BecomeTests.rightPasswords())
      let (result, seconds) = try play(Self.playbook(sleeper.command, timeout: 2, become: true), inventory: inventory)
      #expect(result.stdout.occurrences(of: "FAILED! => {\"changed\": false, \"msg\": \"Task failed: Timed out after 2 second(s).\"") == Lab.hostCount, "\(result.stdout)")
      #expect(seconds < 12, "took \(seconds) s")
      #expect(try sleeper.leftRunning() == "")
      // The privileged shells are still fine for the next task after the kill.
      let (next, _) = try play(Self.playbook("whoami", timeout: 5, become: true), inventory: inventory)
      #expect(next.code == 0, "\(next.stdout)")
      #expect(!next.stdout.contains("Timed out"))
    }

    /// A task that ends in time is untouched; the limit counts for each loop item.
    @Test func timeoutKeywordLeavesQuickTasksAlone() throws {
      let playbook = """
        - hosts: lab1
          gather_facts: false
          tasks:
            - shell: sleep 1; echo {{ item }}
              timeout: 3
              loop: [a, b, c]

        """
      let (result, _) = try play(playbook, inventory: Lab.inventory)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stdout.contains("changed: [lab1] => (item=c)"))
    }

    /// Work of the engine's own is held to the limit too, as in ansible-playbook 2.19 (a
    /// 20 s pause fails after 2 s there), and the next task runs normally.
    @Test func timeoutKeywordEndsAPause() throws {
      let playbook = """
        - hosts: lab1
          gather_facts: false
          tasks:
            - pause: seconds=20
              timeout: 2
              ignore_errors: true
            - command: echo after

        """
      let (result, seconds) = try play(playbook, inventory: Lab.inventory)
      #expect(result.stdout.contains("Task failed: Timed out after 2 second(s)."), "\(result.stdout)")
      #expect(result.stdout.contains("ok=2    changed=1"))
      #expect(seconds < 8, "took \(seconds) s")
    }

    /// `--task-timeout` (a limit on every command) ends the remote command too, plainly,
    /// over OpenSSH and through become.
    @Test func taskTimeoutKillsTheRemoteCommand() throws {
      let become = try Lab.writeBecomeVars(try Lab.scratch() + "/become.yml")
      for extra in [[], ["-c", "openssh"], ["-b", "-e", "@" + become]] {
        let sleeper = Sleeper()
        let result = try Lab.swiftplay(["-i", Lab.inventory, "--task-timeout", "1", "-m", "shell", "-a", sleeper.command, "lab1"] + extra)
        #expect(result.code == 2, "\(extra): \(result.stdout)")
        #expect(result.stdout.contains("Task failed: Timed out after 1 second(s)."), "\(extra): \(result.stdout)")
        #expect(try sleeper.leftRunning() == "", "\(extra)")
      }
    }
  }
}
