import Glibc

/// A point on the monotonic clock after which an operation gives up; `.never` waits forever.
package struct Deadline: Sendable {
  /// Nanoseconds on CLOCK_MONOTONIC, or nil for no deadline.
  package let nanoseconds: UInt64?
  /// The span the deadline was made with, for error messages.
  package let seconds: Double

  package static let never = Deadline(nanoseconds: nil, seconds: 0)

  package static func after(seconds: Double?) -> Deadline {
    // Beyond about thirty years is the same as never, and keeps the arithmetic in range.
    guard let seconds, seconds.isFinite, seconds < 1e9 else { return .never }
    return Deadline(nanoseconds: monotonicNanoseconds() + UInt64(max(0, seconds) * 1e9), seconds: seconds)
  }

  /// Milliseconds left, capped to `cap`, for poll(); -1 means wait without limit.
  package func pollTimeout(cap: Int32? = nil) -> Int32 {
    guard let nanoseconds else { return cap ?? -1 }
    let now = monotonicNanoseconds()
    let left = nanoseconds > now ? Int64((nanoseconds - now) / 1_000_000) + 1 : 0
    return Int32(min(left, Int64(cap ?? Int32.max)))
  }

  package var hasPassed: Bool {
    guard let nanoseconds else { return false }
    return monotonicNanoseconds() >= nanoseconds
  }
}

package func monotonicNanoseconds() -> UInt64 {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
