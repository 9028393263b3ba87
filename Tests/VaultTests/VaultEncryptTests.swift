import Crypto
import CryptoExtras
import Foundation
import Testing

@testable import Vault

/// What swiftplay writes: the envelope ansible-vault writes, and data that opens again.
struct VaultEncryptTests {
  @Test func writesFormat11WithoutLabelAnd12WithOne() throws {
    let plain = VaultSecret(password: "pw").encrypt(Array("x".utf8))
    #expect(plain.hasPrefix("$ANSIBLE_VAULT;1.1;AES256\n"))
    let labeled = VaultSecret(id: "dev", password: "pw").encrypt(Array("x".utf8))
    #expect(labeled.hasPrefix("$ANSIBLE_VAULT;1.2;AES256;dev\n"))
    for text in [plain, labeled] {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.last == "", "ends with a newline")
      #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 80 })
      #expect(lines.dropFirst().allSatisfy { $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }
  }

  @Test func roundTripsEveryPaddingLength() throws {
    let secret = VaultSecret(id: "dev", password: "correct horse")
    let keyring = VaultKeyring([secret])
    for length in 0...33 {
      let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
      #expect(try keyring.decrypt(secret.encrypt(plaintext)) == plaintext)
    }
  }

  @Test func saltIsFreshEachTime() {
    let secret = VaultSecret(password: "pw")
    #expect(secret.encrypt([1, 2, 3]) != secret.encrypt([1, 2, 3]))
  }

  @Test func knownVector() throws {
    // Fixed salt, so the output is known: this text was computed independently with
    // Python's `cryptography` from the documented format, and ansible-vault 2.19 decrypts it
    // to "vector\n" with the password "pw".
    let salt = [UInt8](repeating: 0x11, count: 32)
    let body = VaultAES256.encrypt(Array("vector\n".utf8), password: Array("pw".utf8), salt: salt)
    #expect(VaultEnvelope(label: nil, body: body).text == """
      $ANSIBLE_VAULT;1.1;AES256
      31313131313131313131313131313131313131313131313131313131313131313131313131313131
      3131313131313131313131313131313131313131313131310a353137303235373263613361393464
      64376366653432626364643463326239623462356636636539636334656231643561653362346563
      6466306434636636370a613764373532386533383563613861663938306539333433653632343063
      6138

      """)
  }

  @Test func counterCarriesAcrossAll128Bits() throws {
    // Python's `cryptography` (and so ansible-vault) counts with the whole IV; a 32-bit
    // counter would wrap here instead of carrying into byte 11.
    let key = SymmetricKey(data: [UInt8](repeating: 7, count: 32))
    let low = [UInt8](repeating: 0, count: 12) + [0xff, 0xff, 0xff, 0xff]
    let high = [UInt8](repeating: 0, count: 11) + [1, 0, 0, 0, 0]
    let twoBlocks = Array(try AES._CTR.encrypt([UInt8](repeating: 0, count: 32), using: key, nonce: .init(nonceBytes: low)))
    let next = Array(try AES._CTR.encrypt([UInt8](repeating: 0, count: 16), using: key, nonce: .init(nonceBytes: high)))
    #expect(Array(twoBlocks[16...]) == next)
  }

  @Test func choosesTheEncryptionSecret() throws {
    let dev = VaultSecret(id: "dev", password: "a")
    let prod = VaultSecret(id: "prod", password: "b")
    #expect(try VaultKeyring([dev]).encryptionSecret() == dev)
    #expect(try VaultKeyring([dev, prod]).encryptionSecret(id: "prod") == prod)
    #expect(throws: VaultError.encryptVaultIdAmbiguous(ids: ["dev", "prod"])) { try VaultKeyring([dev, prod]).encryptionSecret() }
    let missing = #expect(throws: VaultError.self) { try VaultKeyring([dev, prod]).encryptionSecret(id: "ops") }
    #expect(missing.map(String.init(describing:)) == "Did not find a match for --encrypt-vault-id=ops in the known vault-ids ['dev', 'prod']")
    #expect(throws: VaultError.noSecrets(source: nil)) { try VaultKeyring().encryptionSecret() }
  }

  @Test func rejectsWhatIsNotVaultData() {
    #expect(!VaultKeyring.isVault("key: value\n"))
    #expect(VaultKeyring.isVault("  $ANSIBLE_VAULT;1.1;AES256\n00"))
    let keyring = VaultKeyring([VaultSecret(password: "pw")])
    #expect(throws: VaultError.notVault(source: "a.yml")) { try keyring.decrypt("key: value\n", source: "a.yml") }
    #expect(throws: VaultError.unsupported(source: nil, header: "$ANSIBLE_VAULT;1.0;AES")) {
      try keyring.decrypt("$ANSIBLE_VAULT;1.0;AES\n3031\n")
    }
    #expect(throws: VaultError.malformed(source: nil, reason: "the encrypted data is not hexadecimal")) {
      try keyring.decrypt("$ANSIBLE_VAULT;1.1;AES256\nnot hex\n")
    }
    #expect(throws: VaultError.malformed(source: nil, reason: "there is a header but no encrypted data after it")) {
      try keyring.decrypt("$ANSIBLE_VAULT;1.1;AES256\n")
    }
  }

  @Test func formatsInlineValuesAsEncryptString() {
    let text = "$ANSIBLE_VAULT;1.1;AES256\n3031\n3233\n"
    #expect(VaultInlineValue.yaml(text, name: "db_password") == """
      db_password: !vault |
                $ANSIBLE_VAULT;1.1;AES256
                3031
                3233

      """)
    #expect(VaultInlineValue.yaml(text, name: nil).hasPrefix("!vault |\n          $ANSIBLE_VAULT"))
  }

  @Test func secretsDoNotPrintTheirPassword() {
    let secret = VaultSecret(id: "dev", password: "hunter2")
    var dumped = ""
    dump(secret, to: &dumped)
    for text in [String(describing: secret), String(reflecting: secret), dumped] {
      #expect(!text.contains("hunter2") && !text.contains("104, 117"), "\(text)")
    }
  }
}
