import ArgumentParser
import Vault

/// `swiftplay vault decrypt [FILE...]`: decrypts files in place (or into --output).
struct VaultDecryptCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "decrypt", abstract: "Decrypt vault files (standard input when none is named).")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("output"), help: "Write to this file instead of in place; '-' is standard output.")
  var output: String?

  @Argument(help: "The files to decrypt.")
  var files: [String] = []

  func execute() async throws -> Int32 {
    let inputs = VaultCLI.inputs(files)
    try VaultCLI.checkOutput(output, inputs: inputs)
    let keyring = try passwords.keyring()
    // Everything is decrypted before anything is written: a wrong password for the last
    // file leaves the first one encrypted too.
    var plaintexts: [[UInt8]] = []
    for input in inputs {
      plaintexts.append(try keyring.decrypt(String(decoding: try VaultFile.read(input), as: UTF8.self), source: VaultCLI.shown(input)))
    }
    for (input, plaintext) in zip(inputs, plaintexts) {
      try VaultFile.write(plaintext, to: output ?? input)
    }
    VaultCLI.reportSuccess("Decryption successful")
    return 0
  }
}
