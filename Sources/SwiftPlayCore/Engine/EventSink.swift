import Synchronization

/// Hands events to the callback one at a time, whichever host's task sends them, so
/// output never interleaves and callbacks need no locks of their own.
final class EventSink: Sendable {
  private let callback: Mutex<any PlaybookCallback>

  init(_ callback: any PlaybookCallback) { self.callback = Mutex(callback) }

  func send(_ event: (any PlaybookCallback) -> Void) {
    callback.withLock { event($0) }
  }
}
