import Foundation
import Testing

/// `async:` jobs run detached on the host: they outlive the run that started them and the
/// SSH sessions it held, their result waits in `~/.ansible_async/<jid>` of the user they
/// ran as, and `async_status` in a later run reads it. The lab's hosts share this
/// machine's file system, so the test reads what a job left directly.
extension LabTests {
  @Suite struct AsyncTests {
    /// A scratch folder the lab users may write to, and a playbook in it.
    func workspace(_ playbook: String) throws -> (folder: String, playbook: String) {
      let folder = try Lab.scratch()
      chmod(folder, 0o777)
      let path = folder + "/async.yml"
      try playbook.write(toFile: path, atomically: true, encoding: .utf8)
      return (folder, path)
    }

    /// The job id a `debug: var=fired.ansible_job_id` printed.
    func jid(in output: String) -> String? {
      guard let range = output.range(of: #""fired.ansible_job_id": "(j[0-9]+\.[0-9]+)""#, options: .regularExpression) else { return nil }
      return String(output[range]).split(separator: "\"")[2].description
    }

    /// Waits up to `seconds` for `path` to exist; its text, or nil.
    func waitFor(_ path: String, seconds: Double) -> String? {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text }
        usleep(200_000)
      }
      return nil
    }

    /// `poll: 0` returns at once and the run ends (its connections close) while the job
    /// still sleeps; a second run finds the job with `async_status`, waits for it with
    /// `until`, gets the command's own result, and `mode: cleanup` removes the job file.
    @Test func fireAndForgetOutlivesTheRunAndAsyncStatusFindsIt() throws {
      let (folder, first) = try workspace("")
      let marker = folder + "/marker"
      try """
        - hosts: lab1
          gather_facts: false
          tasks:
            - shell: sleep 3; echo finished | tee \(marker)
              async: 60
              poll: 0
              register: fired
            - debug: var=fired.ansible_job_id
            - assert:
                that: [fired.started, not fired.finished, fired.changed]

        """.write(toFile: first, atomically: true, encoding: .utf8)
      let started = Date()
      let fired = try Lab.swiftplay(["-i", Lab.inventory, first])
      #expect(fired.code == 0, "\(fired.stdout)\(fired.stderr)")
      #expect(Date().timeIntervalSince(started) < 3 || !FileManager.default.fileExists(atPath: marker))
      let jid = try #require(self.jid(in: fired.stdout), "\(fired.stdout)")
      let jobFile = "/home/lab/.ansible_async/" + jid
      #expect(FileManager.default.fileExists(atPath: jobFile))

      let second = folder + "/status.yml"
      try """
        - hosts: lab1
          gather_facts: false
          tasks:
            - async_status:
                jid: "{{ jid }}"
              register: job
              until: job.finished
              retries: 30
              delay: 1
            - debug: msg="{{ job.stdout }} rc={{ job.rc }} started={{ job.started }} file={{ job.results_file }}"
            - async_status:
                jid: "{{ jid }}"
                mode: cleanup
              register: cleaned
            - debug: msg="erased={{ cleaned.erased }}"

        """.write(toFile: second, atomically: true, encoding: .utf8)
      let status = try Lab.swiftplay(["-i", Lab.inventory, second, "-e", "jid=\(jid)"])
      #expect(status.code == 0, "\(status.stdout)\(status.stderr)")
      #expect(status.stdout.contains("\"msg\": \"finished rc=0 started=True file=\(jobFile)\""), "\(status.stdout)")
      #expect(status.stdout.contains("\"msg\": \"erased=\(jobFile)\""), "\(status.stdout)")
      #expect(try String(contentsOfFile: marker, encoding: .utf8) == "finished\n")
      #expect(!FileManager.default.fileExists(atPath: jobFile))
    }

