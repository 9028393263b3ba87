/// The vault secrets of one run, tried in order to open vault data and picked from to
/// encrypt it. Whole vault files and inline `!vault |` values go through the same calls:
/// both are the same text, indented or not.
package struct VaultKeyring: Sendable {
  package var secrets: [VaultSecret]
  /// Only try secrets whose id equals the data's label ("default" for unlabeled data), as
  /// Ansible's vault_id_match setting; otherwise the label is only a hint of what to try first.
  package var requireMatchingId: Bool

  package init(_ secrets: [VaultSecret] = [], requireMatchingId: Bool = false) {
    self.secrets = secrets
    self.requireMatchingId = requireMatchingId
  }

  package var isEmpty: Bool { secrets.isEmpty }
  /// Each id once, in the order the secrets were given.
  package var ids: [String] {
    var seen = Set<String>()
    return secrets.map(\.id).filter { seen.insert($0).inserted }
  }

  /// Whether `text` is vault data.
  package static func isVault(_ text: String) -> Bool { VaultEnvelope.isVault(text) }

  /// What opening vault data gave: the plaintext, the secret that opened it (to encrypt
  /// it again the same way after an edit) and the header's label.
  package struct Opened: Sendable {
    package var plaintext: [UInt8]
    package var secret: VaultSecret
    package var label: String?
  }

  /// Decrypts vault text (a whole file or an inline value). `source` names it in errors.
  package func decrypt(_ text: String, source: String? = nil) throws(VaultError) -> [UInt8] {
    try open(text, source: source).plaintext
  }

  /// Decrypts vault text to a String (vars files, inline values), invalid UTF-8 replaced.
  package func decryptString(_ text: String, source: String? = nil) throws(VaultError) -> String {
    String(decoding: try decrypt(text, source: source), as: UTF8.self)
  }

  /// Decrypts, and says which secret did it.
  package func open(_ text: String, source: String? = nil) throws(VaultError) -> Opened {
    let envelope = try VaultEnvelope.parse(text, source: source)
    guard !secrets.isEmpty else { throw .noSecrets(source: source) }
    for secret in candidates(for: envelope.label) {
      if let plaintext = try VaultAES256.decrypt(body: envelope.body, password: secret.password, source: source) {
        return Opened(plaintext: plaintext, secret: secret, label: envelope.label)
      }
    }
    throw .decryptionFailed(source: source)
  }

  /// Secrets in the order Ansible tries them: those with the data's label first, then the rest.
  func candidates(for label: String?) -> [VaultSecret] {
    let wanted = label ?? VaultSecret.defaultId
    let matching = secrets.filter { $0.id == wanted }
    if requireMatchingId { return matching }
    return matching + secrets.filter { $0.id != wanted }
  }

  /// The secret to encrypt with: the one named by `id` (`--encrypt-vault-id`), else the
  /// only one there is. Several and no choice is an error, as in ansible-vault.
  package func encryptionSecret(id: String? = nil) throws(VaultError) -> VaultSecret {
    if let id {
      guard let secret = secrets.first(where: { $0.id == id }) else {
        throw .encryptVaultIdNotFound(id: id, known: ids)
      }
      return secret
    }
    guard let first = secrets.first else { throw .noSecrets(source: nil) }
    guard ids.count == 1 else { throw .encryptVaultIdAmbiguous(ids: ids) }
    return first
  }

  /// Vault text for `plaintext`, with the secret `encryptionSecret(id:)` picks.
  package func encrypt(_ plaintext: [UInt8], id: String? = nil) throws(VaultError) -> String {
    try encryptionSecret(id: id).encrypt(plaintext)
  }
}
