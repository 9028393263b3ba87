import Foundation
import Testing

@testable import Vault

/// Where passwords come from: the order of sources, password files, scripts and prompts,
/// each as ansible-vault 2.19 was seen to behave.
struct VaultSecretLoaderTests {
  /// Answers prompts from a list and records the prompt texts.
  final class Answers: @unchecked Sendable {
    var queue: [String]
    var asked: [String] = []
    init(_ answers: [String]) { queue = answers }
    func answer(_ prompt: String) throws -> String {
      asked.append(prompt)
      guard !queue.isEmpty else { throw NoTerminal() }
      return queue.removeFirst()
    }
  }

  struct NoTerminal: Error, CustomStringConvertible {
    var description: String { "no terminal is attached" }
  }

  func loader(_ answers: Answers, in scratch: Scratch, defaults: VaultDefaults = VaultDefaults()) -> VaultSecretLoader {
    VaultSecretLoader(defaults: defaults, currentDirectory: scratch.path, home: scratch.path, prompt: answers.answer)
  }

  @Test func parsesVaultIds() throws {
    #expect(try VaultIdentity.parse("dev@prompt") == VaultIdentity(label: "dev", source: .prompt))
    #expect(try VaultIdentity.parse("@prompt") == VaultIdentity(label: "default", source: .prompt))
    #expect(try VaultIdentity.parse("prompt") == VaultIdentity(label: nil, source: .prompt))
    #expect(try VaultIdentity.parse("pass.txt") == VaultIdentity(label: nil, source: .file("pass.txt")))
    #expect(try VaultIdentity.parse("dev@dir/a@b") == VaultIdentity(label: "dev", source: .file("dir/a@b")))
    #expect(throws: VaultError.self) { try VaultIdentity.parse("dev@") }
    #expect(throws: VaultError.self) { try VaultIdentity.parse("a;b@prompt") }
    #expect(throws: VaultError.self) { try VaultIdentity.parse("a b@prompt") }
  }

