import Synchronization
import ValueModel

/// One open connection per host and way of connecting, kept for the whole run so 20 tasks
/// on a host cost one SSH handshake.
final class ConnectionPool: Sendable {
  private let factory: ConnectionFactory
  private let connections = Mutex<[String: any Connection]>([:])

  init(factory: ConnectionFactory) { self.factory = factory }

  func connection(for host: String, vars: ValueDict) throws(ConnectionError) -> any Connection {
    let key = [host, "ansible_host", "ansible_port", "ansible_user", "ansible_connection", "ansible_ssh_private_key_file"]
      .map { vars[$0]?.plainText ?? $0 }.joined(separator: "|")
    if let open = connections.withLock({ $0[key] }) { return open }
    let created = try factory.connection(for: host, vars: vars)
    return connections.withLock { open in
      if let existing = open[key] { return existing }
      open[key] = created
      return created
    }
  }

  func closeAll() async {
    let all = connections.withLock { open in
      defer { open.removeAll() }
      return Array(open.values)
    }
    await withTaskGroup(of: Void.self) { group in
      for connection in all { group.addTask { await connection.close() } }
    }
  }
}
