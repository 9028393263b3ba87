import Glibc
import LocalProcess

/// Opens a non-blocking TCP connection within a deadline, trying each resolved address.
enum TCPSocket {
  static func connect(host: String, port: Int, deadline: Deadline) throws -> Int32 {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, let first = list else {
      throw SSHError.connect(host: host, port: port, reason: String(cString: gai_strerror(status)))
    }
    defer { freeaddrinfo(list) }

    var lastReason = "no address"
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let info = entry {
      entry = info.pointee.ai_next
      // Close-on-exec from birth: a program another thread starts must not inherit it.
      let type = info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
      let fd = socket(info.pointee.ai_family, type, info.pointee.ai_protocol)
      if fd < 0 { lastReason = String(cString: strerror(errno)); continue }
      // Commands are small request/response exchanges: Nagle's delay would dominate them.
      var one: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
      setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))

      if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
      if errno != EINPROGRESS {
        lastReason = String(cString: strerror(errno))
        close(fd)
        continue
      }
      var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
      let ready = poll(&pfd, 1, deadline.pollTimeout())
      if ready == 0 {
        close(fd)
        throw SSHError.timeout(operation: "connecting to \(host) port \(port)", seconds: deadline.seconds)
      }
      var soError: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
      if ready > 0 && soError == 0 { return fd }
      lastReason = String(cString: strerror(soError != 0 ? soError : errno))
      close(fd)
    }
    throw SSHError.connect(host: host, port: port, reason: lastReason)
  }
}
