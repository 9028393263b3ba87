import Foundation
import Testing

@testable import Vault

/// `swiftplay vault …` end to end, with ansible-vault reading what it wrote.
struct VaultCommandTests {
  @Test func encryptStringPrintsWhatAnsibleVaultPrints() throws {
    let swiftplay = try Programs.swiftplay()
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw", "pw1\n")
    let result = try Programs.run(
      [swiftplay, "vault", "encrypt_string", "--vault-password-file", "pw", "--name", "db_password", "s3cret"], in: scratch.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "", "stdout is not a terminal: no 'Encryption successful'")
    #expect(result.text.hasPrefix("db_password: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          "))
    let value = try #require(Fixture.inlineValue("db_password", in: result.text))
    #expect(try VaultKeyring([VaultSecret(password: "pw1")]).decryptString(value) == "s3cret")

    // From standard input, with --stdin-name.
    let piped = try Programs.run(
      [swiftplay, "vault", "encrypt_string", "--vault-id", "dev@pw", "--stdin-name", "token"], in: scratch.path,
      input: Data("abc".utf8))
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.text.hasPrefix("token: !vault |\n          $ANSIBLE_VAULT;1.2;AES256;dev\n"))
  }

  @Test func encryptRekeyEditDecryptWithAnsibleVaultReadingAlong() throws {
    let swiftplay = try Programs.swiftplay()
    let ansibleVault = try Programs.installed("ansible-vault")
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw-dev", "dev-pw\n")
    try scratch.write("pw-prod", "prod-pw\n")
    let file = try scratch.write("vars.yml", "user: app\npassword: hunter2\n", mode: 0o640)

    let encrypted = try Programs.run([swiftplay, "vault", "encrypt", "--vault-id", "dev@pw-dev", "vars.yml"], in: scratch.path)
    #expect(encrypted.status == 0, "\(encrypted.stderr)")
    #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("$ANSIBLE_VAULT;1.2;AES256;dev\n"))
    #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o640)
    let viewed = try Programs.run([ansibleVault, "view", "--vault-id", "dev@pw-dev", "vars.yml"], in: scratch.path)
    #expect(viewed.text == "user: app\npassword: hunter2\n", "\(viewed.stderr)")

    // A wrong password: exit 1, Ansible's message, the file untouched.
    let before = try VaultFile.read(file)
    let wrong = try Programs.run([swiftplay, "vault", "decrypt", "--vault-password-file", "pw-prod", "vars.yml"], in: scratch.path)
    #expect(wrong.status == 1)
    #expect(wrong.stderr.hasPrefix("ERROR! Decryption failed (no vault secrets were found that could decrypt) on vars.yml"))
    #expect(!wrong.stderr.contains("prod-pw") && !wrong.stderr.contains("dev-pw"))
    #expect(try VaultFile.read(file) == before)

    let rekeyed = try Programs.run(
      [swiftplay, "vault", "rekey", "--vault-id", "dev@pw-dev", "--new-vault-id", "prod@pw-prod", "vars.yml"], in: scratch.path)
    #expect(rekeyed.status == 0 && rekeyed.stderr == "Rekey successful\n", "\(rekeyed.stderr)")
    let afterRekey = try Programs.run([ansibleVault, "view", "--vault-id", "prod@pw-prod", "vars.yml"], in: scratch.path)
    #expect(afterRekey.text == "user: app\npassword: hunter2\n", "\(afterRekey.stderr)")

    // Edit: the editor changes a line; an editor that changes nothing leaves the file alone.
    let editor = try scratch.write("editor.sh", "#!/bin/sh\nsed -i s/hunter2/swordfish/ \"$1\"\n", mode: 0o700)
    let edited = try Programs.run(
      [swiftplay, "vault", "edit", "--vault-id", "prod@pw-prod", "vars.yml"], in: scratch.path, environment: ["EDITOR": editor])
    #expect(edited.status == 0, "\(edited.stderr)")
    let afterEdit = try VaultFile.read(file)
    let unchanged = try Programs.run(
      [swiftplay, "vault", "edit", "--vault-id", "prod@pw-prod", "vars.yml"], in: scratch.path, environment: ["EDITOR": "true"])
    #expect(unchanged.status == 0)
    #expect(try VaultFile.read(file) == afterEdit)

    let decrypted = try Programs.run(
      [swiftplay, "vault", "decrypt", "--vault-id", "prod@pw-prod", "--output", "-", "vars.yml"], in: scratch.path)
    #expect(decrypted.text == "user: app\npassword: swordfish\n", "\(decrypted.stderr)")
    #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("$ANSIBLE_VAULT;1.2;AES256;prod\n"))
  }

  @Test func withoutATerminalThePromptFailsClearly() throws {
    let swiftplay = try Programs.swiftplay()
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("data.vault", VaultSecret(password: "x").encrypt([1]))
    // setsid: no controlling terminal, even when the tests run from one.
    let result = try Programs.run(["/usr/bin/setsid", "-w", swiftplay, "vault", "view", "data.vault"], in: scratch.path)
    #expect(result.status == 1)
    #expect(result.stderr == "ERROR! cannot ask for the vault password ('Vault password'): no terminal is attached; "
      + "give it with --vault-password-file FILE or --vault-id LABEL@FILE instead\n")
  }

  @Test func outputTakesOneInput() throws {
    let swiftplay = try Programs.swiftplay()
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw", "pw\n")
    let result = try Programs.run(
      [swiftplay, "vault", "encrypt", "--vault-password-file", "pw", "--output", "o", "a", "b"], in: scratch.path)
    #expect(result.status == 5)
    #expect(result.stderr == "ERROR! At most one input file may be used with the --output option\n")
  }
}