    /// The controller killed while it polls (its SSH session drops mid-job): the job runs
    /// on to its end on the host and leaves the command's result in its file.
    @Test func jobOutlivesAKilledController() throws {
      let tag = "async-\(UUID().uuidString)"
      let (folder, playbook) = try workspace("")
      let marker = folder + "/" + tag
      try """
        - hosts: lab2
          gather_facts: false
          tasks:
            - shell: echo started > \(marker).started; sleep 5; echo survived > \(marker)
              async: 60
              poll: 1

        """.write(toFile: playbook, atomically: true, encoding: .utf8)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Lab.binary)
      process.arguments = ["-i", Lab.inventory, playbook]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try Lab.ensureUp()
      try process.run()
      // Killed once the job runs on the host, however long a loaded machine takes to get there.
      #expect(waitFor(marker + ".started", seconds: 60) == "started\n")
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      #expect(!FileManager.default.fileExists(atPath: marker), "the job should still be sleeping when the controller dies")
      #expect(waitFor(marker, seconds: 30) == "survived\n")
      // The job's file holds the command's result once it finished.
      let jobs = (try? FileManager.default.contentsOfDirectory(atPath: "/home/lab/.ansible_async")) ?? []
      var result: String?
      for _ in 0..<25 {
        result = jobs.compactMap { try? String(contentsOfFile: "/home/lab/.ansible_async/" + $0, encoding: .utf8) }
          .first { $0.contains(tag) && $0.contains("\"rc\": 0") }
        if result != nil { break }
        usleep(200_000)
      }
      #expect(result != nil, "no finished job file names \(tag)")
    }

    /// Become on every lab setup (password-asking sudo, NOPASSWD, requiretty's terminal that
    /// hangs up when the command ends, su to another user): the job runs as the become user,
    /// its file in that user's home, and the poll reads it there.
    @Test func becomeRunsTheJobAsTheBecomeUser() throws {
      let inventory = try BecomeTests.inventory(passwords: BecomeTests.rightPasswords())
      let (_, playbook) = try workspace("""
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - command: id -un
              async: 30
              poll: 1
              register: job
            - debug: msg="{{ job.stdout }} {{ job.results_file.startswith(('/root/' if job.stdout == 'root' else '/home/' ~ job.stdout ~ '/') ~ '.ansible_async/') }} {{ job.finished }}"

        """)
      let result = try Lab.swiftplay(["-i", inventory, playbook])
      #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout.occurrences(of: "\"msg\": \"root True True\"") == Lab.hostCount - 1, "\(result.stdout)")
      #expect(result.stdout.occurrences(of: "\"msg\": \"labsu True True\"") == 1, "\(result.stdout)")
      // Ansible's line before each host's result.
      #expect(result.stdout.occurrences(of: "ASYNC OK on lab") == Lab.hostCount, "\(result.stdout)")
    }

    /// Ad-hoc `-B`/`-P` as Ansible's: polled to the end, or the job id at once for a later
    /// `-m async_status`; a job's result shows whole (JSON), not as command output.
    @Test func adHocBackgroundAndPoll() throws {
      let polled = try Lab.swiftplay(["-i", Lab.inventory, "lab4", "-B", "20", "-P", "1", "-a", "echo hi"])
      #expect(polled.code == 0, "\(polled.stdout)\(polled.stderr)")
      #expect(polled.stdout.hasPrefix("lab4 | CHANGED => {") && polled.stdout.contains("\"stdout\": \"hi\""), "\(polled.stdout)")
      #expect(polled.stdout.contains("\"finished\": true"), "\(polled.stdout)")
      let fired = try Lab.swiftplay(["-i", Lab.inventory, "lab4", "-B", "20", "-P", "0", "-a", "echo later"])
      #expect(fired.stdout.contains("\"finished\": false") && fired.stdout.contains("\"started\": true"), "\(fired.stdout)")
      let range = try #require(fired.stdout.range(of: #"j[0-9]+\.[0-9]+"#, options: .regularExpression), "\(fired.stdout)")
      let jid = String(fired.stdout[range])
      var status = try Lab.swiftplay(["-i", Lab.inventory, "lab4", "-m", "async_status", "-a", "jid=\(jid)"])
      for _ in 0..<10 where !status.stdout.contains("\"finished\": true") {
        usleep(500_000)
        status = try Lab.swiftplay(["-i", Lab.inventory, "lab4", "-m", "async_status", "-a", "jid=\(jid)"])
      }
      #expect(status.stdout.contains("\"stdout\": \"later\""), "\(status.stdout)")
      let cleaned = try Lab.swiftplay(["-i", Lab.inventory, "lab4", "-m", "async_status", "-a", "jid=\(jid) mode=cleanup"])
      #expect(cleaned.stdout.contains("\"erased\": \"/home/lab/.ansible_async/\(jid)\""), "\(cleaned.stdout)")
    }

    /// A job that outlives `async:` is killed on the host, and the task fails with the
    /// job's "Timeout exceeded"; nothing of it keeps running.
    @Test func jobPastItsLimitIsKilled() throws {
      let tag = "30.\(Int.random(in: 100_000...999_999))"
      let (_, playbook) = try workspace("""
        - hosts: lab3
          gather_facts: false
          tasks:
            - command: sleep \(tag)
              async: 2
              poll: 3
              register: late
              ignore_errors: true
            - debug: msg="{{ late.msg }} {{ late.finished }}"

        """)
      let result = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout.contains("\"msg\": \"Timeout exceeded True\""), "\(result.stdout)")
      #expect(result.stdout.contains("ASYNC FAILED on lab3: jid=j"), "\(result.stdout)")
      #expect(try Lab.run(["pgrep", "-f", "sleep \(tag)"]).stdout.isEmpty)
    }
  }
}
