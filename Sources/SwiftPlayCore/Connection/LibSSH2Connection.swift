import Foundation
import SSH
import Synchronization
import LocalProcess

/// The default transport: an in-process SSH session through libssh2, opened on first use
/// and reused for every command of the run, one channel per command.
package final class LibSSH2Connection: Connection, @unchecked Sendable {
  package let settings: ConnectionSettings
  private let credentials: Credentials
  private let log: DiagnosticLog
  private let thread: DedicatedThread
  /// Touched only on `thread`.
  private var session: Session? {
    didSet { if session == nil { shells = [:] } }
  }
  /// Set once sudo said "you must have a tty" (`requiretty`): become then runs each
  /// command on a terminal of its own instead of in a privileged shell.
  var needsTerminalForBecome: Bool {
    get { terminalForBecome.withLock { $0 } }
    set { terminalForBecome.withLock { $0 = newValue } }
  }
  private let terminalForBecome = Mutex(false)
  /// Privileged shells by become method, user, flags and password; on `thread` only.
  private var shells: [String: ShellChannel] = [:]
  /// Set once the server refused the SFTP subsystem; on `thread` only.
  private var sftpRefused = false

  package init(settings: ConnectionSettings, credentials: Credentials, log: @escaping DiagnosticLog) {
    self.settings = settings
    self.credentials = credentials
    self.log = log
    thread = DedicatedThread(name: "ssh \(settings.hostName)")
  }

  deinit { thread.stop() }

  /// With a `timeout`, the host ends the command's whole process group when it is up
  /// (`HostTimeout`), so nothing of it stays running after the task failed.
  package func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    let shown = CommandLog.shown(command)
    let line = timeout.map { HostTimeout.limited(command, seconds: $0, shell: HostTimeout.loginShell) } ?? command
    return try await HostTimeout.enforce(timeout) { () throws(ConnectionError) in
      try await onThread { [self] in
        let session = try connectedSession()
        log(3, "<\(settings.address)> EXEC \(shown)")
        let channel = try session.openChannel(deadline: .after(seconds: settings.connectTimeout))
        var result = try channel.execute(line, stdin: stdin, deadline: .after(seconds: HostTimeout.wait(for: timeout)))
        return CommandResult(
          stdout: result.stdout.takeText(), stderr: result.stderr.takeText(), exitStatus: result.exitStatus, exitSignal: result.exitSignal)
      }
    }
  }

  /// Runs `command` (a sudo or su line) behind `prompt`: answered once, the command's own
  /// output starting after the prompt's marker line. With `pty`, on a raw-mode terminal.
  /// A `timeout` is one the command already carries (`HostTimeout.limited` inside the
  /// escalation, where the kill has the become user's rights): this waits for it.
  package func run(
    _ command: String, stdin: [UInt8], timeout: Double?, prompt: PromptAnswer, pty: Bool
  ) async throws(ConnectionError) -> CommandResult {
    let shown = CommandLog.shown(command)
    return try await onThread { [self] in
      let session = try connectedSession()
      log(3, "<\(settings.address)> EXEC \(shown)")
      let channel = try session.openChannel(deadline: .after(seconds: settings.connectTimeout))
      var result = try channel.execute(
        command, stdin: stdin, deadline: .after(seconds: HostTimeout.wait(for: timeout)), prompt: prompt, pty: pty)
      return CommandResult(
        stdout: result.stdout.takeText(), stderr: result.stderr.takeText(), exitStatus: result.exitStatus, exitSignal: result.exitSignal)
    }
  }

  /// Runs `request` in the long-lived privileged shell named `key`, started with `launch`
  /// behind `prompt` on first use (one password exchange per host and become user, not
  /// one per command). A `timeout` is the request's own `limit`: this waits for it.
  func exchange(
    shell key: String, launch: String, prompt: PromptAnswer, request: ShellRequest, timeout: Double?
  ) async throws(ConnectionError) -> CommandResult {
    let shown = CommandLog.shown(request.command)
    return try await onThread { [self] in
      let session = try connectedSession()
      let shell: ShellChannel
      if let open = shells[key], open.isUsable {
        shell = open
      } else {
        log(3, "<\(settings.address)> EXEC \(launch)")
        shell = try ShellChannel(
          channel: try session.openChannel(deadline: .after(seconds: settings.connectTimeout)),
          command: launch, prompt: prompt, deadline: .after(seconds: settings.connectTimeout))
        shells[key] = shell
      }
      log(3, "<\(settings.address)> EXEC (in the privileged shell) \(shown)")
      var output = try shell.exchange(request.line, deadline: .after(seconds: HostTimeout.wait(for: timeout))) {
        request.isComplete(stdout: $0, stderr: $1)
      }
      return request.result(stdout: &output.stdout, stderr: &output.stderr)
    }
  }

  /// By SFTP; through the shell when the host has no SFTP subsystem (Ansible's smart
  /// transfer falls back the same way), and again through the shell when SFTP fails
  /// without naming the cause (a full disk), so the error says what the system said.
  package func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    try await onThread { [self] in
      let session = try connectedSession()
      log(3, "<\(settings.address)> PUT \(bytes.count) bytes TO \(path)")
      guard let sftp = try sftpIfOffered(session) else { return try pipedUpload(bytes, to: path, mode: mode, session) }
      do {
        try sftpUpload(bytes, to: path, mode: mode, session, sftp)
      } catch let error as SSHError where error.isVagueSFTPFailure {
        log(3, "<\(settings.address)> SFTP said only \"failure\"; sending \(path) through the shell to learn why")
        try pipedUpload(bytes, to: path, mode: mode, session)
      }
    }
  }

  /// The session's SFTP channel, or nil (remembered for the run) when the server refuses
  /// the subsystem.
  private func sftpIfOffered(_ session: Session) throws -> SFTP? {
    if sftpRefused { return nil }
    do {
      return try session.openSFTP(deadline: .after(seconds: settings.connectTimeout))
    } catch let error as SSHError where error.isSubsystemRefused {
      log(3, "<\(settings.address)> no SFTP subsystem (\(error)); files go through the shell")
      sftpRefused = true
      return nil
    }
  }

  /// Writes through the shell channel: `pipedUploadScript` fed the bytes on stdin.
  private func pipedUpload(_ bytes: [UInt8], to path: String, mode: Int32, _ session: Session) throws {
    let script = pipedUploadScript(to: path, size: bytes.count, mode: mode)
    var result = try session.openChannel(deadline: .after(seconds: settings.connectTimeout))
      .execute(script, stdin: bytes, deadline: .never)
    guard result.exitStatus == 0 else {
      throw ConnectionError.failed("cannot write \(path): "
        + result.stderr.takeText().trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// SFTP to a scratch name beside `path`, then a rename into place.
  private func sftpUpload(_ bytes: [UInt8], to path: String, mode: Int32, _ session: Session, _ sftp: SFTP) throws {
    let temporary = temporaryPath(beside: path)
    do {
      try sftp.write(bytes, to: temporary, mode: mode, deadline: .never)
      // SFTP v3's rename will not replace an existing file, so the move is a command.
      let move = moveIntoPlace(temporary, path)
      var moved = try session.openChannel(deadline: .after(seconds: settings.connectTimeout))
        .execute(move, deadline: .never)
      guard moved.exitStatus == 0 else {
        throw ConnectionError.failed("cannot move the uploaded file into \(path): "
          + moved.stderr.takeText().trimmingCharacters(in: .whitespacesAndNewlines))
      }
    } catch {
      try? sftp.remove(temporary, deadline: .after(seconds: settings.connectTimeout))
      // The scratch name means nothing to the reader: say which file and why, in words.
      if let failure = error as? SSHError, case let .library(_, _, reason) = failure, !failure.isVagueSFTPFailure {
        throw ConnectionError.failed("cannot write \(path): \(reason)")
      }
      throw error
    }
  }

  /// By SFTP, or by `cat` on a channel (its output is bytes, not text) without SFTP.
  package func download(_ path: String) async throws(ConnectionError) -> [UInt8] {
    try await onThread { [self] in
      let session = try connectedSession()
      log(3, "<\(settings.address)> FETCH \(path)")
      if let sftp = try sftpIfOffered(session) { return try sftp.read(path, deadline: .never) }
      var result = try session.openChannel(deadline: .after(seconds: settings.connectTimeout))
        .execute("cat -- \(ShellQuote.quote(path))", deadline: .never)
      guard result.exitStatus == 0 else {
        throw ConnectionError.failed("cannot read \(path): "
          + result.stderr.takeText().trimmingCharacters(in: .whitespacesAndNewlines))
      }
      return result.stdout.bytes
    }
  }

  package func close() async {
    _ = try? await thread.perform { [self] in session = nil }
  }

  /// Runs `body` on the connection's thread and turns SSH failures into Ansible's two kinds:
  /// a host that cannot be reached or logged into, and an operation that failed. After any
  /// failure the session is dropped, since a channel left mid-command cannot be trusted.
  private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws(ConnectionError) -> T {
    do {
      return try await thread.perform(body)
    } catch let refusal as PromptAnswer.Refusal {
      // sudo or su said no; the session itself is fine.
      throw .refused(refusal)
    } catch {
      _ = try? await thread.perform { [self] in session = nil }
      switch error {
      case let error as ConnectionError: throw error
      case let error as SSHError where error.isUnreachable:
        throw .unreachable("Failed to connect to the host via libssh2: \(error)")
      default: throw .failed(String(describing: error))
      }
    }
  }

  /// The open session, or a new one. Anything that goes wrong before the session is ready
  /// (TCP, handshake, host key, authentication) means the host is unreachable.
  private func connectedSession() throws -> Session {
    if let session { return session }
    log(3, "<\(settings.address)> ESTABLISH LIBSSH2 CONNECTION FOR USER: \(settings.user)")
    do {
      let session = try Session(
        host: settings.address, port: settings.port, timeout: settings.connectTimeout,
        knownHostsFiles: settings.hostKeyChecking ? settings.knownHostsFiles : nil)
      session.keepaliveInterval = Int32(clamping: settings.keepaliveInterval)
      try authenticate(session)
      self.session = session
      return session
    } catch let error as Terminal.PromptError {
      throw ConnectionError.unreachable(error.description)
    } catch {
      throw ConnectionError.unreachable("Failed to connect to the host via libssh2: \(error)")
    }
  }

  /// Agent, then key files, then password, as OpenSSH orders them. When all fail, one error
  /// names every method tried.
  private func authenticate(_ session: Session) throws {
    let user = settings.user
    var deadline = Deadline.after(seconds: settings.connectTimeout)
    let offered = try session.authenticationMethods(user: user, deadline: deadline)
    if session.isAuthenticated { return }
    var tried: [String] = []
    var rejectedRSA = false

    if offered.contains("publickey") {
      switch try session.authenticateWithAgent(user: user, deadline: deadline) {
      case true?: return
      case false?: tried.append("ssh-agent")
      case nil: break
      }
      for path in settings.privateKeyFiles {
        guard let key = PrivateKeyFile(path: path) else {
          tried.append("key \(path) (unreadable)")
          continue
        }
        switch try offer(key, user: user, session: session, deadline: &deadline) {
        case .accepted: return
        case .rejected:
          tried.append("key \(path)")
          rejectedRSA = rejectedRSA || key.isRSA
        case let .unusable(reason): tried.append("key \(path) (\(reason))")
        }
      }
    }
    if let password = settings.password, offered.contains("password") {
      if try session.authenticate(user: user, password: password, deadline: deadline) { return }
      tried.append("password")
    } else if offered.contains("password") {
      tried.append("password (not given: use -k or ansible_password)")
    }
    throw SSHError.authentication(
      user: user, tried: tried.isEmpty ? ["none of the server's methods: \(offered.joined(separator: ", "))"] : tried,
      hint: rejectedRSA && Self.refusesSHA1RSA(banner: session.remoteBanner) ? Self.rsaHint : nil)
  }

  private enum KeyOutcome {
    case accepted, rejected
    case unusable(String)
  }

  /// Offers one key file, asking for its passphrase (again, while the person mistypes it)
  /// when it has one. The passphrase is shared with other hosts once it has opened the key.
  private func offer(_ key: PrivateKeyFile, user: String, session: Session, deadline: inout Deadline) throws -> KeyOutcome {
    while true {
      var passphrase: String?
      if key.isEncrypted {
        guard let answer = try credentials.passphrase(for: key.path) else { return .unusable("no passphrase") }
        passphrase = answer
        deadline = .after(seconds: settings.connectTimeout)  // the person typing is not the host's delay
      }
      log(4, "<\(settings.address)> trying key \(key.path)")
      do {
        let accepted = try session.authenticate(user: user, privateKeyFile: key.path, passphrase: passphrase, deadline: deadline)
        if let passphrase { credentials.report(key.path, passphrase: passphrase, accepted: true) }
        return accepted ? .accepted : .rejected
      } catch SSHError.privateKey(_, let reason) {
        guard let passphrase else { return .unusable(reason) }
        credentials.report(key.path, passphrase: passphrase, accepted: false)
      } catch {
        // Lost the host mid-try: the passphrase got no verdict, and the hosts waiting on
        // it must not wait forever.
        if passphrase != nil { credentials.abandon(key.path) }
        throw error
      }
    }
  }

  static let rsaHint = "libssh2 1.10 signs RSA keys only with SHA-1 (ssh-rsa), which OpenSSH 8.8 and later "
    + "refuse: use an ed25519 or ecdsa key, or connect with -c openssh (ansible_connection=ssh)"

  /// OpenSSH 8.8 and later refuse ssh-rsa (SHA-1) signatures by default; other servers
  /// might too, so anything that is not an older OpenSSH gets the hint.
  static func refusesSHA1RSA(banner: String?) -> Bool {
    guard let banner, let range = banner.range(of: "OpenSSH_") else { return true }
    let version = banner[range.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".")
    guard let major = version.first.flatMap({ Int($0) }) else { return true }
    let minor = version.dropFirst().first.flatMap { Int($0) } ?? 0
    return (major, minor) >= (8, 8)
  }
}
