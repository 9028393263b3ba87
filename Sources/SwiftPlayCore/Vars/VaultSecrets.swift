import Synchronization
import Vault

/// The vault secrets of this run, given once on the command line. Every YAML reader
/// (inventory, group_vars and host_vars, playbooks, roles, vars_files, include_vars, -e
/// @file) decrypts with the same secrets, so they are installed here once rather than
/// passed through each loader's initialiser.
public enum VaultSecrets {
  private static let installed = Mutex(VaultKeyring())

  /// Makes `keyring` the one every later YAML read decrypts with.
  public static func use(_ keyring: VaultKeyring) { installed.withLock { $0 = keyring } }

  static var keyring: VaultKeyring { installed.withLock { $0 } }
}
