import Foundation

/// A real sshd started by a test, configured as lab1 but on a free port of its own and
/// without the SFTP subsystem (as hardened servers are set up). Runs as root, as sshd
/// must to log users in; `stop()` ends it.
final class NoSFTPServer {
  let address = "127.0.0.2"
  let port: Int
  let folder: String
  var knownHosts: String { folder + "/known_hosts" }
  var log: String { folder + "/sshd.log" }

  init() throws {
    folder = try Lab.scratch()
    port = try Self.freePort(on: address)
    let lab = Lab.dir + "/hosts/lab1/sshd_config"
    let config = try String(contentsOfFile: lab, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("Subsystem") && !$0.hasPrefix("PidFile") && !$0.hasPrefix("ListenAddress") }
      .joined(separator: "\n") + "\nListenAddress \(address):\(port)\nPidFile \(folder)/sshd.pid\n"
    try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
    // The lab's host keys, so its known_hosts lines serve under this port.
    let known = try String(contentsOfFile: Lab.knownHosts, encoding: .utf8).split(separator: "\n")
      .filter { $0.hasPrefix("[\(address)]:\(Lab.port) ") }
      .map { "[\(address)]:\(port) " + $0.split(separator: " ", maxSplits: 1)[1] }
    try (known.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
    // sshd daemonizes itself (no -D): a long-lived child of the test process would
    // stall Foundation's reaping of the swiftplay runs the test starts after it.
    let started = try Lab.run(["/usr/sbin/sshd", "-f", folder + "/sshd_config", "-E", log])
    guard started.code == 0 else { throw Lab.LabError(message: "the test sshd did not start: \(started.stderr)") }
    for _ in 0..<100 {
      if Self.accepts(address, port) { return }
      usleep(50_000)
    }
    stop()
    throw Lab.LabError(message: "the test sshd does not answer: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
  }

  /// Ends the listener (by its pid file); sessions still open end with their clients.
  func stop() {
    guard let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8),
      let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
    kill(pid, SIGTERM)
  }

  /// A port nothing listens on now: the kernel picks one for a socket bound to port 0.
  static func freePort(on address: String) throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = 0
    inet_pton(AF_INET, address, &socketAddress.sin_addr)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard bound else { throw Lab.LabError(message: "no free port on \(address)") }
    return Int(UInt16(bigEndian: socketAddress.sin_port))
  }

  /// True once something accepts TCP connections at `address`:`port`.
  static func accepts(_ address: String, _ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, address, &socketAddress.sin_addr)
    return withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }
}
