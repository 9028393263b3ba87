import ValueModel

/// Become as a run asks for it (`-b`, `--become-user`, `--become-method`, `-K` and
/// ansible.cfg), before a host's `ansible_become*` variables and a task's become keywords
/// have their say. Playbooks and ad-hoc commands apply it the same way.
package struct BecomeDefaults: Sendable {
  package var become = false
  package var method = "sudo"
  package var user = "root"
  /// The `-K` password; never printed, never put on a command line.
  package var password: String?
  /// `become_flags` of ansible.cfg; nil keeps the method's own (sudo: -H -S -n).
  package var flags: String?

  package init() {}

  /// `connection` wrapped in become when the host's variables, the task's keywords or
  /// these defaults ask for it, in that order of precedence, as Ansible ranks them. The
  /// values may be templates (a vaulted password, `{{ admin }}`).
  package func applied(
    to connection: any Connection, vars: ValueDict, keywords: ValueDict = [:], templar: Templar
  ) throws -> any Connection {
    guard try (vars["ansible_become"] ?? keywords["become"]).map({ try templar.isTrue($0) }) ?? become else { return connection }
    func setting(_ variables: [String], _ keyword: String) throws -> String? {
      guard let value = variables.lazy.compactMap({ vars[$0] }).first ?? keywords[keyword] else { return nil }
      return try templar.render(value, name: keyword).plainText
    }
    return BecomeConnection(
      connection,
      method: try setting(["ansible_become_method"], "become_method") ?? method,
      user: try setting(["ansible_become_user"], "become_user") ?? user,
      password: try setting(["ansible_become_password", "ansible_become_pass"], "become_password") ?? password,
      flags: try setting(["ansible_become_flags"], "become_flags") ?? flags)
  }
}
