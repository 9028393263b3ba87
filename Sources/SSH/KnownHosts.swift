internal import CLibSSH2
import Foundation

/// Why a host key was refused. Every case stops the connection before authentication.
package enum HostKeyProblem: Sendable, CustomStringConvertible {
  /// No entry for this host and port in the known-hosts file.
  case unknown(host: String, port: Int, key: HostKey, file: String)
  /// An entry exists but holds a different key: possibly an attack.
  case changed(host: String, port: Int, key: HostKey, file: String)
  /// Entries exist only for key types this libssh2 cannot negotiate (RSA: libssh2 1.10
  /// verifies RSA host keys only with SHA-1, which OpenSSH 8.8+ servers no longer offer).
  case unusableTypes(host: String, port: Int, key: HostKey, known: [HostKey.Kind], file: String)

  package var description: String {
    switch self {
    case let .unknown(host, port, key, file):
      let scan = port == 22 ? "ssh-keyscan \(host)" : "ssh-keyscan -p \(port) \(host)"
      return "host key verification failed: \(KnownHosts.entryName(host, port)) is not in \(file) "
        + "(its \(key.kind.rawValue) key is \(key.fingerprint)); after checking that fingerprint, add it with "
        + "`\(scan) >> \(file)`, or set host_key_checking = False in ansible.cfg"
    case let .changed(host, port, key, file):
      return "REMOTE HOST IDENTIFICATION HAS CHANGED for \(KnownHosts.entryName(host, port)): its "
        + "\(key.kind.rawValue) key is now \(key.fingerprint), which does not match \(file); someone could "
        + "be intercepting the connection, so nothing was run. If the host was reinstalled, remove the old "
        + "key with `ssh-keygen -f \(file) -R '\(KnownHosts.entryName(host, port))'` and connect again"
    case let .unusableTypes(host, port, key, known, file):
      let types = known.map(\.rawValue).joined(separator: ", ")
      let scan = port == 22 ? "ssh-keyscan -t ed25519 \(host)" : "ssh-keyscan -t ed25519 -p \(port) \(host)"
      return "host key verification failed: \(file) holds only \(types) keys for \(KnownHosts.entryName(host, port)), "
        + "which libssh2 1.10 cannot check against this server (it offered \(key.kind.rawValue), \(key.fingerprint)); "
        + "add the host's ed25519 key after checking it (`\(scan) >> \(file)`), or connect with -c openssh"
    }
  }
}

/// The known_hosts files OpenSSH would read (user files, then global ones), checked as
/// OpenSSH checks them:
///
/// - entries are looked up under `[host]:port` (plain `host` on port 22) in every file;
///   a matching key anywhere accepts, an entry of the key's type with another key refuses
///   ("changed"), naming the file that holds it;
/// - on another port, when no file names `[host]:port` for that key type, a plain `host`
///   entry accepts the key only if it holds that very key; a different key there leaves
///   the host unknown, not changed (OpenSSH 9.2 does the same, see HostKeyTests).
package final class KnownHosts {
  private let files: [KnownHostsFile]
  /// Where OpenSSH would add a new entry: named when the host is unknown.
  package let file: String

  package init(session: Session, files paths: [String]) throws {
    files = try paths.map { try KnownHostsFile(session: session, path: $0) }
    file = paths.first ?? "~/.ssh/known_hosts"
  }

  /// Throws `SSHError.hostKey` unless the session's host key matches an entry.
  package func verify(host: String, port: Int, key: HostKey) throws {
    let name = Self.entryName(host, port)
    var offending: String?
    for file in files {
      switch file.check(name, kind: key.kind, key: key.blob) {
      case .match: return
      case .mismatch: offending = offending ?? file.path
      case .none: break
      }
    }
    if let offending {
      throw SSHError.hostKey(.changed(host: host, port: port, key: key, file: offending))
    }
    if port != 22, files.contains(where: { $0.check(host, kind: key.kind, key: key.blob) == .match }) { return }
    if let holder = files.first(where: { file in HostKey.Kind.checkable.contains { file.holds(name, kind: $0) } }) {
      let known = HostKey.Kind.checkable.filter { kind in files.contains { $0.holds(name, kind: kind) } }
      throw SSHError.hostKey(.unusableTypes(host: host, port: port, key: key, known: known, file: holder.path))
    }
    throw SSHError.hostKey(.unknown(host: host, port: port, key: key, file: file))
  }

  /// The key types the files hold for this host, hashed entries included, to ask for
  /// them first in the handshake: those under `[host]:port`, else (on another port than
  /// 22) those under the plain name, which can still accept a matching key.
  package func keyTypes(host: String, port: Int) -> [HostKey.Kind] {
    let name = Self.entryName(host, port)
    let qualified = HostKey.Kind.checkable.filter { kind in files.contains { $0.holds(name, kind: kind) } }
    guard qualified.isEmpty, port != 22 else { return qualified }
    return HostKey.Kind.checkable.filter { kind in files.contains { $0.holds(host, kind: kind) } }
  }

  /// How OpenSSH names a host in known_hosts: the bare name on port 22, else `[host]:port`.
  static func entryName(_ host: String, _ port: Int) -> String {
    port == 22 ? host : "[\(host)]:\(port)"
  }
}
