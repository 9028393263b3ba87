internal import CLibSSH2
import Glibc
import LocalProcess

/// One SSH connection: a TCP socket plus a non-blocking libssh2 session.
///
/// Every call waits with `poll()` until its deadline instead of blocking inside libssh2, so a
/// dead peer costs at most the deadline. A `Session` is not thread-safe: its owner confines
/// it (and its channels) to one thread.
package final class Session {
  package let host: String
  package let port: Int
  let raw: OpaquePointer
  let socket: Int32
  /// Seconds between keepalives sent while waiting on a long command; 0 disables them.
  /// Capped at a day, which keeps the millisecond arithmetic in range.
  package var keepaliveInterval: Int32 = 15 {
    didSet {
      keepaliveInterval = min(max(0, keepaliveInterval), 86_400)
      libssh2_keepalive_config(raw, 1, UInt32(keepaliveInterval))
      liveness.interval = keepaliveInterval
    }
  }
  /// Keepalives that may go unanswered before the host counts as gone, like OpenSSH's
  /// ServerAliveCountMax.
  package var keepaliveCountMax = 3 {
    didSet { liveness.countMax = keepaliveCountMax }
  }
  /// How long the host has been silent while we waited on it.
  private var liveness = Liveness(interval: 15, countMax: 3)

  /// Connects and completes the SSH handshake before `timeout` seconds pass. With
  /// `knownHostsFiles`, the server's host key must match an entry of those files (else
  /// `SSHError.hostKey`), and the key types they hold for this host are asked for first,
  /// as OpenSSH does, so a file holding only the host's ed25519 key still matches.
  package init(host: String, port: Int, timeout: Double, knownHostsFiles: [String]? = nil) throws {
    _ = LibSSH2.initialized
    let deadline = Deadline.after(seconds: timeout)
    self.host = host
    self.port = port
    socket = try TCPSocket.connect(host: host, port: port, deadline: deadline)
    guard let session = shim_session_init() else {
      close(socket)
      throw SSHError.library(operation: "libssh2_session_init", code: -1, message: "out of memory")
    }
    raw = session
    libssh2_session_set_blocking(raw, 0)
    libssh2_keepalive_config(raw, 1, UInt32(keepaliveInterval))
    let knownHosts = try knownHostsFiles.map { try KnownHosts(session: self, files: $0) }
    if let knownHosts { preferHostKeyTypes(knownHosts.keyTypes(host: host, port: port)) }
    try retry("SSH handshake with \(host) port \(port)", deadline) {
      libssh2_session_handshake(raw, libssh2_socket_t(socket))
    }
    if let knownHosts {
      guard let key = hostKey else { throw lastError("reading the host key") }
      try knownHosts.verify(host: host, port: port, key: key)
    }
  }

  /// Puts the host-key algorithms for `kinds` first in the handshake's offer.
  private func preferHostKeyTypes(_ kinds: [HostKey.Kind]) {
    guard !kinds.isEmpty else { return }
    var supported: UnsafeMutablePointer<UnsafePointer<CChar>?>?
    let count = libssh2_session_supported_algs(raw, LIBSSH2_METHOD_HOSTKEY, &supported)
    guard count > 0, let supported else { return }
    defer { libssh2_free(raw, supported) }
    let all = (0..<Int(count)).compactMap { supported[$0].map { String(cString: $0) } }
    let preferred = kinds.flatMap(\.algorithms).filter(all.contains)
    let order = preferred + all.filter { !preferred.contains($0) }
    _ = libssh2_session_method_pref(raw, LIBSSH2_METHOD_HOSTKEY, order.joined(separator: ","))
  }

  deinit {
    // Best effort: a polite disconnect, never waiting on a dead peer for long.
    _ = try? retry("disconnect", .after(seconds: 1)) { shim_session_disconnect(raw, "bye") }
    libssh2_session_free(raw)
    close(socket)
  }

  /// The server's identification string, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`.
  package var remoteBanner: String? {
    libssh2_session_banner_get(raw).map { String(cString: $0) }
  }

  /// The host key the server presented during the handshake.
  package var hostKey: HostKey? {
    var length = 0
    var type: Int32 = 0
    guard let key = libssh2_session_hostkey(raw, &length, &type),
      let hash = libssh2_hostkey_hash(raw, LIBSSH2_HOSTKEY_HASH_SHA256)
    else { return nil }
    let keyBytes = UnsafeRawBufferPointer(start: key, count: length)
    let hashBytes = UnsafeRawBufferPointer(start: hash, count: 32)
    return HostKey(libssh2Type: type, blob: Array(keyBytes), sha256: Array(hashBytes))
  }

  /// Authentication methods the server still accepts for `user`; empty once authenticated.
  package func authenticationMethods(user: String, deadline: Deadline) throws -> [String] {
    let list = try retryPointer("listing authentication methods", deadline) {
      libssh2_userauth_list(raw, user, UInt32(user.utf8.count))
    }
    return list.map { String(cString: $0).split(separator: ",").map(String.init) } ?? []
  }

  package var isAuthenticated: Bool { libssh2_userauth_authenticated(raw) != 0 }

  /// Tries a password; false when the server rejects it.
  package func authenticate(user: String, password: String, deadline: Deadline) throws -> Bool {
    try authResult("password authentication", deadline) {
      shim_userauth_password(raw, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count))
    }
  }

  /// Tries a private key file; false when the server rejects it. A wrong passphrase or an
  /// unreadable key throws, so the caller can say which.
  package func authenticate(user: String, privateKeyFile: String, passphrase: String?, deadline: Deadline) throws -> Bool {
    do {
      return try authResult("public key authentication with \(privateKeyFile)", deadline) {
        libssh2_userauth_publickey_fromfile_ex(
          raw, user, UInt32(user.utf8.count), nil, privateKeyFile, passphrase)
      }
    } catch SSHError.library(_, LIBSSH2_ERROR_FILE, _) {
      throw SSHError.privateKey(
        path: privateKeyFile, reason: "cannot be loaded: wrong passphrase, or a format libssh2 cannot read")
    }
  }

  /// Tries every identity the ssh-agent at SSH_AUTH_SOCK holds: true when one is accepted,
  /// false when none is, nil when no agent runs.
  package func authenticateWithAgent(user: String, deadline: Deadline) throws -> Bool? {
    let agent = try Agent(session: self)
    return try agent.authenticate(user: user, deadline: deadline)
  }

  func authResult(_ operation: String, _ deadline: Deadline, _ call: () -> Int32) throws -> Bool {
    let code = try retry(operation, deadline, accepting: [
      LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED,
    ], call)
    return code == 0
  }

  package func openChannel(deadline: Deadline) throws -> Channel {
    let channel = try retryPointer("opening a channel", deadline) { shim_channel_open_session(raw) }
    guard let channel else { throw lastError("opening a channel") }
    return Channel(session: self, raw: channel)
  }

  package func openSFTP(deadline: Deadline) throws -> SFTP {
    let sftp = try retryPointer("starting SFTP", deadline) { libssh2_sftp_init(raw) }
    guard let sftp else { throw lastError("starting SFTP") }
    return SFTP(session: self, raw: sftp)
  }

  // MARK: - Waiting

  /// Runs a libssh2 call until it stops answering EAGAIN; throws on errors other than those
  /// in `accepting`, and returns the final code.
  @discardableResult
  func retry(_ operation: String, _ deadline: Deadline, accepting: [Int32] = [], _ call: () -> Int32) throws -> Int32 {
    while true {
      let code = call()
      if code == LIBSSH2_ERROR_EAGAIN {
        try waitForSocket(operation, deadline)
        continue
      }
      if code < 0 && !accepting.contains(code) { throw lastError(operation, code: code) }
      return code
    }
  }

  /// `retry` for calls that return a pointer and report EAGAIN through the session's errno.
  func retryPointer<T>(_ operation: String, _ deadline: Deadline, _ call: () -> T?) throws -> T? {
    while true {
      if let value = call() { return value }
      let code = libssh2_session_last_errno(raw)
      guard code == LIBSSH2_ERROR_EAGAIN else {
        if code == 0 { return nil }
        throw lastError(operation, code: code)
      }
      try waitForSocket(operation, deadline)
    }
  }

  /// Sleeps in poll() until the socket can move in the direction libssh2 is blocked on,
  /// sending keepalives while a long wait goes on.
  func waitForSocket(_ operation: String, _ deadline: Deadline) throws {
    let directions = libssh2_session_block_directions(raw)
    var events: Int16 = 0
    if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
    if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
    if events == 0 { events = Int16(POLLIN) }
    // The second descriptor wakes every wait when the run is interrupted.
    var fds = [pollfd(fd: socket, events: events, revents: 0), pollfd(fd: Interruption.descriptor, events: Int16(POLLIN), revents: 0)]
    let cap: Int32? = keepaliveInterval > 0 ? keepaliveInterval * 1000 : nil
    let started = monotonicNanoseconds()
    var ready = poll(&fds, 2, deadline.pollTimeout(cap: cap))
    let waited = monotonicNanoseconds() - started
    if ready < 0 && errno != EINTR {
      throw SSHError.disconnected("poll failed: \(String(cString: strerror(errno)))")
    }
    if fds[1].revents != 0 { throw SSHError.interrupted }
    let pfd = fds[0]
    if ready > 0 && pfd.revents == 0 { ready = 0 }
    if ready > 0 && pfd.revents & Int16(POLLIN) != 0 { liveness.heard() }
    if ready == 0 {
      if deadline.hasPassed { throw SSHError.timeout(operation: operation, seconds: deadline.seconds) }
      // A live server answers each keepalive; a frozen or cut-off one stays silent, and
      // after keepaliveCountMax + 1 intervals of silence the wait ends instead of lasting
      // forever. What counts as an answer: see Liveness.
      let counters = Liveness.counters(socket: socket)
      let gone = liveness.quietWait(
        waited: waited, received: counters.received, acked: counters.acked,
        writing: directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0)
      if gone {
        throw SSHError.disconnected("no answer to \(keepaliveCountMax) keepalives sent \(keepaliveInterval) s apart")
      }
      var next: Int32 = 0
      _ = libssh2_keepalive_send(raw, &next)
    }
  }

  func lastError(_ operation: String, code: Int32? = nil) -> SSHError {
    var message: UnsafeMutablePointer<CChar>?
    var length: Int32 = 0
    let last = libssh2_session_last_error(raw, &message, &length, 0)
    let text = message.map { String(cString: $0) } ?? ""
    let errorCode = code ?? last
    if errorCode == LIBSSH2_ERROR_SOCKET_DISCONNECT || errorCode == LIBSSH2_ERROR_SOCKET_SEND
      || errorCode == LIBSSH2_ERROR_SOCKET_RECV
    {
      return .disconnected("\(operation): \(text)")
    }
    return .library(operation: operation, code: errorCode, message: text)
  }
}

/// libssh2_init must run once, before any session exists; Swift runs this initializer once.
enum LibSSH2 {
  static let initialized: Bool = libssh2_init(0) == 0
}
