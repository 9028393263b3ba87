internal import CLibSSH2
import Foundation

/// Why a host key was refused. Every case stops the connection before authentication.
public enum HostKeyProblem: Sendable, CustomStringConvertible {
  /// No entry for this host and port in the known-hosts file.
  case unknown(host: String, port: Int, key: HostKey, file: String)
  /// An entry exists but holds a different key: possibly an attack.
  case changed(host: String, port: Int, key: HostKey, file: String)
  /// Entries exist only for key types this libssh2 cannot negotiate (RSA: libssh2 1.10
  /// verifies RSA host keys only with SHA-1, which OpenSSH 8.8+ servers no longer offer).
  case unusableTypes(host: String, port: Int, key: HostKey, known: [HostKey.Kind], file: String)

  public var description: String {
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

/// A known_hosts file loaded through libssh2's knownhost API (plain, hashed and
/// `[host]:port` entries).
public final class KnownHosts {
  let session: Session
  let raw: OpaquePointer
  public let file: String

  /// Loads `files` (the first is named in messages); a missing file is an empty list. Lines libssh2 cannot parse (comments,
  /// `@cert-authority`, unsupported key types) are skipped one by one rather than ending the
  /// load, which libssh2_knownhost_readfile would do.
  public init(session: Session, files: [String]) throws {
    guard let hosts = libssh2_knownhost_init(session.raw) else {
      throw session.lastError("reading known hosts")
    }
    self.session = session
    self.raw = hosts
    self.file = files.first ?? "~/.ssh/known_hosts"
    let text = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("@") { continue }
      _ = libssh2_knownhost_readline(raw, trimmed, trimmed.utf8.count, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
    }
  }

  deinit { libssh2_knownhost_free(raw) }

  /// Throws `SSHError.hostKey` unless the session's host key matches an entry.
  public func verify(host: String, port: Int, key: HostKey) throws {
    let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | key.knownHostTypeMask
    let result = key.blob.withUnsafeBufferPointer { blob in
      blob.baseAddress!.withMemoryRebound(to: CChar.self, capacity: blob.count) {
        libssh2_knownhost_checkp(raw, host, Int32(port), $0, blob.count, mask, nil)
      }
    }
    switch result {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH: return
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
      throw SSHError.hostKey(.changed(host: host, port: port, key: key, file: file))
    default:
      let known = keyTypes(host: host, port: port)
      if !known.isEmpty {
        throw SSHError.hostKey(.unusableTypes(host: host, port: port, key: key, known: known, file: file))
      }
      throw SSHError.hostKey(.unknown(host: host, port: port, key: key, file: file))
    }
  }

  /// The key types the files hold for this host, hashed entries included. libssh2 can
  /// only compare a key, so each type is probed with a key that cannot match: MISMATCH
  /// means an entry of that type exists.
  public func keyTypes(host: String, port: Int) -> [HostKey.Kind] {
    let probe = [CChar](repeating: 0, count: 8)
    return HostKey.Kind.checkable.filter { kind in
      let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | kind.knownHostTypeMask
      return libssh2_knownhost_checkp(raw, host, Int32(port), probe, probe.count, mask, nil)
        == LIBSSH2_KNOWNHOST_CHECK_MISMATCH
    }
  }

  /// How OpenSSH names a host in known_hosts: the bare name on port 22, else `[host]:port`.
  static func entryName(_ host: String, _ port: Int) -> String {
    port == 22 ? host : "[\(host)]:\(port)"
  }
}
