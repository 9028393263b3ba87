import Foundation
import Testing

/// `-c openssh` with a login password (`ansible_password`): the system ssh gets it through
/// the SSH_ASKPASS helper (OpenSSHAskpass), never on a command line or in an environment.
/// The home has no keys, so only the password can log in; the lab's sshd accepts
/// passwords (lab/lab.sh: PasswordAuthentication yes).
extension LabTests {
  @Suite struct OpenSSHPasswordTests {
    func inventory(password: String) throws -> String {
      try Lab.writeInventory(
        "lab2 ansible_host=127.0.0.3 ansible_port=\(Lab.port) ansible_user=lab ansible_password='\(password)' "
          + "ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.knownHosts)'\n")
    }

    /// Every process's command line and environment, as `/proc` shows them.
    func everyArgvAndEnvironment() -> String {
      var seen = ""
      for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
        for part in ["cmdline", "environ"] {
          if let data = FileManager.default.contents(atPath: "/proc/\(entry)/\(part)") { seen += String(decoding: data, as: UTF8.self) + "\n" }
        }
      }
      return seen
    }

    @Test func passwordLogsInAndStaysOffArgvAndEnvironments() throws {
      let password = try Lab.passwordText()
      let hosts = try inventory(password: password)
      let home = try Lab.scratch()
      let result = try Lab.swiftplay(["-i", hosts, "-c", "openssh", "-m", "command", "-a", "whoami", "all"], environment: ["HOME": home])
      #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout == "lab2 | CHANGED | rc=0 >>\nlab\n", "\(result.stdout)")

      // While a command runs over the connection, no process shows the password.
      try Lab.ensureUp()
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Lab.binary)
      process.arguments = ["-i", hosts, "-c", "openssh", "-m", "command", "-a", "sleep 3", "all", "-vvvv"]
      process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home]) { _, new in new }
      let output = Pipe()
      process.standardOutput = output
      process.standardError = output
      try process.run()
      var sawSSH = false
      for _ in 0..<10 {
        usleep(200_000)
        let seen = everyArgvAndEnvironment()
        #expect(!seen.contains(password))
        if seen.contains("SSH_ASKPASS_REQUIRE=force") { sawSSH = true }
      }
      let verbose = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(verbose)")
      #expect(sawSSH, "ssh ran with the askpass helper")
      #expect(!verbose.contains(password))
    }

    @Test func wrongPasswordIsUnreachable() throws {
      let result = try Lab.swiftplay(
        ["-i", try inventory(password: "wrong password"), "-c", "openssh", "-m", "command", "-a", "whoami", "all"],
        environment: ["HOME": try Lab.scratch()])
      #expect(result.code == 4, "\(result.stdout)")
      #expect(result.stdout.contains("Permission denied"), "\(result.stdout)")
    }
  }
}
