import Crypto
import CryptoExtras
import Foundation

/// The AES256 cipher of vault formats 1.1 and 1.2, as the Ansible docs describe it:
/// PBKDF2-HMAC-SHA256 (10000 rounds) turns password + 32-byte salt into an 80-byte block
/// (AES key, HMAC key, counter IV); the PKCS#7-padded plaintext is AES-256-CTR encrypted
/// and authenticated with HMAC-SHA256 (encrypt-then-MAC). The body is
/// hex(hex(salt) "\n" hex(hmac) "\n" hex(ciphertext)).
enum VaultAES256 {
  static let rounds = 10_000
  static let saltSize = 32
  static let keySize = 32
  static let blockSize = 16

  /// Fresh salt from the system CSPRNG (SystemRandomNumberGenerator is getrandom(2) on Linux).
  static func randomSalt() -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<saltSize).map { _ in generator.next() }
  }

  /// The hex body for `plaintext`.
  static func encrypt(_ plaintext: [UInt8], password: [UInt8], salt: [UInt8]) -> [UInt8] {
    let keys = deriveKeys(password: password, salt: salt)
    let ciphertext = ctr(padded(plaintext), keys)
    let mac = HMAC<SHA256>.authenticationCode(for: ciphertext, using: keys.hmac)
    var inner = Hex.encode(salt)
    inner.append(UInt8(ascii: "\n"))
    inner += Hex.encode(mac)
    inner.append(UInt8(ascii: "\n"))
    inner += Hex.encode(ciphertext)
    return Hex.encode(inner)
  }

  /// The plaintext, nil when the HMAC does not match (wrong password or altered data).
  /// Structural damage (bad hex, missing parts, bad padding) throws.
  static func decrypt(body: [UInt8], password: [UInt8], source: String?) throws(VaultError) -> [UInt8]? {
    let parts = try split(body: body, source: source)
    let keys = deriveKeys(password: password, salt: parts.salt)
    // Constant-time comparison: the check must not leak how many leading bytes matched.
    guard HMAC<SHA256>.isValidAuthenticationCode(parts.mac, authenticating: parts.ciphertext, using: keys.hmac) else {
      return nil
    }
    guard let plaintext = unpadded(ctr(parts.ciphertext, keys)) else {
      throw .malformed(source: source, reason: "the decrypted data has no valid PKCS#7 padding")
    }
    return plaintext
  }

  struct Parts {
    var salt: [UInt8]
    var mac: [UInt8]
    var ciphertext: [UInt8]
  }

  static func split(body: [UInt8], source: String?) throws(VaultError) -> Parts {
    guard let inner = Hex.decode(body) else {
      throw .malformed(source: source, reason: "the encrypted data is not hexadecimal")
    }
    let fields = inner.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
    guard fields.count == 3, let salt = Hex.decode(fields[0]), let mac = Hex.decode(fields[1]),
      let ciphertext = Hex.decode(fields[2])
    else {
      throw .malformed(source: source, reason: "the encrypted data is not salt, HMAC and ciphertext")
    }
    guard mac.count == SHA256.byteCount, !salt.isEmpty else {
      throw .malformed(source: source, reason: "the salt or HMAC has the wrong length")
    }
    return Parts(salt: salt, mac: mac, ciphertext: ciphertext)
  }

  struct Keys {
    var cipher: SymmetricKey
    var hmac: SymmetricKey
    var iv: [UInt8]
  }

  static func deriveKeys(password: [UInt8], salt: [UInt8]) -> Keys {
    let length = 2 * keySize + blockSize
    // 10000 rounds is below swift-crypto's checked minimum, but it is the format's fixed
    // parameter: any other count would produce data ansible-vault cannot read.
    let derived: [UInt8]
    do {
      derived = try KDF.Insecure.PBKDF2.deriveKey(
        from: password, salt: salt, using: .sha256, outputByteCount: length, unsafeUncheckedRounds: rounds
      ).withUnsafeBytes { Array($0) }
    } catch {
      // Only an impossible parameter (output size, empty hash) makes BoringSSL's PBKDF2 fail.
      preconditionFailure("PBKDF2-HMAC-SHA256 failed with fixed parameters: \(error)")
    }
    return Keys(
      cipher: SymmetricKey(data: derived[0..<keySize]),
      hmac: SymmetricKey(data: derived[keySize..<2 * keySize]),
      iv: Array(derived[(2 * keySize)...]))
  }

  /// AES-256-CTR with the IV as the whole 128-bit big-endian counter (the carry crosses
  /// all 16 bytes, as in Python's `cryptography`); the same call encrypts and decrypts.
  static func ctr(_ input: [UInt8], _ keys: Keys) -> [UInt8] {
    do {
      let nonce = try AES._CTR.Nonce(nonceBytes: keys.iv)
      return Array(try AES._CTR.encrypt(input, using: keys.cipher, nonce: nonce))
    } catch {
      // Only a wrong key or nonce size throws, and both sizes are fixed above.
      preconditionFailure("AES-256-CTR failed with a fixed key and nonce size: \(error)")
    }
  }

  /// PKCS#7 to the AES block: 1 to 16 bytes, each holding the pad length.
  static func padded(_ plaintext: [UInt8]) -> [UInt8] {
    let pad = blockSize - plaintext.count % blockSize
    return plaintext + [UInt8](repeating: UInt8(pad), count: pad)
  }

  static func unpadded(_ data: [UInt8]) -> [UInt8]? {
    guard let last = data.last, (1...blockSize).contains(Int(last)), data.count >= Int(last),
      data.suffix(Int(last)).allSatisfy({ $0 == last })
    else { return nil }
    return Array(data.dropLast(Int(last)))
  }
}
