/// Opens the connection a host's settings ask for.
public struct ConnectionFactory: Sendable {
  public let defaults: ConnectionDefaults
  public let credentials: Credentials
  public let log: DiagnosticLog

  public init(defaults: ConnectionDefaults, credentials: Credentials, log: @escaping DiagnosticLog) {
    self.defaults = defaults
    self.credentials = credentials
    self.log = log
  }

  public func connection(for hostName: String, vars: [String: JSONValue]) throws(ConnectionError) -> any Connection {
    let settings = try ConnectionSettings(hostName: hostName, vars: vars, defaults: defaults)
    switch settings.transport {
    case .libssh2: return LibSSH2Connection(settings: settings, credentials: credentials, log: log)
    case .openssh: return OpenSSHConnection(settings: settings, home: defaults.home, log: log)
    case .local: return LocalConnection(settings: settings, log: log)
    }
  }
}
