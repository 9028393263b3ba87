/// Become as a run asks for it (`-b`, `--become-user`, `--become-method`, `-K` and
/// ansible.cfg), before the host's `ansible_become*` variables have their say.
public struct BecomeDefaults: Sendable {
  public var become = false
  public var method = "sudo"
  public var user = "root"
  public var password: String?
  public var flags: String?

  public init() {}

  /// `connection` wrapped in become when the host's variables or these defaults ask for
  /// it; the variables win, as in a playbook. Their values may be templates (vault).
  public func applied(to connection: any Connection, vars: [String: JSONValue], templar: Templar) throws -> any Connection {
    guard try vars["ansible_become"].map({ try templar.isTrue($0) }) ?? become else { return connection }
    func variable(_ names: String...) throws -> String? {
      guard let value = names.lazy.compactMap({ vars[$0] }).first else { return nil }
      return try templar.render(value, name: names[0]).text
    }
    return BecomeConnection(
      connection,
      method: try variable("ansible_become_method") ?? method,
      user: try variable("ansible_become_user") ?? user,
      password: try variable("ansible_become_password", "ansible_become_pass") ?? password,
      flags: try variable("ansible_become_flags") ?? flags)
  }
}
