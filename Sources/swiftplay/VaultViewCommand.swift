import ArgumentParser
import Foundation
import Vault

/// `swiftplay vault view FILE...`: prints the plaintext (ansible-vault pages it; a pipe to
/// `less` does the same here).
struct VaultViewCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(commandName: "view", abstract: "Print the plaintext of vault files.")

  @OptionGroup var passwords: VaultPasswordOptions

  @Argument(help: "The files to show.")
  var files: [String] = []

  func execute() async throws -> Int32 {
    let inputs = VaultCLI.inputs(files)
    let keyring = try passwords.keyring()
    for input in inputs {
      let plaintext = try keyring.decrypt(String(decoding: try VaultFile.read(input), as: UTF8.self), source: VaultCLI.shown(input))
      FileHandle.standardOutput.write(Data(plaintext))
    }
    return 0
  }
}
