internal import CLibSSH2
import Foundation

/// One known_hosts file loaded into its own libssh2 knownhost collection, so that a
/// verdict can name the file its entry came from.
final class KnownHostsFile {
  let path: String
  private let raw: OpaquePointer

  /// Loads `path`; a missing file is an empty list. Lines libssh2 cannot parse (comments,
  /// `@cert-authority`, unsupported key types) are skipped one by one rather than ending
  /// the load, which libssh2_knownhost_readfile would do.
  init(session: Session, path: String) throws {
    guard let hosts = libssh2_knownhost_init(session.raw) else {
      throw session.lastError("reading known hosts")
    }
    self.path = path
    raw = hosts
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("@") { continue }
      _ = libssh2_knownhost_readline(raw, trimmed, trimmed.utf8.count, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
    }
  }

  deinit { libssh2_knownhost_free(raw) }

  enum Verdict { case match, mismatch, none }

  /// How this file's entries named exactly `name` (`host` or `[host]:port`, plain or
  /// hashed) judge `key` of `kind`: one entry of that kind holding the key matches; entries
  /// of that kind holding only other keys mismatch. Port -1 keeps libssh2 from also
  /// trying the name without its port, which OpenSSH does only in a narrower case.
  func check(_ name: String, kind: HostKey.Kind, key: [UInt8]) -> Verdict {
    let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | kind.knownHostTypeMask
    let result = key.withUnsafeBufferPointer { blob in
      blob.withMemoryRebound(to: CChar.self) { libssh2_knownhost_checkp(raw, name, -1, $0.baseAddress, $0.count, mask, nil) }
    }
    switch result {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH: return .match
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return .mismatch
    default: return .none
    }
  }

  /// Whether the file holds an entry of `kind` for `name`: libssh2 can only compare a
  /// key, so it is asked with one that cannot match, and a mismatch means one exists.
  func holds(_ name: String, kind: HostKey.Kind) -> Bool {
    check(name, kind: kind, key: [UInt8](repeating: 0, count: 8)) == .mismatch
  }
}
