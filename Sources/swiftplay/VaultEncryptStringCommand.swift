import ArgumentParser
import Foundation
import SwiftPlayCore
import Vault

/// `swiftplay vault encrypt_string`: prints values as `!vault |` YAML to paste into vars
/// files, exactly as ansible-vault does.
struct VaultEncryptStringCommand: ParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "encrypt_string", abstract: "Encrypt strings for use as !vault values in YAML.")

  @OptionGroup var passwords: VaultPasswordOptions

  @Option(name: .customLong("encrypt-vault-id"), help: "The vault id to encrypt with (needed when several are given).")
  var encryptVaultId: String?

  @Option(name: .customLong("output"), help: "Write to this file instead of standard output.")
  var output: String?

  @Flag(name: [.customShort("p"), .customLong("prompt")], help: "Ask for the string to encrypt.")
  var prompt = false

  @Flag(name: .customLong("show-input"), help: "Echo the string typed at --prompt.")
  var showInput = false

  @Option(name: [.customShort("n"), .customLong("name")], help: "The variable name of each string, in order; repeatable.")
  var names: [String] = []

  @Option(name: .customLong("stdin-name"), help: "The variable name for the string read from standard input.")
  var stdinName: String?

  @Argument(help: "The strings to encrypt ('-' or none: read standard input).")
  var strings: [String] = []

  /// One value to encrypt, and where it came from (for messages).
  struct Secret {
    var name: String?
    var plaintext: [UInt8]
    var origin: String
  }

  func execute() async throws -> Int32 {
    let values = try collectValues()
    let secret = try VaultCLI.encryptionSecret(passwords.keyring(newPassword: true), id: encryptVaultId)
    var text = ""
    for value in values {
      if values.count > 1 {
        let what = value.name.map { "variable (\"\($0)\", \(value.origin))" } ?? value.origin
        VaultCLI.note("# The encrypted version of \(what).")
      }
      text += VaultInlineValue.yaml(secret.encrypt(value.plaintext), name: value.name)
    }
    if let output, output != "-" {
      try VaultFile.write(Array(text.utf8), to: output)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
    VaultCLI.reportSuccess("Encryption successful")
    return 0
  }

  /// The values in ansible-vault's order: the prompted one, standard input, then the arguments.
  func collectValues() throws -> [Secret] {
    var values: [Secret] = []
    if prompt {
      let name = try Terminal.readSecret(prompt: "Variable name (enter for no name): ", echo: true)
      let text = try Terminal.readSecret(prompt: showInput ? "String to encrypt: " : "String to encrypt (hidden): ", echo: showInput)
      guard !text.isEmpty else { throw ValidationError("The plaintext provided from the prompt was empty, not encrypting") }
      values.append(Secret(name: name.isEmpty ? nil : name, plaintext: Array(text.utf8), origin: "the string from the prompt"))
    }
    let arguments = strings.filter { $0 != "-" }
    if stdinName != nil || strings.contains("-") || (strings.isEmpty && !prompt) {
      if isatty(STDIN_FILENO) == 1 {
        VaultCLI.note("Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)")
      }
      let text = try VaultFile.read("-")
      if isatty(STDIN_FILENO) == 1 && text.last != UInt8(ascii: "\n") { VaultCLI.note("") }
      guard !text.isEmpty else { throw ValidationError("stdin was empty, not encrypting") }
      values.append(Secret(name: stdinName, plaintext: text, origin: "the string from stdin"))
    }
    for (index, argument) in arguments.enumerated() {
      guard !argument.isEmpty else {
        throw ValidationError("The plaintext provided from the command line args was empty, not encrypting")
      }
      let name = index < names.count ? names[index] : nil
      values.append(Secret(name: name, plaintext: Array(argument.utf8), origin: "the string #\(index + 1) from the command line args"))
    }
    return values
  }
}
