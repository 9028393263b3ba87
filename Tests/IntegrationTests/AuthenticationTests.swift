import Foundation
import Testing

/// The ways to log in: keys (plain, RSA, passphrase-protected), passwords, and what the
/// user is told when every way fails.
extension LabTests {
  @Suite struct AuthenticationTests {
    func inventory(key: String) throws -> String {
      try Lab.writeInventory("[lab]\n" + (1...Lab.hostCount).map { "lab\($0) ansible_host=\(Lab.address($0))" }
        .joined(separator: "\n") + "\n[lab:vars]\n" + Lab.connectionVars(key: key, separator: "\n") + "\n")
    }

    @Test func ecdsaKey() throws {
      let result = try Lab.swiftplay(["-i", try inventory(key: "id_ecdsa"), "-m", "ping", "lab1"])
      #expect(result.code == 0, "\(result.stdout)")
    }

    @Test func rsaKeyFailsOverLibssh2WithTheReasonAndWorksOverOpenSSH() throws {
      let hosts = try inventory(key: "id_rsa")
      let libssh2 = try Lab.swiftplay(["-i", hosts, "-m", "command", "-a", "hostname", "lab1"])
      #expect(libssh2.code == 4)
      #expect(libssh2.stdout.contains("libssh2 1.10 signs RSA keys only with SHA-1 (ssh-rsa), which OpenSSH 8.8 and later refuse"))
      #expect(libssh2.stdout.contains("-c openssh"))
      let openssh = try Lab.swiftplay(["-i", hosts, "-c", "openssh", "-m", "command", "-a", "hostname", "all"])
      #expect(openssh.code == 0, "\(openssh.stdout)\(openssh.stderr)")
      #expect(openssh.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount)
      #expect(openssh.stdout.contains("lab1 | CHANGED | rc=0 >>\nlab1\n"))
    }

    /// A real ssh-agent holding the ed25519 key, and a home with no key files: only the
    /// agent can log in.
    @Test func sshAgent() throws {
      try Lab.ensureUp()
      let folder = try Lab.scratch()
      let socket = folder + "/agent.sock"
      let agent = Process()
      agent.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
      agent.arguments = ["-D", "-a", socket]
      agent.standardOutput = FileHandle.nullDevice
      agent.standardError = FileHandle.nullDevice
      try agent.run()
      // SIGKILL: the test runner's threads block SIGTERM, and children inherit that mask.
      defer { kill(agent.processIdentifier, SIGKILL); agent.waitUntilExit() }
      for _ in 0..<50 where !FileManager.default.fileExists(atPath: socket) { usleep(100_000) }
      #expect(try Lab.run(["ssh-add", Lab.key("id_ed25519")], environment: ["SSH_AUTH_SOCK": socket]).code == 0)
      let hosts = try Lab.writeInventory(
        "lab1 ansible_host=127.0.0.2 ansible_port=\(Lab.port) ansible_user=lab "
          + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts)'\n")
      let result = try Lab.swiftplay(
        ["-i", hosts, "-m", "command", "-a", "whoami", "all"], environment: ["HOME": folder, "SSH_AUTH_SOCK": socket])
      #expect(result.stdout == "lab1 | CHANGED | rc=0 >>\nlab\n")
      let withoutAgent = try Lab.swiftplay(["-i", hosts, "-m", "ping", "all"], environment: ["HOME": folder, "SSH_AUTH_SOCK": ""])
      #expect(withoutAgent.code == 4)
    }

    /// The OpenSSH connection leaves port, user and key to an ssh_config when the inventory
    /// does not set them, so its Host aliases, RSA keys and ProxyJump all work.
    @Test func opensshFollowsSSHConfigAndProxyJump() throws {
      try Lab.ensureUp()
      let folder = try Lab.scratch()
      let hostBlock = { (name: String, address: String) in
        "Host \(name)\n  HostName \(address)\n  Port \(Lab.port)\n  User lab\n  IdentityFile \(Lab.key("id_rsa"))\n"
          + "  UserKnownHostsFile \(Lab.knownHosts)\n"
      }
      let config = hostBlock("jump", "127.0.0.3") + hostBlock("behind", "127.0.0.2") + "  ProxyJump jump\n"
      try config.write(toFile: folder + "/ssh_config", atomically: true, encoding: .utf8)
      let jumpLog = Lab.dir + "/hosts/lab2/sshd.log"
      func forwards() throws -> Int {
        try String(contentsOfFile: jumpLog, encoding: .utf8).occurrences(of: "target 127.0.0.2 port \(Lab.port)")
      }
      let before = try forwards()
      let hosts = try Lab.writeInventory("behind ansible_ssh_common_args='-F \(folder)/ssh_config'\n")
      let result = try Lab.swiftplay(["-i", hosts, "-c", "openssh", "-m", "command", "-a", "hostname", "all"])
      #expect(result.stdout == "behind | CHANGED | rc=0 >>\nlab1\n", "\(result.stdout)")
      #expect(try forwards() == before + 1)  // the jump host forwarded the connection
    }

