import Foundation
import Testing

@testable import Vault

/// Data written by the real ansible-vault opens with swiftplay's Vault.
struct VaultFixtureTests {
  static let files: [(vault: String, plain: String, password: String, label: String?)] = [
    ("v11-default.vault", "plain.txt", "default", nil),
    ("v12-dev.vault", "plain.txt", "dev", "dev"),
    ("v12-prod.vault", "plain.txt", "prod", "prod"),
    ("block.vault", "block.txt", "default", nil),
    ("empty.vault", "empty.txt", "default", nil),
    ("binary.vault", "binary.bin", "default", nil),
  ]

  @Test(arguments: files.map(\.vault))
  func decryptsAnsibleVaultFile(name: String) throws {
    let fixture = try #require(Self.files.first { $0.vault == name })
    let keyring = VaultKeyring([VaultSecret(id: fixture.password, password: try Fixture.password(fixture.password))])
    let opened = try keyring.open(try Fixture.text(name), source: name)
    #expect(opened.plaintext == (try Fixture.bytes(fixture.plain)))
    #expect(opened.label == fixture.label)
  }

  @Test func labelIsOnlyAHint() throws {
    // The prod file opens with the prod password given under another label, as in Ansible.
    let keyring = VaultKeyring([
      VaultSecret(id: "dev", password: try Fixture.password("dev")),
      VaultSecret(id: "other", password: try Fixture.password("prod")),
    ])
    let opened = try keyring.open(try Fixture.text("v12-prod.vault"))
    #expect(opened.secret.id == "other")
    #expect(opened.plaintext == (try Fixture.bytes("plain.txt")))
  }

  @Test func matchingLabelIsTriedFirst() throws {
    let keyring = VaultKeyring([
      VaultSecret(id: "prod", password: try Fixture.password("prod")),
      VaultSecret(id: "dev", password: try Fixture.password("dev")),
    ])
    #expect(keyring.candidates(for: "dev").map(\.id) == ["dev", "prod"])
    #expect(try keyring.open(try Fixture.text("v12-dev.vault")).secret.id == "dev")
  }

  @Test func requireMatchingIdSkipsOtherLabels() throws {
    let keyring = VaultKeyring([VaultSecret(id: "other", password: try Fixture.password("prod"))], requireMatchingId: true)
    #expect(throws: VaultError.decryptionFailed(source: "p.vault")) {
      try keyring.decrypt(try Fixture.text("v12-prod.vault"), source: "p.vault")
    }
  }

  @Test(arguments: ["inline_default", "inline_dev"])
  func decryptsEncryptStringValue(key: String) throws {
    let yaml = try Fixture.text("inline.yml")
    let value = try #require(Fixture.inlineValue(key, in: yaml))
    #expect(VaultKeyring.isVault(value))
    let keyring = VaultKeyring([
      VaultSecret(password: try Fixture.password("default")),
      VaultSecret(id: "dev", password: try Fixture.password("dev")),
    ])
    #expect(try keyring.decrypt(value) == (try Fixture.bytes("\(key).txt")))
    // Still indented, as the lines stand in the file: the same result.
    let indented = value.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n")
    #expect(try keyring.decrypt(indented) == (try Fixture.bytes("\(key).txt")))
  }

  @Test func wrongPasswordFailsClearly() throws {
    let keyring = VaultKeyring([VaultSecret(password: "not the password")])
    let error = #expect(throws: VaultError.self) {
      try keyring.decrypt(try Fixture.text("v11-default.vault"), source: "secrets.yml")
    }
    #expect(error == .decryptionFailed(source: "secrets.yml"))
    let message = error.map(String.init(describing:)) ?? ""
    #expect(message.hasPrefix("Decryption failed (no vault secrets were found that could decrypt) on secrets.yml"))
    #expect(message.contains("--vault-id"))
    #expect(!message.contains("not the password"))
  }

  @Test func noSecretsSaysHowToGiveOne() throws {
    let error = #expect(throws: VaultError.self) {
      try VaultKeyring().decrypt(try Fixture.text("v11-default.vault"), source: "group_vars/all.yml")
    }
    let message = error.map(String.init(describing:)) ?? ""
    #expect(message.hasPrefix("Attempting to decrypt but no vault secrets found on group_vars/all.yml"))
    #expect(message.contains("--ask-vault-pass") && message.contains("--vault-password-file"))
  }

  @Test func tamperedHMACFails() throws {
    let text = try Fixture.text("v11-default.vault")
    var envelope = try VaultEnvelope.parse(text)
    var parts = try VaultAES256.split(body: envelope.body, source: nil)
    parts.mac[0] ^= 0x01
    envelope.body = Hex.encode(Hex.encode(parts.salt) + [0x0a] + Hex.encode(parts.mac) + [0x0a] + Hex.encode(parts.ciphertext))
    let keyring = VaultKeyring([VaultSecret(password: try Fixture.password("default"))])
    #expect(throws: VaultError.decryptionFailed(source: nil)) { try keyring.decrypt(envelope.text) }
  }

  @Test func tamperedCiphertextFails() throws {
    let text = try Fixture.text("v11-default.vault")
    var envelope = try VaultEnvelope.parse(text)
    var parts = try VaultAES256.split(body: envelope.body, source: nil)
    parts.ciphertext[parts.ciphertext.count - 1] ^= 0x80
    envelope.body = Hex.encode(Hex.encode(parts.salt) + [0x0a] + Hex.encode(parts.mac) + [0x0a] + Hex.encode(parts.ciphertext))
    let keyring = VaultKeyring([VaultSecret(password: try Fixture.password("default"))])
    #expect(throws: VaultError.decryptionFailed(source: nil)) { try keyring.decrypt(envelope.text) }
  }
}
