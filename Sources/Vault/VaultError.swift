/// Everything that can go wrong with vault data or vault secrets. The messages follow
/// ansible-vault's wording where users know it (so a search for the text finds answers),
/// name the file, and say what to do. A secret's value never appears in one.
package enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Vault data was met but no secret was given at all.
  case noSecrets(source: String?)
  /// Secrets were given but none of them opens the data (wrong password, or tampered data).
  case decryptionFailed(source: String?)
  /// The input does not start with a `$ANSIBLE_VAULT;` header.
  case notVault(source: String?)
  /// The input is vault data already (encrypt, create).
  case alreadyEncrypted(source: String?)
  /// A header or body that no ansible-vault writes.
  case malformed(source: String?, reason: String)
  /// A format version or cipher this implementation does not read (1.0 / `AES`).
  case unsupported(source: String?, header: String)
  /// `--vault-id` text that cannot name a secret.
  case invalidVaultId(String, reason: String)
  case passwordFileNotFound(path: String)
  case passwordFileUnreadable(path: String, reason: String)
  /// A source that gave an empty password ("file", "script", "prompt").
  case emptyPassword(kind: String, source: String)
  case scriptFailed(path: String, status: Int32)
  /// A `-client` script that exits 2: it has no secret for that vault id.
  case clientScriptHasNoSecret(path: String, vaultId: String?)
  case passwordsDoNotMatch
  /// The prompt closure failed (no terminal, end of input).
  case promptFailed(prompt: String, reason: String)
  /// Encrypting with several secrets loaded and no `--encrypt-vault-id`.
  case encryptVaultIdAmbiguous(ids: [String])
  case encryptVaultIdNotFound(id: String, known: [String])
  /// Reading or writing a file failed.
  case io(path: String, reason: String)

  private static let howToGiveSecrets =
    "give the password with --ask-vault-pass, --vault-password-file FILE or --vault-id LABEL@SOURCE"

  package var description: String {
    switch self {
    case let .noSecrets(source):
      return "Attempting to decrypt but no vault secrets found\(Self.on(source)); \(Self.howToGiveSecrets)"
    case let .decryptionFailed(source):
      return "Decryption failed (no vault secrets were found that could decrypt)\(Self.on(source)); "
        + "check the vault password, or give the one it was encrypted with (--vault-id LABEL@SOURCE, repeatable)"
    case let .notVault(source):
      return "input is not vault encrypted data\(Self.for(source))"
    case let .alreadyEncrypted(source):
      return "input is already encrypted\(Self.for(source))"
    case let .malformed(source, reason):
      return "vault format error\(Self.in(source)): \(reason)"
    case let .unsupported(source, header):
      return "unsupported vault header '\(header)'\(Self.in(source)): only $ANSIBLE_VAULT;1.1;AES256 and "
        + "$ANSIBLE_VAULT;1.2;AES256;LABEL are read; re-encrypt it with a current ansible-vault"
    case let .invalidVaultId(text, reason):
      return "invalid vault id '\(text)': \(reason)"
    case let .passwordFileNotFound(path):
      return "The vault password file \(path) was not found"
    case let .passwordFileUnreadable(path, reason):
      return "cannot read the vault password file \(path): \(reason)"
    case let .emptyPassword(kind, source):
      return "Invalid vault password was provided from \(kind) (\(source)): it is empty"
    case let .scriptFailed(path, status):
      return "Vault password script \(path) returned non-zero (\(status))"
    case let .clientScriptHasNoSecret(path, vaultId):
      return "Vault password client script \(path) did not find a secret for vault-id=\(vaultId ?? "None")"
    case .passwordsDoNotMatch:
      return "Passwords do not match"
    case let .promptFailed(prompt, reason):
      return "cannot ask for the vault password ('\(prompt.trimmingTrailing(": "))'): \(reason)"
    case let .encryptVaultIdAmbiguous(ids):
      return "The vault-ids \(ids.joined(separator: ",")) are available to encrypt. "
        + "Specify the vault-id to encrypt with --encrypt-vault-id"
    case let .encryptVaultIdNotFound(id, known):
      return "Did not find a match for --encrypt-vault-id=\(id) in the known vault-ids "
        + "[\(known.map { "'\($0)'" }.joined(separator: ", "))]"
    case let .io(path, reason):
      return "\(path): \(reason)"
    }
  }

  private static func on(_ source: String?) -> String { source.map { " on \($0)" } ?? "" }
  private static func `for`(_ source: String?) -> String { source.map { " for \($0)" } ?? "" }
  private static func `in`(_ source: String?) -> String { source.map { " in \($0)" } ?? "" }
}

extension String {
  /// Without any trailing characters from `characters` (a prompt's ": ").
  func trimmingTrailing(_ characters: String) -> String {
    var text = Substring(self)
    while let last = text.last, characters.contains(last) { text.removeLast() }
    return String(text)
  }
}
