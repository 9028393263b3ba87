import Foundation
import Testing

@testable import Vault

/// What swiftplay's Vault writes, the real ansible-vault and ansible read back.
struct AnsibleInteropTests {
  @Test func ansibleVaultDecryptsFormat11() throws {
    let ansibleVault = try Programs.installed("ansible-vault")
    let scratch = try Scratch()
    defer { scratch.remove() }
    let password = try scratch.write("pw", "s3cret pass\n")
    let plaintext = try Fixture.bytes("binary.bin")
    try scratch.write("data.vault", VaultSecret(password: "s3cret pass").encrypt(plaintext))
    let result = try Programs.run(
      [ansibleVault, "decrypt", "--vault-password-file", password, "--output", "-", "data.vault"], in: scratch.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Array(result.stdout) == plaintext)
  }

  @Test func ansibleVaultViewsFormat12WithLabel() throws {
    let ansibleVault = try Programs.installed("ansible-vault")
    let scratch = try Scratch()
    defer { scratch.remove() }
    let password = try scratch.write("pw-dev", "dev-password\n")
    let text = VaultSecret(id: "dev", password: "dev-password").encrypt(Array("db_password: hunter2\n".utf8))
    #expect(text.hasPrefix("$ANSIBLE_VAULT;1.2;AES256;dev\n"))
    try scratch.write("vars.yml", text)
    let result = try Programs.run([ansibleVault, "view", "--vault-id", "dev@\(password)", "vars.yml"], in: scratch.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.text == "db_password: hunter2\n")
    // And a wrong password is refused there too: the check above is a real one.
    try scratch.write("pw-wrong", "nope\n")
    let wrong = try Programs.run([ansibleVault, "view", "--vault-id", "dev@pw-wrong", "vars.yml"], in: scratch.path)
    #expect(wrong.status != 0)
  }

  @Test func ansibleReadsInlineValuesInAVarsFile() throws {
    let ansible = try Programs.installed("ansible")
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw", "default-password\n")
    try scratch.write("pw-dev", "dev-password\n")
    let vars = "plain: visible\n"
      + VaultInlineValue.yaml(VaultSecret(password: "default-password").encrypt(Array("s3cret".utf8)), name: "db_password")
      + VaultInlineValue.yaml(VaultSecret(id: "dev", password: "dev-password").encrypt(Array("multi\nline".utf8)), name: "api_key")
    try scratch.write("vars.yml", vars)
    let result = try Programs.run(
      [ansible, "localhost", "-i", "localhost,", "-c", "local", "-m", "ansible.builtin.debug",
       "-a", "msg={{ plain }}|{{ db_password }}|{{ api_key }}", "-e", "@vars.yml",
       "--vault-password-file", "pw", "--vault-id", "dev@pw-dev"],
      in: scratch.path, environment: ["ANSIBLE_LOCALHOST_WARNING": "False", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False"])
    #expect(result.status == 0, "\(result.text)\(result.stderr)")
    #expect(result.text.contains(#""msg": "visible|s3cret|multi\nline""#), "\(result.text)")
  }
}
