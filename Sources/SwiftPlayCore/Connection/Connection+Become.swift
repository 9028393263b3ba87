extension Connection {
  /// Whether commands run as another user through become (also under `environment:`).
  /// Fetch reads files differently then, as Ansible does (its slurp module).
  package var becomes: Bool {
    if self is BecomeConnection { return true }
    if let environment = self as? EnvironmentConnection { return environment.inner.becomes }
    return false
  }
}
