import ArgumentParser
import Foundation
import Vault

/// `swiftplay vault rekey FILE...`: encrypts vault files again under a new password.
struct VaultRekeyCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "rekey", abstract: "Change the password of vault files.")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("new-vault-id"), help: ArgumentHelp("The new vault identity LABEL@SOURCE.", valueName: "label@source"))
  var newVaultId: String?

  @Option(name: .customLong("new-vault-password-file"), help: ArgumentHelp("A file holding the new vault password.", valueName: "file"))
  var newPasswordFile: String?

  @Option(name: .customLong("encrypt-vault-id"), help: "Accepted for ansible-vault compatibility; the new vault id decides.")
  var encryptVaultId: String?

  @Argument(help: "The files to rekey.")
  var files: [String]

  func validate() throws {
    if newVaultId != nil && newPasswordFile != nil {
      throw ValidationError("argument --new-vault-password-file: not allowed with argument --new-vault-id")
    }
    if files.isEmpty { throw ValidationError("rekey needs at least one file") }
  }

  func execute() async throws -> Int32 {
    let keyring = try passwords.keyring()
    let identity = try newVaultId.map { text throws(VaultError) in try VaultIdentity.parse(text) }
      ?? newPasswordFile.map(VaultIdentity.passwordFile) ?? VaultIdentity.askVaultPass
    let newSecret = try VaultCLI.loader().secret(for: identity, newPassword: true)
    // All files are opened before one is written: one wrong password changes nothing.
    var plaintexts: [[UInt8]] = []
    for file in files {
      plaintexts.append(try keyring.decrypt(String(decoding: try VaultFile.read(file), as: UTF8.self), source: file))
    }
    for (file, plaintext) in zip(files, plaintexts) {
      try VaultFile.write(Array(newSecret.encrypt(plaintext).utf8), to: file)
    }
    VaultCLI.note("Rekey successful")
    return 0
  }
}
