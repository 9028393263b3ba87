/// Sets environment variables for every command of another connection (`environment:`).
/// They are exported by the remote shell, so the connection needs no AcceptEnv.
package final class EnvironmentConnection: Connection {
  let inner: any Connection
  let exports: String

  package init(_ inner: any Connection, environment: [String: String]) {
    self.inner = inner
    self.exports = environment.keys.sorted().map { "export \($0)=\(ShellQuote.quote(environment[$0] ?? ""))" }
      .joined(separator: "; ") + "; "
  }

  package var settings: ConnectionSettings { inner.settings }

  package func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    try await inner.run(exports + command, stdin: stdin, timeout: timeout)
  }

  package func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    try await inner.upload(bytes, to: path, mode: mode)
  }

  package func download(_ path: String) async throws(ConnectionError) -> [UInt8] { try await inner.download(path) }

  package func close() async {}
}
