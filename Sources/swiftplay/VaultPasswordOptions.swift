import AnsibleYAML
import ArgumentParser
import Foundation
import SwiftPlayCore
import Vault

/// The vault password options every `swiftplay vault` subcommand takes, as ansible-vault's.
/// The passwords themselves never pass through argv: only where to find them.
struct VaultPasswordOptions: ParsableArguments {
  @Option(name: .customLong("vault-id"), help: ArgumentHelp(
    "A vault identity LABEL@SOURCE: SOURCE is 'prompt', a password file or a script; repeatable.",
    valueName: "label@source"))
  var vaultIds: [String] = []

  @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")], help: ArgumentHelp(
    "A file holding the vault password (or a script printing it); repeatable.", valueName: "file"))
  var passwordFiles: [String] = []

  @Flag(name: [.customShort("J"), .customLong("ask-vault-pass"), .customLong("ask-vault-password")],
    help: "Ask for the vault password.")
  var askVaultPass = false

  func validate() throws {
    if askVaultPass && !passwordFiles.isEmpty {
      throw ValidationError("argument --vault-password-file: not allowed with argument --ask-vault-pass")
    }
  }

  /// The secrets the options name; when they name none, one is asked for ("Vault
  /// password: "), as ansible-vault does. `newPassword`: prompts ask twice ("New Vault password").
  func keyring(newPassword: Bool = false) throws -> VaultKeyring {
    try VaultCLI.loader().keyring(
      vaultIds: vaultIds, passwordFiles: passwordFiles, askVaultPass: askVaultPass,
      promptWhenEmpty: true, newPassword: newPassword)
  }
}

extension VaultPasswordOptions {
  /// The YAML loader of a playbook or ad-hoc run, holding the run's vault secrets: every
  /// YAML read of the run (inventory, variables files, playbooks, include_vars) goes through it.
  /// Unlike ansible-vault, nothing is asked when no option names a secret: a run fails
  /// only when it meets vault data (as ansible-playbook). ansible.cfg's vault settings
  /// apply under the environment's.
  func runLoader(_ config: AnsibleConfig, display: Display) throws -> YAMLLoader {
    var defaults = VaultDefaults.environment(VaultCLI.environment)
    if defaults.passwordFile == nil { defaults.passwordFile = config["vault_password_file"] }
    if defaults.identityList.isEmpty { defaults.identityList = VaultDefaults.list(config["vault_identity_list"] ?? "") }
    defaults.idMatch = defaults.idMatch || config.bool("vault_id_match")
    let loader = VaultSecretLoader(
      defaults: defaults, currentDirectory: FileManager.default.currentDirectoryPath,
      home: VaultCLI.environment["HOME"], prompt: VaultCLI.ask)
    let keyring = try loader.keyring(
      vaultIds: vaultIds, passwordFiles: passwordFiles, askVaultPass: askVaultPass || config.bool("ask_vault_pass"))
    let duplicates = config["duplicate_dict_key"] ?? "warn"
    guard let duplicateKeys = YAMLLoader.DuplicateKeys(rawValue: duplicates.lowercased()) else {
      throw UsageError(message: "Invalid value '\(duplicates)' for duplicate_dict_key (ANSIBLE_DUPLICATE_YAML_DICT_KEY): use warn, error or ignore")
    }
    return YAMLLoader(keyring: keyring, duplicateKeys: duplicateKeys, warn: { display.warning($0) })
  }
}

/// What the vault subcommands share: reading secrets at the terminal, the environment's
/// defaults, and ansible-vault's success lines.
enum VaultCLI {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  static func loader() -> VaultSecretLoader {
    VaultSecretLoader(environment: environment, currentDirectory: FileManager.default.currentDirectoryPath, prompt: ask)
  }

  /// The terminal's no-echo prompt; without a terminal, the error says which options
  /// give the password instead.
  static func ask(_ prompt: String) throws -> String {
    do {
      return try Terminal.readSecret(prompt: prompt)
    } catch Terminal.PromptError.noTerminal {
      throw NoTerminal()
    }
  }

  struct NoTerminal: Error, CustomStringConvertible {
    var description: String {
      "no terminal is attached; give it with --vault-password-file FILE or --vault-id LABEL@FILE instead"
    }
  }

  /// The secret to encrypt with: `--encrypt-vault-id`, else ANSIBLE_VAULT_ENCRYPT_IDENTITY,
  /// else the only one given. Several and no choice is a usage error (exit 5), as in ansible-vault.
  static func encryptionSecret(_ keyring: VaultKeyring, id option: String?) throws -> VaultSecret {
    let id = option ?? VaultDefaults.environment(environment).encryptIdentity
    do {
      return try keyring.encryptionSecret(id: id)
    } catch {
      if case .encryptVaultIdAmbiguous = error { throw UsageError(message: error.description) }
      throw error
    }
  }

  /// ansible-vault reports success on stderr only when stdout is a terminal, so piped
  /// output stays quiet.
  static func reportSuccess(_ text: String) {
    if Terminal.stdoutIsTerminal { FileHandle.standardError.write(Data("\(text)\n".utf8)) }
  }

  static func note(_ text: String) {
    FileHandle.standardError.write(Data("\(text)\n".utf8))
  }

  /// The files a command reads: `-` (standard input) when none is named. A terminal on
  /// standard input gets a hint that it is being read.
  static func inputs(_ files: [String]) -> [String] {
    guard files.isEmpty else { return files }
    if isatty(STDIN_FILENO) == 1 { note("Reading plaintext input from stdin") }
    return ["-"]
  }

  /// The file a name is shown as in messages.
  static func shown(_ path: String) -> String { path == "-" ? "stdin" : path }

  /// `--output` takes a single input, as in ansible-vault.
  static func checkOutput(_ output: String?, inputs: [String]) throws {
    if output != nil && inputs.count > 1 {
      throw UsageError(message: "At most one input file may be used with the --output option")
    }
  }
}

