import Foundation
import SwiftPlayCore
import Testing
import ValueModel

/// The Connection protocol's promises, checked for each transport against lab host lab1
/// (the local transport against this machine).
extension LabTests {
  @Suite struct ConnectionTests {
    static let transports: [Transport] = [.libssh2, .openssh, .local]

    func connect(_ transport: Transport) throws -> any Connection {
      try Lab.ensureUp()
      var defaults = ConnectionDefaults()
      defaults.transport = transport
      let vars: ValueDict = [
        "ansible_host": "127.0.0.2", "ansible_port": .int(Lab.port), "ansible_user": "lab",
        "ansible_ssh_private_key_file": .string(Lab.key("id_ed25519")),
        "ansible_ssh_common_args": .string("-o UserKnownHostsFile=\(Lab.knownHosts)"),
      ]
      let factory = ConnectionFactory(defaults: defaults, credentials: Credentials { _ in "" }) { _, _ in }
      return try factory.connection(for: "lab1", vars: vars)
    }

    /// A folder the lab user can write in (local runs as root, which can too).
    func remoteFolder() throws -> String {
      let folder = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
      return folder
    }

    @Test(arguments: transports)
    func uploadIsWholeWithItsModeAndDownloadsBack(transport: Transport) async throws {
      let connection = try connect(transport)
      let folder = try remoteFolder()
      let bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255) }
      try await connection.upload(bytes, to: folder + "/data.bin", mode: 0o640)
      #expect(try await connection.download(folder + "/data.bin") == bytes)
      #expect(try await connection.run("stat -c %a \(folder)/data.bin").stdout == "640\n")
      // Replacing an existing file works and leaves no temporary file behind.
      try await connection.upload(Array("second\n".utf8), to: folder + "/data.bin", mode: 0o600)
      #expect(try String(contentsOfFile: folder + "/data.bin", encoding: .utf8) == "second\n")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["data.bin"])
      await connection.close()
    }

    @Test(arguments: transports)
    func failedUploadLeavesNothingBehind(transport: Transport) async throws {
      let connection = try connect(transport)
      let folder = try remoteFolder()
      try FileManager.default.createDirectory(atPath: folder + "/taken", withIntermediateDirectories: false)
      await #expect(throws: ConnectionError.self) {
        try await connection.upload(Array("x".utf8), to: folder + "/taken", mode: 0o644)
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken"])
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/taken").isEmpty)
      await #expect(throws: ConnectionError.self) {
        try await connection.upload(Array("x".utf8), to: folder + "/no/such/folder/file", mode: 0o644)
      }
      await connection.close()
    }

    @Test(arguments: transports)
    func largeStdinAndOutputDoNotStall(transport: Transport) async throws {
      let connection = try connect(transport)
      let input = Array(String(repeating: "0123456789abcdef\n", count: 40_000).utf8)
      let result = try await connection.run("cat; cat /dev/null >&2", stdin: input, timeout: 60)
      #expect(result.exitStatus == 0)
      #expect(Array(result.stdout.utf8) == input)
      await connection.close()
    }

    /// Commands start with default signal handling whatever the state of swiftplay's own
    /// threads: a pipeline's writer dies quietly of SIGPIPE, and SIGTERM ends a shell.
    @Test(arguments: transports)
    func commandsGetDefaultSignalHandling(transport: Transport) async throws {
      let connection = try connect(transport)
      let pipeline = try await connection.run("yes | head -n 1")
      #expect(pipeline.stdout == "y\n")
      #expect(pipeline.stderr == "")
      let terminated = try await connection.run("kill -TERM $$; echo survived")
      // OpenSSH's client turns a remote signal into exit status 255 and does not say which.
      #expect(terminated.rc == (transport == .openssh ? 255 : -15))
      #expect(terminated.stdout == "")
      await connection.close()
    }

    /// One SSH session per host for the whole run: every command's shell has the same
    /// parent, the sshd process that serves the session.
    @Test func libssh2ReusesOneSessionForEveryCommand() async throws {
      let connection = try connect(.libssh2)
      var parents: Set<String> = []
      for _ in 0..<5 { parents.insert(try await connection.run("echo $PPID").stdout) }
      #expect(parents.count == 1)
      await connection.close()
      #expect(try await connection.run("echo $PPID").stdout != parents.first)
    }

    @Test func downloadOfAMissingFileFails() async throws {
      let connection = try connect(.libssh2)
      await #expect {
        try await connection.download("/nonexistent/file")
      } throws: { error in
        (error as? ConnectionError)?.description.contains("No such file or directory") ?? false
      }
    }
  }
}
