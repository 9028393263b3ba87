import Foundation
import Glibc
import Testing

@testable import SSH

/// The deadlines that keep a dead or silent peer from hanging a run, against real sockets.
struct DeadlineTests {
  /// A TCP listener on loopback that accepts connections and never says a word.
  final class SilentServer {
    let fd: Int32
    let port: Int

    /// `backlog` 0 and a queue filled by `fill` idle clients makes the kernel drop further
    /// SYNs, which is how a host behind a dropping firewall looks.
    init(backlog: Int32 = 8) throws {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = 0
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
      }
      try #require(bound == 0 && listen(fd, backlog) == 0)
      _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
      }
      self.fd = fd
      port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
  }

  @Test func silentServerTimesOutTheHandshake() throws {
    let server = try SilentServer()
    #expect {
      _ = try Session(host: "127.0.0.1", port: server.port, timeout: 1)
    } throws: { error in
      guard case let SSHError.timeout(operation, seconds)? = error as? SSHError else { return false }
      return operation.contains("handshake") && seconds == 1
    }
  }

  @Test func droppedSynTimesOutTheConnect() throws {
    let server = try SilentServer(backlog: 0)
    // Fill the accept queue so the kernel drops the next SYN instead of answering it.
    var fillers: [Int32] = []
    defer { fillers.forEach { close($0) } }
    for _ in 0..<4 {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = in_port_t(UInt16(server.port).bigEndian)
      _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      fillers.append(fd)
    }
    usleep(200_000)
    #expect {
      _ = try Session(host: "127.0.0.1", port: server.port, timeout: 1)
    } throws: { error in
      guard case let SSHError.timeout(operation, _)? = error as? SSHError else { return false }
      return operation.hasPrefix("connecting to 127.0.0.1")
    }
  }

  @Test func refusedConnectionSaysSo() throws {
    // Bind then close a port so nothing listens on it.
    let port = try SilentServer().port
    #expect {
      _ = try Session(host: "127.0.0.1", port: port, timeout: 5)
    } throws: { error in
      (error as? SSHError)?.description == "connect to host 127.0.0.1 port \(port): Connection refused"
    }
  }

  @Test func unresolvableNameSaysSo() {
    #expect {
      _ = try Session(host: "no-such-host.invalid", port: 22, timeout: 5)
    } throws: { error in
      guard case .connect? = error as? SSHError else { return false }
      return true
    }
  }
}
