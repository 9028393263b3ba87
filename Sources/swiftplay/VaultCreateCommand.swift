import ArgumentParser
import Foundation
import Vault

/// `swiftplay vault create FILE`: writes a new vault file from what is typed in $EDITOR.
struct VaultCreateCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a vault file with $EDITOR.")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("encrypt-vault-id"), help: "The vault id to encrypt with (needed when several are given).")
  var encryptVaultId: String?

  @Argument(help: "The file to create.")
  var file: String

  func execute() async throws -> Int32 {
    guard !FileManager.default.fileExists(atPath: file) else {
      throw ValidationError("\(file) exists, please use 'edit' instead")
    }
    let secret = try VaultCLI.encryptionSecret(passwords.keyring(newPassword: true), id: encryptVaultId)
    let plaintext = try VaultEditor(environment: VaultCLI.environment).edit([], name: (file as NSString).lastPathComponent)
    try VaultFile.write(Array(secret.encrypt(plaintext).utf8), to: file)
    return 0
  }
}
