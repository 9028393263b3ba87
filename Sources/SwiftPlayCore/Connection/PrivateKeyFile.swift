import Foundation

/// What swiftplay needs to know about a private key file before offering it: whether it
/// needs a passphrase and whether it is RSA (which libssh2 1.10 signs only with SHA-1).
package struct PrivateKeyFile: Sendable {
  package let path: String
  package let isEncrypted: Bool
  package let isRSA: Bool

  /// nil when the file cannot be read.
  package init?(path: String) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    self.path = path
    if text.contains("BEGIN OPENSSH PRIVATE KEY") {
      let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
      let blob = Data(base64Encoded: body).map { [UInt8]($0) } ?? []
      let fields = Self.openSSHFields(blob)
      isEncrypted = fields.cipher != "none"
      isRSA = fields.keyType == "ssh-rsa"
    } else {
      isEncrypted = text.contains("ENCRYPTED")
      isRSA = text.contains("BEGIN RSA PRIVATE KEY")
    }
  }

  /// Reads the cipher name and the public key's type from the openssh-key-v1 container:
  /// magic, string cipher, string kdf, string kdf options, uint32 count, string public key.
  static func openSSHFields(_ blob: [UInt8]) -> (cipher: String?, keyType: String?) {
    let magic = Array("openssh-key-v1\0".utf8)
    guard blob.starts(with: magic) else { return (nil, nil) }
    var offset = magic.count
    func string() -> [UInt8]? {
      guard offset + 4 <= blob.count else { return nil }
      let length = blob[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      offset += 4
      guard length >= 0, offset + length <= blob.count else { return nil }
      defer { offset += length }
      return Array(blob[offset..<offset + length])
    }
    let cipher = string().map { String(decoding: $0, as: UTF8.self) }
    _ = string()  // kdf name
    _ = string()  // kdf options
    offset += 4  // number of keys
    guard let publicKey = string(), publicKey.count > 4 else { return (cipher, nil) }
    let typeLength = publicKey[0..<4].reduce(0) { $0 << 8 | Int($1) }
    guard 4 + typeLength <= publicKey.count else { return (cipher, nil) }
    return (cipher, String(decoding: publicKey[4..<4 + typeLength], as: UTF8.self))
  }
}
