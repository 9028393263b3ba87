internal import CLibSSH2
import Foundation

/// A server's public host key as presented during the handshake.
package struct HostKey: Sendable, Equatable {
  package enum Kind: String, Sendable {
    case rsa = "ssh-rsa"
    case dss = "ssh-dss"
    case ecdsa256 = "ecdsa-sha2-nistp256"
    case ecdsa384 = "ecdsa-sha2-nistp384"
    case ecdsa521 = "ecdsa-sha2-nistp521"
    case ed25519 = "ssh-ed25519"
    case unknown
  }

  package let kind: Kind
  /// The key in SSH wire format, as known_hosts stores it (base64 there).
  package let blob: [UInt8]
  let sha256: [UInt8]

  init(libssh2Type: Int32, blob: [UInt8], sha256: [UInt8]) {
    switch libssh2Type {
    case LIBSSH2_HOSTKEY_TYPE_RSA: kind = .rsa
    case LIBSSH2_HOSTKEY_TYPE_DSS: kind = .dss
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: kind = .ecdsa256
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: kind = .ecdsa384
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: kind = .ecdsa521
    case LIBSSH2_HOSTKEY_TYPE_ED25519: kind = .ed25519
    default: kind = .unknown
    }
    self.blob = blob
    self.sha256 = sha256
  }

  /// The fingerprint as `ssh-keygen -l` prints it: `SHA256:` and unpadded base64.
  package var fingerprint: String {
    var text = Data(sha256).base64EncodedString()
    while text.hasSuffix("=") { text.removeLast() }
    return "SHA256:" + text
  }

  /// The type mask libssh2's known-hosts check wants for this key.
  var knownHostTypeMask: Int32 { kind.knownHostTypeMask }
}

extension HostKey.Kind {
  /// Every kind a known_hosts entry can name, in OpenSSH's order of preference.
  static let checkable: [HostKey.Kind] = [.ed25519, .ecdsa256, .ecdsa384, .ecdsa521, .rsa, .dss]

  /// The handshake algorithms that produce a key of this kind.
  var algorithms: [String] {
    self == .rsa ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [rawValue]
  }

  var knownHostTypeMask: Int32 {
    switch self {
    case .rsa: return LIBSSH2_KNOWNHOST_KEY_SSHRSA
    case .dss: return LIBSSH2_KNOWNHOST_KEY_SSHDSS
    case .ecdsa256: return LIBSSH2_KNOWNHOST_KEY_ECDSA_256
    case .ecdsa384: return LIBSSH2_KNOWNHOST_KEY_ECDSA_384
    case .ecdsa521: return LIBSSH2_KNOWNHOST_KEY_ECDSA_521
    case .ed25519: return LIBSSH2_KNOWNHOST_KEY_ED25519
    case .unknown: return LIBSSH2_KNOWNHOST_KEY_UNKNOWN
    }
  }
}
