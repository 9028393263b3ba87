import Foundation
import AnsibleYAML
import Testing
import Vault

@testable import SwiftPlayCore

/// Vault data opens wherever YAML is read, through the `YAMLLoader` each reader is given:
/// whole encrypted files and inline `!vault` values, in variables files, YAML inventories
/// and playbooks. The secrets belong to the loader, so readers with different secrets
/// coexist in one process.
struct VaultReadingTests {
  let secret = VaultSecret(id: "prod", password: "correct horse")

  func inline(_ name: String, _ plaintext: String) -> String {
    let lines = secret.encrypt(Array(plaintext.utf8)).split(separator: "\n").map { "    " + $0 }
    return "\(name): !vault |\n" + lines.joined(separator: "\n") + "\n"
  }

  @Test func wholeFilesAndInlineValuesDecrypt() throws {
    let yaml = YAMLLoader(keyring: VaultKeyring([secret]))
    let file = secret.encrypt(Array("db_password: hunter2\nport: 5432\n".utf8))
    #expect(try yaml.load(file, file: "group_vars/db.yml") == .dict(["db_password": "hunter2", "port": 5432]))
    let mixed = "user: admin\n" + inline("token", "tok en")
    #expect(try yaml.load(mixed, file: "vars.yml") == .dict(["user": "admin", "token": "tok en"]))
  }

  @Test func yamlInventoryAndPlaybookValues() throws {
    let yaml = YAMLLoader(keyring: VaultKeyring([secret]))
    var inventory = Inventory()
    let text = "all:\n  hosts:\n    node1:\n      " + inline("ansible_become_password", "s3cret")
      .replacingOccurrences(of: "\n    ", with: "\n          ")
    try YAMLInventoryParser(yaml: yaml).parse(text, file: "inv.yml", into: &inventory)
    #expect(inventory.variables(for: "node1")["ansible_become_password"] == "s3cret")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let play = "- hosts: all\n  vars:\n    " + inline("greeting", "hello").replacingOccurrences(of: "\n    ", with: "\n        ")
      + "  tasks: []\n"
    try play.write(toFile: folder + "/play.yml", atomically: true, encoding: .utf8)
    let playbook = try PlaybookLoader(catalog: FakeCatalog(), yaml: yaml).load(folder + "/play.yml")
    #expect(playbook.plays.first?.vars["greeting"] == "hello")
  }

  /// Without secrets, or with the wrong one, the error names the file and line.
  @Test func missingOrWrongSecretsNameThePlace() throws {
    let text = "user: admin\n" + inline("token", "x")
    #expect(throws: YAMLParseError.self) { try YAMLLoader().load(text, file: "vars.yml") }
    do { _ = try YAMLLoader().load(text, file: "vars.yml") } catch {
      #expect(error.line == 2 && error.message.contains("no vault secrets"), "\(error)")
    }
    let wrong = YAMLLoader(keyring: VaultKeyring([VaultSecret(id: "prod", password: "wrong")]))
    do { _ = try wrong.load(secret.encrypt(Array("a: 1".utf8)), file: "f.yml") } catch {
      #expect(error.description.hasPrefix("f.yml:1:1: Decryption failed"), "\(error)")
    }
  }

  /// Variables files, -e @file and include_vars read with the run's loader too.
  @Test func varsFilesAndExtraVarsUseTheGivenLoader() throws {
    let yaml = YAMLLoader(keyring: VaultKeyring([secret]))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/group_vars", withIntermediateDirectories: true)
    try secret.encrypt(Array("token: abc\n".utf8)).write(toFile: folder + "/group_vars/all.yml", atomically: true, encoding: .utf8)
    var inventory = Inventory()
    inventory.addHost("h1")
    try VarsFilesLoader(yaml: yaml).load(besides: folder, into: &inventory)
    inventory.finish()
    #expect(inventory.variables(for: "h1")["token"] == "abc")
    #expect(throws: InventoryError.self) { try VarsFilesLoader().load(besides: folder, into: &inventory) }
    #expect(try ExtraVars.parse(["@" + folder + "/group_vars/all.yml"], yaml: yaml) == ["token": "abc"])
    #expect(throws: ExtraVars.ParseError.self) { try ExtraVars.parse(["@" + folder + "/group_vars/all.yml"]) }
  }
}