  @Test func ordersSourcesAsAnsible() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let defaults = VaultDefaults(identityList: ["cfg@prompt"], passwordFile: "env-file")
    let loader = loader(Answers([]), in: scratch, defaults: defaults)
    let identities = try loader.identities(vaultIds: ["dev@dev-file", "x-client"], passwordFiles: [], askVaultPass: true)
    #expect(identities == [
      VaultIdentity(label: "cfg", source: .prompt), VaultIdentity(label: "dev", source: .file("dev-file")),
      VaultIdentity(label: nil, source: .file("x-client")), VaultIdentity(label: "default", source: .file("env-file")),
      VaultIdentity(label: nil, source: .prompt),
    ])
    // A --vault-password-file replaces the configured one (the identity list stays).
    let given = try loader.identities(vaultIds: [], passwordFiles: ["a", "b"], askVaultPass: false)
    #expect(given.map(\.source) == [.prompt, .file("a"), .file("b")])
  }

  @Test func readsDefaultsFromEnvironment() {
    let defaults = VaultDefaults.environment([
      "ANSIBLE_VAULT_IDENTITY_LIST": "dev@a, prod@prompt ,", "ANSIBLE_VAULT_PASSWORD_FILE": "~/.vault",
      "ANSIBLE_VAULT_ID_MATCH": "True", "ANSIBLE_VAULT_ENCRYPT_IDENTITY": "prod",
    ])
    #expect(defaults == VaultDefaults(identityList: ["dev@a", "prod@prompt"], passwordFile: "~/.vault", idMatch: true, encryptIdentity: "prod"))
    #expect(VaultDefaults.environment([:]) == VaultDefaults())
  }

  @Test func passwordFileIsStrippedOfSurroundingWhitespaceOnly() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw", "  sp ace  \nsecond line\n\n")
    let secret = try loader(Answers([]), in: scratch).secret(for: .passwordFile("pw"))
    #expect(secret == VaultSecret(id: "default", password: "sp ace  \nsecond line"))
    // `~/` is HOME (the scratch folder here).
    #expect(try loader(Answers([]), in: scratch).secret(for: .passwordFile("~/pw")).password == secret.password)
  }

  @Test func passwordFileErrors() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("empty", " \n\n")
    let loader = loader(Answers([]), in: scratch)
    #expect(throws: VaultError.emptyPassword(kind: "file", source: "empty")) { try loader.secret(for: .passwordFile("empty")) }
    let missing = #expect(throws: VaultError.self) { try loader.secret(for: .passwordFile("nope")) }
    #expect(missing.map(String.init(describing:)) == "The vault password file nope was not found")
  }

  @Test func scriptOutputIsThePassword() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    // Spaces are kept: only CR and LF around the output are stripped, as Ansible does.
    try scratch.write("pass.sh", "#!/bin/sh\necho \"$#\" > \"$(dirname \"$0\")/args\"\nprintf '  pw  \\r\\n'\n", mode: 0o700)
    let secret = try loader(Answers([]), in: scratch).secret(for: VaultIdentity.parse("dev@pass.sh"))
    #expect(secret == VaultSecret(id: "dev", password: "  pw  "))
    #expect(try String(contentsOfFile: scratch.file("args"), encoding: .utf8) == "0\n")
  }

  @Test func clientScriptIsToldTheVaultId() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let script = """
      #!/bin/sh
      echo "$*" >> "$(dirname "$0")/args"
      case "$2" in dev) echo dev-pw ;; default) echo default-pw ;; '') echo bare-pw ;; *) exit 2 ;; esac

      """
    try scratch.write("keyring-client.py", script, mode: 0o700)
    let loader = loader(Answers([]), in: scratch)
    #expect(try loader.secret(for: VaultIdentity.parse("dev@keyring-client.py")).password == Array("dev-pw".utf8))
    #expect(try loader.secret(for: .passwordFile("keyring-client.py")).password == Array("default-pw".utf8))
    #expect(try loader.secret(for: VaultIdentity.parse("keyring-client.py")).password == Array("bare-pw".utf8))
    #expect(throws: VaultError.clientScriptHasNoSecret(path: "keyring-client.py", vaultId: "prod")) {
      try loader.secret(for: VaultIdentity.parse("prod@keyring-client.py"))
    }
    let args = try String(contentsOfFile: scratch.file("args"), encoding: .utf8)
    #expect(args == "--vault-id dev\n--vault-id default\n\n--vault-id prod\n")
  }

  @Test func failingScriptIsAnError() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("fail.sh", "#!/bin/sh\nexit 3\n", mode: 0o700)
    try scratch.write("silent.sh", "#!/bin/sh\necho\n", mode: 0o700)
    let loader = loader(Answers([]), in: scratch)
    #expect(throws: VaultError.scriptFailed(path: "fail.sh", status: 3)) { try loader.secret(for: .passwordFile("fail.sh")) }
    #expect(throws: VaultError.emptyPassword(kind: "script", source: "silent.sh")) { try loader.secret(for: .passwordFile("silent.sh")) }
  }

  @Test func promptTexts() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let answers = Answers(["a", "b", "c", "c", "d", "d"])
    let loader = loader(answers, in: scratch)
    _ = try loader.secret(for: .askVaultPass)
    _ = try loader.secret(for: VaultIdentity.parse("dev@prompt"))
    _ = try loader.secret(for: .askVaultPass, newPassword: true)
    _ = try loader.secret(for: VaultIdentity.parse("dev@prompt"), newPassword: true)
    #expect(answers.asked == [
      "Vault password: ", "Vault password (dev): ", "New Vault password: ", "Confirm New Vault password: ",
      "New vault password (dev): ", "Confirm new vault password (dev): ",
    ])
  }

  @Test func promptErrors() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    #expect(throws: VaultError.passwordsDoNotMatch) {
      try loader(Answers(["one", "two"]), in: scratch).secret(for: .askVaultPass, newPassword: true)
    }
    #expect(throws: VaultError.emptyPassword(kind: "prompt", source: "default")) {
      try loader(Answers([""]), in: scratch).secret(for: .askVaultPass)
    }
    let failed = #expect(throws: VaultError.self) { try loader(Answers([]), in: scratch).secret(for: .askVaultPass) }
    #expect(failed.map(String.init(describing:)) == "cannot ask for the vault password ('Vault password'): no terminal is attached")
  }

  @Test func keyringPromptsOnlyWhenNothingIsGiven() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("pw", "file-pw\n")
    let answers = Answers(["typed"])
    let asked = try loader(answers, in: scratch).keyring(vaultIds: [], passwordFiles: [], askVaultPass: false, promptWhenEmpty: true)
    #expect(asked.secrets == [VaultSecret(password: "typed")])
    let none = try loader(answers, in: scratch).keyring(vaultIds: [], passwordFiles: [], askVaultPass: false)
    #expect(none.isEmpty)
    let filed = try loader(answers, in: scratch).keyring(vaultIds: ["ops@pw"], passwordFiles: [], askVaultPass: false, promptWhenEmpty: true)
    #expect(filed.secrets == [VaultSecret(id: "ops", password: "file-pw")])
    #expect(answers.asked == ["Vault password: "])
  }
}
