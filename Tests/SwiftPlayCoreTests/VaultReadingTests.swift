import Foundation
import Testing
import Vault

@testable import SwiftPlayCore

/// Vault data opens wherever YAML is read, through the one `YAMLDocument` every reader
/// uses: whole encrypted files and inline `!vault` values, in variables files, YAML
/// inventories and playbooks. Serialized: the run's secrets are process-wide.
@Suite(.serialized) struct VaultReadingTests {
  let secret = VaultSecret(id: "prod", password: "correct horse")

  func inline(_ name: String, _ plaintext: String) -> String {
    let lines = secret.encrypt(Array(plaintext.utf8)).split(separator: "\n").map { "    " + $0 }
    return "\(name): !vault |\n" + lines.joined(separator: "\n") + "\n"
  }

  @Test func wholeFilesAndInlineValuesDecrypt() throws {
    VaultSecrets.use(VaultKeyring([secret]))
    let file = secret.encrypt(Array("db_password: hunter2\nport: 5432\n".utf8))
    #expect(try YAMLDocument.load(file, file: "group_vars/db.yml") == .object(["db_password": "hunter2", "port": 5432]))
    let mixed = "user: admin\n" + inline("token", "tok en")
    #expect(try YAMLDocument.load(mixed, file: "vars.yml") == .object(["user": "admin", "token": "tok en"]))
  }

  @Test func yamlInventoryAndPlaybookValues() throws {
    VaultSecrets.use(VaultKeyring([secret]))
    var inventory = Inventory()
    let text = "all:\n  hosts:\n    node1:\n      " + inline("ansible_become_password", "s3cret")
      .replacingOccurrences(of: "\n    ", with: "\n          ")
    try YAMLInventoryParser().parse(text, file: "inv.yml", into: &inventory)
    #expect(inventory.variables(for: "node1")["ansible_become_password"] == "s3cret")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let play = "- hosts: all\n  vars:\n    " + inline("greeting", "hello").replacingOccurrences(of: "\n    ", with: "\n        ")
      + "  tasks: []\n"
    try play.write(toFile: folder + "/play.yml", atomically: true, encoding: .utf8)
    let playbook = try PlaybookLoader(catalog: FakeCatalog()).load(folder + "/play.yml")
    #expect(playbook.plays.first?.vars["greeting"] == "hello")
  }

  /// Without secrets, or with the wrong one, the error names the file and line.
  @Test func missingOrWrongSecretsNameThePlace() throws {
    let text = "user: admin\n" + inline("token", "x")
    VaultSecrets.use(VaultKeyring())
    #expect(throws: YAMLDocument.ParseError.self) { try YAMLDocument.load(text, file: "vars.yml") }
    do { _ = try YAMLDocument.load(text, file: "vars.yml") } catch {
      #expect(error.line == 2 && error.message.contains("no vault secrets"), "\(error)")
    }
    VaultSecrets.use(VaultKeyring([VaultSecret(id: "prod", password: "wrong")]))
    do { _ = try YAMLDocument.load(secret.encrypt(Array("a: 1".utf8)), file: "f.yml") } catch {
      #expect(error.description.hasPrefix("f.yml:1:1: Decryption failed"), "\(error)")
    }
    VaultSecrets.use(VaultKeyring())
  }
}
