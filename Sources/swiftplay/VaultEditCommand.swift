import ArgumentParser
import Foundation
import Vault

/// `swiftplay vault edit FILE`: decrypts into $EDITOR and encrypts again what changed.
struct VaultEditCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit a vault file with $EDITOR.")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("encrypt-vault-id"), help: "Encrypt with this vault id (default: the one that decrypted it).")
  var encryptVaultId: String?

  @Argument(help: "The file to edit.")
  var file: String

  func execute() async throws -> Int32 {
    let text = String(decoding: try VaultFile.read(file), as: UTF8.self)
    guard VaultEnvelope.isVault(text) else { throw VaultError.notVault(source: file) }
    let keyring = try passwords.keyring()
    let opened = try keyring.open(text, source: file)
    let edited = try VaultEditor(environment: VaultCLI.environment).edit(opened.plaintext, name: (file as NSString).lastPathComponent)
    // Unchanged: the file is not rewritten, so its ciphertext (and its diff) stays as it was.
    guard edited != opened.plaintext || encryptVaultId != nil else { return 0 }
    let secret = try encryptVaultId.map { id throws(VaultError) in try keyring.encryptionSecret(id: id) } ?? opened.secret
    try VaultFile.write(Array(secret.encrypt(edited).utf8), to: file)
    return 0
  }
}
