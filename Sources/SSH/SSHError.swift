internal import CLibSSH2

/// Everything that can go wrong below the `Connection` layer, each case carrying enough to
/// tell the user what failed and where.
package enum SSHError: Error, CustomStringConvertible, Sendable {
  /// TCP connection failed (refused, no route, name not resolved).
  case connect(host: String, port: Int, reason: String)
  /// An operation ran past its deadline.
  case timeout(operation: String, seconds: Double)
  /// A remote command ran past the time it was given; the session is still reachable.
  case commandTimeout(seconds: Double)
  /// The person running swiftplay interrupted it (Ctrl-C): waits end at once.
  case interrupted
  /// A libssh2 call failed; `code` is libssh2's negative error number.
  case library(operation: String, code: Int32, message: String)
  /// The server's host key is unknown or differs from known_hosts.
  case hostKey(HostKeyProblem)
  /// A private key file could not be loaded (unreadable, wrong passphrase, unknown format).
  case privateKey(path: String, reason: String)
  /// Every authentication method failed.
  case authentication(user: String, tried: [String], hint: String?)
  /// The peer closed the connection.
  case disconnected(String)

  package var description: String {
    switch self {
    case let .connect(host, port, reason):
      return "connect to host \(host) port \(port): \(reason)"
    case let .timeout(operation, seconds):
      return "\(operation) timed out after \(formatSeconds(seconds)) s"
    case let .commandTimeout(seconds):
      return "command timed out after \(formatSeconds(seconds)) s"
    case let .library(operation, code, message):
      return "\(operation) failed: \(message.isEmpty ? "libssh2 error \(code)" : message)"
    case let .hostKey(problem):
      return problem.description
    case let .privateKey(path, reason):
      return "private key \(path): \(reason)"
    case let .authentication(user, tried, hint):
      let methods = tried.isEmpty ? "none available" : tried.joined(separator: ", ")
      let base = "authentication as '\(user)' failed (tried: \(methods))"
      return hint.map { "\(base); \($0)" } ?? base
    case .interrupted:
      return "interrupted by the user"
    case let .disconnected(reason):
      return "connection closed by the remote host: \(reason)"
    }
  }

  /// True when the error means the host could not be reached or logged into, which
  /// Ansible reports as UNREACHABLE rather than FAILED.
  package var isUnreachable: Bool {
    switch self {
    case .library, .commandTimeout, .interrupted: return false
    default: return true
    }
  }

  /// True when the server refused the SFTP subsystem (hardened servers disable it): files
  /// must then travel another way.
  package var isSubsystemRefused: Bool {
    if case .library(_, LIBSSH2_ERROR_CHANNEL_FAILURE, _) = self { return true }
    return false
  }

  /// True for an SFTP failure that says no more than "failure": OpenSSH's sftp-server
  /// (protocol 3) reports a full disk that way. Another transfer path can name the cause.
  package var isVagueSFTPFailure: Bool {
    if case .library(_, LIBSSH2_ERROR_SFTP_PROTOCOL, SFTP.vagueFailure) = self { return true }
    return false
  }
}

/// `2` for whole seconds, `0.5` otherwise.
package func formatSeconds(_ seconds: Double) -> String {
  seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
