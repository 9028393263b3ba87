import Crypto
import Foundation

/// The digests templates and modules need, from swift-crypto: SHA-1 and MD5 identify
/// content (as Ansible uses them: copy's checksum, fetch's md5sum), SHA-256/384/512 serve
/// the `hash` filter and SHA-crypt, MD5 also MD5-crypt.
package enum Digest {
  /// Lower-case hex SHA-1, as `sha1sum` prints it: what copy compares with the host's file.
  package static func sha1Hex(_ bytes: [UInt8]) -> String { hex(Insecure.SHA1.hash(data: bytes)) }

  /// Lower-case hex MD5, as `md5sum` prints it: the `md5sum` fetch returns.
  package static func md5Hex(_ bytes: [UInt8]) -> String { hex(Insecure.MD5.hash(data: bytes)) }

  /// Lower-case hex digest of `bytes` with the named algorithm, or nil if unsupported.
  static func hex(_ algorithm: String, _ bytes: [UInt8]) -> String? {
    switch algorithm {
    case "sha1": return sha1Hex(bytes)
    case "md5": return md5Hex(bytes)
    case "sha256": return hex(SHA256.hash(data: bytes))
    case "sha384": return hex(SHA384.hash(data: bytes))
    case "sha512": return hex(SHA512.hash(data: bytes))
    default: return nil
    }
  }

  /// The raw digests, for the crypt schemes in `PasswordHash`.
  static func md5Bytes(_ bytes: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }
  static func sha256Bytes(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
  static func sha512Bytes(_ bytes: [UInt8]) -> [UInt8] { Array(SHA512.hash(data: bytes)) }

  private static func hex<Bytes: Sequence>(_ digest: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
