import Glibc
import Synchronization

/// Ends every SSH wait of the process at once, for Ctrl-C: each `poll()` also watches the
/// read end of a pipe that `trigger()` writes to, so a command that would run for minutes
/// stops now instead of after its deadline.
package enum Interruption {
  private static let pipeEnds: (read: Int32, write: Int32) = {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return (-1, -1) }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, O_NONBLOCK)
    }
    return (ends[0], ends[1])
  }()
  private static let triggered = Atomic<Bool>(false)

  /// Watched by every wait; readable once the run is interrupted.
  static var descriptor: Int32 { pipeEnds.read }

  /// Async-signal-safe after the first use of `descriptor` (one write).
  package static func trigger() {
    guard !triggered.exchange(true, ordering: .relaxed) else { return }
    var byte: UInt8 = 1
    _ = write(pipeEnds.write, &byte, 1)
  }

  package static var isTriggered: Bool { triggered.load(ordering: .relaxed) }
}
