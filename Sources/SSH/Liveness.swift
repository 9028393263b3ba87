internal import CLibSSH2

/// Whether a host that has gone quiet is gone, judged on what its TCP connection shows
/// rather than on our own wake-ups.
///
/// Counting poll timeouts without readable data (what this replaced) marked healthy hosts
/// unreachable under load: libssh2 often reads a keepalive's answer inside a channel read,
/// before the next poll can see it, and a write blocked on a slow host's full TCP window
/// never polls for input at all. So any payload the kernel received from the host, or,
/// while a write is blocked, any of ours it acknowledged, counts as a sign of life; and
/// silence is the time spent actually waiting on the host, never time this thread spent
/// elsewhere (busy with other output, or not scheduled on a loaded machine). A host is
/// gone after `countMax + 1` keepalive intervals of such silence, like OpenSSH's
/// ServerAliveCountMax: a frozen sshd (SIGSTOP) sends nothing and, once its receive
/// buffer is full, acknowledges nothing.
struct Liveness {
  var interval: Int32
  var countMax: Int
  /// Nanoseconds waited since the last sign of life.
  private(set) var silence: UInt64 = 0
  private var received: Int64 = -1
  private var acked: Int64 = -1

  init(interval: Int32, countMax: Int) {
    self.interval = interval
    self.countMax = countMax
  }

  /// Data was readable: the host is there.
  mutating func heard() { silence = 0 }

  /// Accounts a wait of `waited` nanoseconds that ended with nothing readable, given the
  /// connection's counters now (-1 when the kernel does not tell). True when the host is
  /// to be given up.
  mutating func quietWait(waited: UInt64, received: Int64, acked: Int64, writing: Bool) -> Bool {
    let gotPayload = received >= 0 && self.received >= 0 && received > self.received
    let drained = writing && acked >= 0 && self.acked >= 0 && acked > self.acked
    (self.received, self.acked) = (received, acked)
    if gotPayload || drained {
      silence = 0
      return false
    }
    silence += waited
    guard interval > 0 else { return false }
    return silence >= UInt64(interval) * 1_000_000_000 * UInt64(countMax + 1)
  }

  /// The kernel's counters for TCP socket `fd`: payload bytes received from the host, and
  /// bytes of ours it acknowledged; -1 each when the kernel does not say.
  static func counters(socket fd: Int32) -> (received: Int64, acked: Int64) {
    (Int64(shim_tcp_bytes_received(fd)), Int64(shim_tcp_bytes_acked(fd)))
  }
}
