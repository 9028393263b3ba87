import Foundation
import LocalProcess

/// Drives the system's `ssh` client with a ControlMaster socket, so one TCP connection per
/// host serves the whole run. Reads ~/.ssh/config and supports RSA keys (rsa-sha2-*),
/// ProxyJump and certificates, which libssh2 1.10 cannot.
package final class OpenSSHConnection: Connection, @unchecked Sendable {
  package let settings: ConnectionSettings
  private let log: DiagnosticLog
  private let thread: DedicatedThread
  private let controlFolder: String
  /// Answers ssh's password prompt when the host has a login password.
  private let askpass: OpenSSHAskpass?

  package init(settings: ConnectionSettings, home: String, log: @escaping DiagnosticLog) {
    self.settings = settings
    self.log = log
    thread = DedicatedThread(name: "openssh \(settings.hostName)")
    controlFolder = home + "/.swiftplay/cp"
    var helper: OpenSSHAskpass?
    if let password = settings.password {
      do { helper = try OpenSSHAskpass(password: password, under: controlFolder) } catch {
        log(1, "<\(settings.address)> no password helper for ssh: \(error)")
      }
    }
    askpass = helper
  }

  deinit {
    askpass?.stop()
    thread.stop()
  }

  /// The `ssh` command line up to the host; the remote command follows it.
  var sshArguments: [String] {
    var arguments = [
      "ssh", "-o", "ControlMaster=auto", "-o", "ControlPersist=60s",
      "-o", "ControlPath=\(controlFolder)/%C",
      "-o", "ConnectTimeout=\(Int(settings.connectTimeout.rounded(.up)))",
    ]
    // A password is asked of the helper, once per login; without one nothing may ask.
    arguments += askpass == nil ? ["-o", "BatchMode=yes"] : ["-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1"]
    if settings.portIsExplicit { arguments += ["-p", String(settings.port)] }
    if settings.userIsExplicit { arguments += ["-l", settings.user] }
    if settings.privateKeyIsExplicit, let key = settings.privateKeyFiles.first { arguments += ["-i", key] }
    if !settings.hostKeyChecking {
      arguments += ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    }
    return arguments + settings.sshArguments + ["-T", settings.address]
  }

  /// With a `timeout`, the host ends the command's whole process group when it is up
  /// (`HostTimeout`): killing the local ssh would leave it running there.
  package func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    log(3, "<\(settings.address)> SSH: EXEC \(CommandLog.shown(ShellQuote.join(sshArguments + [command])))")
    let line = timeout.map { HostTimeout.limited(command, seconds: $0, shell: HostTimeout.loginShell) } ?? command
    return try await HostTimeout.enforce(timeout) { () throws(ConnectionError) in
      try await spawn(sshArguments + [line], stdin: stdin, timeout: HostTimeout.wait(for: timeout)).commandResult
    }
  }

  package func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    let script = pipedUploadScript(to: path, size: bytes.count, mode: mode)
    log(3, "<\(settings.address)> PUT \(bytes.count) bytes TO \(path)")
    let result = try await spawn(sshArguments + [script], stdin: bytes, timeout: nil)
    guard result.exitStatus == 0 else {
      let reason = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw .failed("cannot write \(path): \(reason)")
    }
  }

  package func download(_ path: String) async throws(ConnectionError) -> [UInt8] {
    log(3, "<\(settings.address)> FETCH \(path)")
    let outcome = try await spawn(sshArguments + ["cat -- \(ShellQuote.quote(path))"], stdin: [], timeout: nil)
    guard outcome.exitStatus == 0 else {
      throw .failed("cannot read \(path): \(String(decoding: outcome.stderr, as: UTF8.self))")
    }
    return outcome.stdout
  }

  package func close() async {
    let arguments = Array(sshArguments.dropLast()) + ["-O", "exit", settings.address]
    _ = try? await thread.perform { try LocalProcess.run(arguments, timeout: 5) }
    askpass?.stop()
  }

  /// Runs ssh with its own diagnostics sent to a log file (`-E`), apart from the command's
  /// stderr. ssh exits 255 both for its own failures and when the remote command was
  /// killed by a signal; the log tells the two apart.
  private func spawn(_ arguments: [String], stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> LocalProcess.Outcome {
    let folder = controlFolder
    let logFile = "\(folder)/log-\(UUID().uuidString)"
    let plain = [arguments[0], "-E", logFile] + arguments.dropFirst()
    let command = askpass.map { ["env"] + $0.environment + plain } ?? plain
    let outcome: LocalProcess.Outcome
    let diagnostics: String
    do {
      (outcome, diagnostics) = try await thread.perform {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { unlink(logFile) }
        let outcome = try LocalProcess.run(command, stdin: stdin, timeout: timeout)
        return (outcome, (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "")
      }
    } catch { throw error as? ConnectionError ?? .failed("\(error)") }
    if outcome.timedOut { throw .commandTimedOut(after: timeout) }
    let message = diagnostics.trimmingCharacters(in: .whitespacesAndNewlines)
    if outcome.exitStatus == 255 && !message.isEmpty {
      throw .unreachable("Failed to connect to the host via ssh: \(message)")
    }
    return outcome
  }
}
