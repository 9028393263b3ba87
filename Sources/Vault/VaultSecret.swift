/// One vault password and the vault id (label) it was given under. The label is only a
/// hint for which secret to try first, as in Ansible; "default" is the id of a password
/// given without one.
package struct VaultSecret: Sendable, Equatable {
  package static let defaultId = "default"

  package let id: String
  /// The password's bytes: a file's content or a prompt's answer, as UTF-8.
  package let password: [UInt8]

  package init(id: String = VaultSecret.defaultId, password: [UInt8]) {
    self.id = id
    self.password = password
  }

  package init(id: String = VaultSecret.defaultId, password: String) {
    self.init(id: id, password: Array(password.utf8))
  }

  /// Vault text for `plaintext` under this secret: format 1.1, or 1.2 carrying the label
  /// when the id is not "default" (what ansible-vault writes).
  package func encrypt(_ plaintext: [UInt8]) -> String {
    let body = VaultAES256.encrypt(plaintext, password: password, salt: VaultAES256.randomSalt())
    return VaultEnvelope(label: id == Self.defaultId ? nil : id, body: body).text
  }
}

extension VaultSecret: CustomStringConvertible, CustomDebugStringConvertible {
  /// Never the password: a secret may end up in a log line or a test failure by accident.
  package var description: String { "VaultSecret(id: \(id))" }
  package var debugDescription: String { description }
}

extension VaultSecret: CustomReflectable {
  /// `dump()` and test-failure printing go through the mirror: keep the password out of it.
  package var customMirror: Mirror { Mirror(self, children: ["id": id], displayStyle: .struct) }
}
