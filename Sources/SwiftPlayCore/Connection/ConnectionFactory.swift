import ValueModel

/// Opens the connection a host's settings ask for.
package struct ConnectionFactory: Sendable {
  package let defaults: ConnectionDefaults
  package let credentials: Credentials
  package let log: DiagnosticLog

  package init(defaults: ConnectionDefaults, credentials: Credentials, log: @escaping DiagnosticLog) {
    self.defaults = defaults
    self.credentials = credentials
    self.log = log
  }

  package func connection(for hostName: String, vars: ValueDict) throws(ConnectionError) -> any Connection {
    let settings = try ConnectionSettings(hostName: hostName, vars: vars, defaults: defaults)
    switch settings.transport {
    case .libssh2: return LibSSH2Connection(settings: settings, credentials: credentials, log: log)
    case .openssh: return OpenSSHConnection(settings: settings, home: defaults.home, log: log)
    case .local: return LocalConnection(settings: settings, log: log)
    }
  }
}
