/// Turns the vault options of a command line (and the configured defaults) into secrets,
/// in the order Ansible tries them: the configured identity list, then each `--vault-id`,
/// then the `--vault-password-file`s (or the configured password file when none is
/// given), then `--ask-vault-pass`. Prompts go through the `prompt` closure (the CLI passes
/// the terminal's no-echo reader), so this target never touches a terminal itself.
package struct VaultSecretLoader {
  /// Shows its argument as a prompt and returns the answer without echoing it.
  package typealias Prompt = (String) throws -> String

  package var defaults: VaultDefaults
  package var currentDirectory: String
  /// For `~/` in password file paths.
  package var home: String?
  package var prompt: Prompt

  package init(defaults: VaultDefaults, currentDirectory: String, home: String?, prompt: @escaping Prompt) {
    self.defaults = defaults
    self.currentDirectory = currentDirectory
    self.home = home
    self.prompt = prompt
  }

  /// Defaults from the environment (ANSIBLE_VAULT_*), HOME for `~`.
  package init(environment: [String: String], currentDirectory: String, prompt: @escaping Prompt) {
    self.init(
      defaults: .environment(environment), currentDirectory: currentDirectory, home: environment["HOME"], prompt: prompt)
  }

  /// The whole step for a command: options in, keyring out.
  /// - Parameters:
  ///   - promptWhenEmpty: ask for a "default" password when nothing names a secret
  ///     (ansible-vault does; ansible-playbook does not, and fails only on vault data).
  ///   - newPassword: prompts ask for a new password twice (encrypt, create).
  package func keyring(
    vaultIds: [String], passwordFiles: [String], askVaultPass: Bool,
    promptWhenEmpty: Bool = false, newPassword: Bool = false
  ) throws(VaultError) -> VaultKeyring {
    let identities = try identities(vaultIds: vaultIds, passwordFiles: passwordFiles, askVaultPass: askVaultPass)
    let chosen = identities.isEmpty && promptWhenEmpty ? [VaultIdentity.askVaultPass] : identities
    return VaultKeyring(try secrets(for: chosen, newPassword: newPassword), requireMatchingId: defaults.idMatch)
  }

  /// The identities the options and defaults name, in the order their secrets are tried.
  package func identities(vaultIds: [String], passwordFiles: [String], askVaultPass: Bool) throws(VaultError) -> [VaultIdentity] {
    var result: [VaultIdentity] = []
    for text in defaults.identityList + vaultIds { result.append(try VaultIdentity.parse(text)) }
    let files = passwordFiles.isEmpty ? defaults.passwordFile.map { [$0] } ?? [] : passwordFiles
    result += files.map(VaultIdentity.passwordFile)
    if askVaultPass { result.append(.askVaultPass) }
    return result
  }

  /// Reads every identity's password (prompting, reading files, running scripts).
  package func secrets(for identities: [VaultIdentity], newPassword: Bool = false) throws(VaultError) -> [VaultSecret] {
    var secrets: [VaultSecret] = []
    for identity in identities { secrets.append(try secret(for: identity, newPassword: newPassword)) }
    return secrets
  }

  package func secret(for identity: VaultIdentity, newPassword: Bool = false) throws(VaultError) -> VaultSecret {
    switch identity.source {
    case .prompt:
      return VaultSecret(id: identity.id, password: try ask(label: identity.label, newPassword: newPassword))
    case let .file(path):
      let password = try VaultPasswordSource.read(path: path, label: identity.label, currentDirectory: currentDirectory, home: home)
      return VaultSecret(id: identity.id, password: password)
    }
  }

  /// Ansible's prompt texts: "Vault password: " without a label, "Vault password (dev): "
  /// with one; for a new password "New Vault password: " and its confirmation.
  func ask(label: String?, newPassword: Bool) throws(VaultError) -> [UInt8] {
    let texts = PromptTexts(label: label)
    let answer = try answer(newPassword ? texts.new : texts.existing)
    guard !answer.isEmpty else { throw .emptyPassword(kind: "prompt", source: label ?? VaultSecret.defaultId) }
    if newPassword, try self.answer(texts.confirm) != answer { throw .passwordsDoNotMatch }
    return Array(answer.utf8)
  }

  private func answer(_ text: String) throws(VaultError) -> String {
    do {
      return try prompt(text)
    } catch {
      throw .promptFailed(prompt: text, reason: "\(error)")
    }
  }

  struct PromptTexts: Equatable {
    var existing: String
    var new: String
    var confirm: String

    init(label: String?) {
      if let label {
        existing = "Vault password (\(label)): "
        new = "New vault password (\(label)): "
        confirm = "Confirm new vault password (\(label)): "
      } else {
        existing = "Vault password: "
        new = "New Vault password: "
        confirm = "Confirm New Vault password: "
      }
    }
  }
}
