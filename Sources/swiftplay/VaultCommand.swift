import ArgumentParser

/// `swiftplay vault SUBCOMMAND`, like `ansible-vault`: encrypt, decrypt, view, create,
/// edit, rekey and encrypt_string, reading and writing files ansible-vault reads and writes.
struct VaultCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vault",
    abstract: "Encrypt and decrypt Ansible Vault data, as ansible-vault does.",
    discussion: "Passwords come from --vault-id LABEL@SOURCE (SOURCE: prompt, a file, or an executable "
      + "that prints the password), --vault-password-file FILE, --ask-vault-pass, or the environment "
      + "(ANSIBLE_VAULT_PASSWORD_FILE, ANSIBLE_VAULT_IDENTITY_LIST); with none of these, swiftplay asks.",
    subcommands: [
      VaultEncryptCommand.self, VaultDecryptCommand.self, VaultViewCommand.self, VaultCreateCommand.self,
      VaultEditCommand.self, VaultRekeyCommand.self, VaultEncryptStringCommand.self,
    ])
}
