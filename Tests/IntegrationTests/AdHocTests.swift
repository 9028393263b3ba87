import Foundation
import Testing

/// `swiftplay -m MODULE -a ARGS PATTERN` end to end: the real binary against the real sshd
/// hosts of the lab, over libssh2 unless a test says otherwise.
extension LabTests {
  @Suite struct AdHocTests {
    let inventory = ["-i", Lab.inventory]

    @Test func shellHostnameAnswersFromEveryHost() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "hostname", "all"])
      #expect(result.code == 0, "\(result.stderr)")
      for index in 1...Lab.hostCount {
        #expect(result.stdout.contains("lab\(index) | CHANGED | rc=0 >>\nlab\(index)\n"), "\(result.stdout)")
      }
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount)
    }

    /// `-b` runs the module through sudo with the host's become password (as a vault
    /// would hold it), `--become-user` picks the user, and without a password sudo's
    /// refusal is the host's failure.
    @Test func becomeRunsTheModuleAsAnotherUser() throws {
      let secrets = try Lab.writeBecomeVars(try Lab.scratch() + "/become.yml")
      let root = try Lab.swiftplay(inventory + ["-e", "@" + secrets, "-b", "-m", "command", "-a", "id -un", "lab1,lab3"])
      #expect(root.code == 0 && root.stdout.occurrences(of: "| CHANGED | rc=0 >>\nroot\n") == 2, "\(root.stdout)\(root.stderr)")
      let other = try Lab.swiftplay(inventory + ["-e", "@" + secrets, "--become", "--become-user", "labsu", "-m", "command", "-a", "id -un", "lab1"])
      #expect(other.stdout.contains("lab1 | CHANGED | rc=0 >>\nlabsu\n"), "\(other.stdout)")
      let missing = try Lab.swiftplay(inventory + ["-b", "-m", "command", "-a", "id -un", "lab1"])
      #expect(missing.code == 2 && missing.stdout.contains("Missing sudo password"), "\(missing.stdout)")
    }

    @Test func pingAnswersPong() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "ping", "all"])
      #expect(result.code == 0)
      #expect(result.stdout.occurrences(of: "| SUCCESS => {\n    \"changed\": false,\n    \"ping\": \"pong\"\n}") == Lab.hostCount)
    }

    @Test func commandIsTheDefaultModuleAndFailuresExit2() throws {
      let result = try Lab.swiftplay(inventory + ["-a", "false", "all"])
      #expect(result.code == 2)
      #expect(result.stdout.occurrences(of: "| FAILED | rc=1 >>\nnon-zero return code\n") == Lab.hostCount)
    }

    /// As Ansible's command module: `~` and variables expand, pipes and globs do not.
    @Test func commandExpandsVariablesButNoShellSyntax() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "command", "-a", "echo $HOME ~ 'a  b' | wc * $(id)", "lab1"])
      #expect(result.stdout == "lab1 | CHANGED | rc=0 >>\n/home/lab /home/lab a  b | wc * $(id)\n")
    }

    @Test func createsIsCheckedInChdirWithGlobs() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "command", "-a", "echo ran chdir=/etc creates=host*", "lab1"])
      #expect(result.code == 0)
      // Ansible's minimal callback runs stdout and msg together, without a newline.
      #expect(result.stdout == "lab1 | SUCCESS | rc=0 >>\nskipped, since host* existsDid not run command since 'host*' exists\n")
      let ran = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "echo ran removes=/nonexistent/*", "lab1"])
      #expect(ran.stdout == "lab1 | SUCCESS | rc=0 >>\nskipped, since /nonexistent/* does not existDid not run command since '/nonexistent/*' does not exist\n")
    }

    @Test func stdoutStderrAndExitStatusStayApart() throws {
      let result = try Lab.swiftplay(inventory + ["-o", "-m", "shell", "-a", "echo out; echo err >&2; exit 3", "lab1"])
      #expect(result.code == 2)
      #expect(result.stdout == "lab1 | FAILED | rc=3 | (stdout) out (stderr) err\n")
    }

    @Test func signalKilledCommandSaysSo() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "kill -9 $$", "lab1"])
      #expect(result.code == 2)
      #expect(result.stdout == "lab1 | FAILED | rc=-9 >>\nkilled by signal KILL (SIGKILL)\n")
    }

    /// Arguments are templates rendered with each host's variables; an undefined variable
    /// fails that host, naming the variable, before anything runs there.
    @Test func argumentsAreRenderedPerHost() throws {
      let result = try Lab.swiftplay(inventory + ["-o", "-m", "shell", "-a", "echo {{ inventory_hostname | upper }} {{ ansible_port + 1 }}", "lab1,lab2"])
      #expect(result.stdout.contains("lab1 | CHANGED | rc=0 | (stdout) LAB1 \(Lab.port + 1)\n"))
      #expect(result.stdout.contains("lab2 | CHANGED | rc=0 | (stdout) LAB2 \(Lab.port + 1)\n"))
      let marker = "/tmp/swiftplay-undefined-\(UUID().uuidString)"
      let undefined = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "touch \(marker) {{ no_such_variable }}", "lab1"])
      #expect(undefined.code == 2)
      #expect(undefined.stdout.contains("'no_such_variable' is undefined"))
      #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func rawSendsTheLineAsIs() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "raw", "-a", "echo $((6 * 7))", "lab2"])
      #expect(result.stdout == "lab2 | CHANGED | rc=0 >>\n42\n\n")
    }

    @Test func stoppedHostIsUnreachableAndTheOthersSucceed() throws {
      try Lab.ensureUp()
      _ = try Lab.run(["bash", Lab.root + "/lab/lab.sh", "stop-host", "3"])
      defer { _ = try? Lab.run(["bash", Lab.root + "/lab/lab.sh", "start-host", "3"]) }
      let result = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "hostname", "all"])
      #expect(result.code == 4)
      #expect(result.stdout.contains("""
        lab3 | UNREACHABLE! => {
            "changed": false,
            "msg": "Failed to connect to the host via libssh2: connect to host 127.0.0.4 port \(Lab.port): Connection refused",
            "unreachable": true
        }
        """))
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount - 1)
      let openssh = try Lab.swiftplay(inventory + ["-c", "openssh", "-m", "shell", "-a", "hostname", "all"])
      #expect(openssh.code == 4)
      #expect(openssh.stdout.contains("\"msg\": \"Failed to connect to the host via ssh: ssh: connect to host 127.0.0.4 port \(Lab.port): Connection refused\""))
      #expect(openssh.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount - 1)
    }

    @Test func silentHostIsUnreachableAfterTheConnectTimeout() throws {
      let server = try SilentServer()
      let hosts = try Lab.writeInventory("silent ansible_host=127.0.0.1 ansible_port=\(server.port)\n")
      let result = try Lab.swiftplay(["-i", hosts, "-T", "2", "-m", "ping", "all"])
      #expect(result.code == 4)
      #expect(result.stdout.contains("SSH handshake with 127.0.0.1 port \(server.port) timed out after 2 s"))
    }

    @Test func badOptionsExit5() throws {
      #expect(try Lab.swiftplay(["--no-such-flag", "all"]).code == 5)
      #expect(try Lab.swiftplay(inventory + ["-m", "no_such_module", "all"]).code == 5)
      // An unknown option fails when the task runs, on each host, as in Ansible (exit 2).
      let bogus = try Lab.swiftplay(inventory + ["-m", "ping", "-a", "bogus=1", "lab1"])
      #expect(bogus.code == 2 && bogus.stdout.contains("Unsupported parameters for (ping) module: bogus"), "\(bogus.stdout)")
      #expect(try Lab.swiftplay(inventory + ["-m", "shell", "all"]).code == 5)
    }

    @Test func helpSaysTheForksDefault() throws {
      let help = try Lab.run([Lab.binary, "help", "run"])
      #expect(help.code == 0)
      #expect(help.stdout.contains("USAGE: swiftplay run [<options>] [<targets> ...]"))
      #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("default 50, not Ansible's 5"))
      #expect(try Lab.run([Lab.binary, "--version"]).stdout == "swiftplay 0.1.0\n")
    }

    @Test func unmatchedPatternWarnsAndDoesNothing() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "ping", "nosuch"])
      #expect(result.code == 0)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr == "[WARNING]: Could not match supplied host pattern, ignoring: nosuch\n[WARNING]: No hosts matched, nothing to do\n")
    }

    @Test func userAtAddressInventoryLine() throws {
      let vars = "ansible_port=\(Lab.port) ansible_ssh_private_key_file=\(Lab.key("id_ed25519")) "
        + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts)'"
      let hosts = try Lab.writeInventory("[team]\nlab@127.0.0.2 \(vars)\n")
      let result = try Lab.swiftplay(["-i", hosts, "-u", "root", "-m", "command", "-a", "whoami", "team"])
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stdout == "lab@127.0.0.2 | CHANGED | rc=0 >>\nlab\n")
    }

    @Test func implicitLocalhostRunsLocally() throws {
      let result = try Lab.swiftplay(inventory + ["-m", "shell", "-a", "echo local $((1 + 1))", "localhost"])
      #expect(result.stdout == "localhost | CHANGED | rc=0 >>\nlocal 2\n")
    }

    @Test func taskTimeoutStopsALongCommand() throws {
      let result = try Lab.swiftplay(inventory + ["--task-timeout", "1", "-m", "shell", "-a", "sleep 30", "lab1"])
      #expect(result.code == 2)
      #expect(result.stdout.contains("Task failed: Timed out after 1 second(s)."))
    }

    /// Locally, a timeout ends the whole pipeline, and a command that closes its output
    /// early is still held to the time it was given.
    @Test func localTimeoutEndsEverythingTheCommandStarted() throws {
      let marker = "swiftplay-timeout-\(UUID().uuidString.prefix(8))"
      let pipeline = try Lab.swiftplay(["-c", "local", "--task-timeout", "1", "-m", "shell", "-a", "sleep 27 | cat; : \(marker)", "localhost"])
      #expect(pipeline.stdout.contains("Task failed: Timed out after 1 second(s)."))
      #expect(try Lab.run(["pgrep", "-f", marker]).code == 1)  // nothing of it is left running
      let closed = try Lab.swiftplay(["--task-timeout", "1", "-m", "raw", "-a", "exec >&- 2>&-; sleep 8", "localhost"])
      #expect(closed.code == 2)
      #expect(closed.stdout.contains("Task failed: Timed out after 1 second(s)."))
      #expect(try Lab.swiftplay(["--task-timeout", "0", "-m", "command", "-a", "true", "localhost"]).code == 0)
    }

    /// A host that stops answering in the middle of a command (its sshd frozen with
    /// SIGSTOP) is given up after three unanswered keepalives instead of hanging the run.
    @Test func frozenHostIsUnreachableAfterUnansweredKeepalives() throws {
      let hosts = try Lab.writeInventory(
        "lab1 ansible_host=127.0.0.2 ansible_port=\(Lab.port) ansible_user=lab ansible_ssh_private_key_file=\(Lab.key("id_ed25519")) "
          + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts) -o ServerAliveInterval=1'\n")
      // The command's parent is the session's sshd process, owned by the lab user.
      let result = try Lab.swiftplay(["-i", hosts, "-m", "shell", "-a", "echo $PPID > /tmp/swiftplay-frozen; kill -STOP $PPID; sleep 60", "all"])
      let frozen = try String(contentsOfFile: "/tmp/swiftplay-frozen", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
      _ = try Lab.run(["kill", "-KILL", frozen])
      #expect(result.code == 4)
      #expect(result.stdout.contains("no answer to 3 keepalives sent 1 s apart"))
    }

    /// A quiet command gets keepalives at the ServerAliveInterval given in the SSH
    /// arguments; the lab's sshd logs each one it receives (LogLevel DEBUG1).
    @Test func keepalivesFlowDuringALongQuietCommand() throws {
      try Lab.ensureUp()
      let log = Lab.dir + "/hosts/lab1/sshd.log"
      func keepalives() throws -> Int {
        try String(contentsOfFile: log, encoding: .utf8).occurrences(of: "rtype keepalive@libssh2.org")
      }
      let before = try keepalives()
      let hosts = try Lab.writeInventory(
        "lab1 ansible_host=127.0.0.2 ansible_port=\(Lab.port) ansible_user=lab ansible_ssh_private_key_file=\(Lab.key("id_ed25519")) "
          + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts) -o ServerAliveInterval=1'\n")
      let result = try Lab.swiftplay(["-i", hosts, "-m", "shell", "-a", "sleep 3; echo done", "all"])
      #expect(result.stdout == "lab1 | CHANGED | rc=0 >>\ndone\n")
      #expect(try keepalives() >= before + 1)
    }

    /// Fifty hosts at once: each command waits until all fifty have started, so the run can
    /// only finish if every host progresses in parallel (otherwise the timeout fails it).
    @Test func fiftyHostsProgressInParallel() throws {
      let barrier = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: barrier)
      let lines = (1...50).map { "node\($0) ansible_host=\(Lab.address(($0 - 1) % Lab.hostCount + 1))" }
      let hosts = try Lab.writeInventory("[fifty]\n" + lines.joined(separator: "\n") + "\n[fifty:vars]\n" + Lab.connectionVars(separator: "\n") + "\n")
      let script = "touch \(barrier)/$(hostname).$$; while [ $(ls \(barrier) | wc -l) -lt 50 ]; do sleep 0.1; done; echo go"
      let result = try Lab.swiftplay(["-i", hosts, "--task-timeout", "60", "-o", "-m", "shell", "-a", script, "fifty"])
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 | (stdout) go") == 50)
    }
  }
}