    /// A home without keys, so only the password can work.
    func passwordRun(password: String, verbosity: [String] = []) throws -> Lab.Output {
      let home = try Lab.scratch()
      let hosts = try Lab.writeInventory(
        "lab2 ansible_host=127.0.0.3 ansible_port=\(Lab.port) ansible_user=lab ansible_password='\(password)' "
          + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts)'\n")
      return try Lab.swiftplay(["-i", hosts, "-m", "command", "-a", "whoami", "all"] + verbosity, environment: ["HOME": home])
    }

    @Test func passwordFromTheInventory() throws {
      let password = try String(contentsOfFile: Lab.dir + "/password", encoding: .utf8)
      let result = try passwordRun(password: password)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stdout == "lab2 | CHANGED | rc=0 >>\nlab\n")
      let verbose = try passwordRun(password: password, verbosity: ["-vvvv"])
      #expect(verbose.stdout.contains("ESTABLISH LIBSSH2 CONNECTION"))
      #expect(!verbose.stdout.contains(password) && !verbose.stderr.contains(password))
    }

    @Test func everyFailedMethodIsNamedOnOneLine() throws {
      let result = try passwordRun(password: "wrong password")
      #expect(result.code == 4)
      #expect(result.stdout.contains("\"msg\": \"Failed to connect to the host via libssh2: authentication as 'lab' failed (tried: password)\""))
    }

    /// The passphrase is asked once on the terminal for five hosts, and never echoed.
    @Test func passphraseIsAskedOnceForAllHosts() throws {
      let hosts = try inventory(key: "id_ed25519_pass")
      try Lab.ensureUp()
      let result = try Lab.run([
        "python3", Lab.root + "/lab/pty-answer.py", "Enter passphrase for key", Lab.key("passphrase"), "--",
        Lab.binary, "-i", hosts, "-m", "shell", "-a", "hostname", "all",
      ])
      let passphrase = try String(contentsOfFile: Lab.key("passphrase"), encoding: .utf8)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stderr.contains("prompts=1"))
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount)
      #expect(!result.stdout.contains(passphrase))
    }

    /// A mistyped passphrase is asked again ("Bad passphrase"), and no host is failed by
    /// it: the five hosts wait for the one right answer.
    @Test func wrongPassphraseIsAskedAgain() throws {
      let hosts = try inventory(key: "id_ed25519_pass")
      try Lab.ensureUp()
      let wrong = try Lab.scratch() + "/wrong"
      try "not the passphrase".write(toFile: wrong, atomically: true, encoding: .utf8)
      let result = try Lab.run([
        "python3", Lab.root + "/lab/pty-answer.py", "passphrase", "\(wrong),\(Lab.key("passphrase"))", "--",
        Lab.binary, "-i", hosts, "-m", "shell", "-a", "hostname", "all",
      ])
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stderr.contains("prompts=2"))
      #expect(result.stdout.contains("Bad passphrase, try again for key"))
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 >>") == Lab.hostCount)
    }

    /// Ctrl-C at the password prompt ends the run and gives the terminal its echo back.
    @Test func interruptedPromptRestoresEcho() throws {
      try Lab.ensureUp()
      let result = try Lab.run([
        "python3", Lab.root + "/lab/pty-interrupt.py", "SSH password:", "--",
        Lab.binary, "-i", Lab.inventory, "-k", "-m", "ping", "all",
      ])
      #expect(result.stdout == "echo_during=False echo_after=True exit=-2\n")
    }

    /// `-k` asks once, before connecting, and the password logs into every host.
    @Test func askPassPromptsOnce() throws {
      let home = try Lab.scratch()
      let hosts = try Lab.writeInventory("[lab]\n" + (1...Lab.hostCount).map { "lab\($0) ansible_host=\(Lab.address($0))" }
        .joined(separator: "\n") + "\n[lab:vars]\nansible_port=\(Lab.port)\nansible_user=lab\n"
        + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts)'\n")
      try Lab.ensureUp()
      let result = try Lab.run(
        ["python3", Lab.root + "/lab/pty-answer.py", "SSH password:", Lab.dir + "/password", "--",
         Lab.binary, "-i", hosts, "-k", "-m", "command", "-a", "whoami", "all"],
        environment: ["HOME": home])
      let password = try String(contentsOfFile: Lab.dir + "/password", encoding: .utf8)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(result.stderr.contains("prompts=1"))
      #expect(result.stdout.occurrences(of: "| CHANGED | rc=0 >>\r\nlab\r\n") == Lab.hostCount)
      #expect(!result.stdout.contains(password))
    }
  }
}
