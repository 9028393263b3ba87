/// Sets environment variables for every command of another connection (`environment:`).
/// They are exported by the remote shell, so the connection needs no AcceptEnv.
public final class EnvironmentConnection: Connection {
  let inner: any Connection
  let exports: String

  public init(_ inner: any Connection, environment: [String: String]) {
    self.inner = inner
    self.exports = environment.keys.sorted().map { "export \($0)=\(ShellQuote.quote(environment[$0] ?? ""))" }
      .joined(separator: "; ") + "; "
  }

  public var settings: ConnectionSettings { inner.settings }

  public func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    try await inner.run(exports + command, stdin: stdin, timeout: timeout)
  }

  public func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    try await inner.upload(bytes, to: path, mode: mode)
  }

  public func download(_ path: String) async throws(ConnectionError) -> [UInt8] { try await inner.download(path) }

  public func close() async {}
}
