import Foundation

/// The vault settings that apply when the command line gives none: Ansible reads them from
/// ansible.cfg's [defaults] or the environment. `environment(_:)` reads the environment; a
/// caller that also reads ansible.cfg fills the fields itself (the environment wins there).
package struct VaultDefaults: Sendable, Equatable {
  /// ANSIBLE_VAULT_IDENTITY_LIST / vault_identity_list: `label@source` values, tried first.
  package var identityList: [String]
  /// ANSIBLE_VAULT_PASSWORD_FILE / vault_password_file: used when no --vault-password-file is given.
  package var passwordFile: String?
  /// ANSIBLE_VAULT_ID_MATCH / vault_id_match: only try secrets whose id matches the data's label.
  package var idMatch: Bool
  /// ANSIBLE_VAULT_ENCRYPT_IDENTITY / vault_encrypt_identity: --encrypt-vault-id when none is given.
  package var encryptIdentity: String?

  package init(identityList: [String] = [], passwordFile: String? = nil, idMatch: Bool = false, encryptIdentity: String? = nil) {
    self.identityList = identityList
    self.passwordFile = passwordFile
    self.idMatch = idMatch
    self.encryptIdentity = encryptIdentity
  }

  package static func environment(_ environment: [String: String]) -> VaultDefaults {
    func value(_ name: String) -> String? {
      guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
      return text
    }
    return VaultDefaults(
      identityList: value("ANSIBLE_VAULT_IDENTITY_LIST").map(list) ?? [],
      passwordFile: value("ANSIBLE_VAULT_PASSWORD_FILE"),
      idMatch: value("ANSIBLE_VAULT_ID_MATCH").map(boolean) ?? false,
      encryptIdentity: value("ANSIBLE_VAULT_ENCRYPT_IDENTITY"))
  }

  /// A comma-separated list, each item trimmed, empty items dropped (Ansible's `list` type).
  package static func list(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// Ansible's boolean words.
  static func boolean(_ text: String) -> Bool {
    ["1", "true", "yes", "on", "y", "t"].contains(text.lowercased())
  }
}
