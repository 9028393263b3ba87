import ArgumentParser
import Vault

/// `swiftplay vault encrypt [FILE...]`: encrypts files in place (or into --output).
struct VaultEncryptCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "encrypt", abstract: "Encrypt files (standard input when none is named).")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("encrypt-vault-id"), help: "The vault id to encrypt with (needed when several are given).")
  var encryptVaultId: String?

  @Option(name: .customLong("output"), help: "Write to this file instead of in place; '-' is standard output.")
  var output: String?

  @Argument(help: "The files to encrypt.")
  var files: [String] = []

  func execute() async throws -> Int32 {
    let inputs = VaultCLI.inputs(files)
    try VaultCLI.checkOutput(output, inputs: inputs)
    let secret = try VaultCLI.encryptionSecret(passwords.keyring(newPassword: true), id: encryptVaultId)
    for input in inputs {
      let plaintext = try VaultFile.read(input)
      guard !VaultEnvelope.isVault(bytes: plaintext) else { throw VaultError.alreadyEncrypted(source: VaultCLI.shown(input)) }
      try VaultFile.write(Array(secret.encrypt(plaintext).utf8), to: output ?? input)
    }
    VaultCLI.reportSuccess("Encryption successful")
    return 0
  }
}
