import Foundation

/// A status line at the bottom of a terminal while a task runs long: which task, which
/// hosts are still at it, for how long. A silent terminal for minutes looks like a hang;
/// this says what is being waited for. It is redrawn in place (`\r`, clear to end of
/// line) and erased before any other output, under one lock so lines never mix.
package final class LiveLine: @unchecked Sendable {
  let display: Display
  let columns: Int
  /// Seconds a task runs before the line appears.
  let delay: Double
  let interval: Duration
  private let lock = NSLock()
  private var task = ""
  private var running: [String] = []
  private var startedAt = Date()
  private var drawn = false
  private var timer: Task<Void, Never>?

  package init(display: Display, columns: Int, delay: Double = 3, interval: Duration = .milliseconds(500)) {
    self.display = display
    self.columns = columns
    self.delay = delay
    self.interval = interval
  }

  deinit { timer?.cancel() }

  /// A new task: its clock starts now and the timer runs until `stop()`.
  package func begin(_ name: String) {
    lock.lock()
    defer { lock.unlock() }
    task = name
    running = []
    startedAt = Date()
    if timer == nil {
      let interval = interval
      timer = Task.detached { [weak self] in
        while !Task.isCancelled {
          try? await Task.sleep(for: interval)
          guard !Task.isCancelled, let self else { return }
          self.tick(now: Date())
        }
      }
    }
  }

  package func hostStarted(_ host: String) {
    lock.lock()
    defer { lock.unlock() }
    if !running.contains(host) { running.append(host) }
  }

  package func hostFinished(_ host: String) {
    lock.lock()
    defer { lock.unlock() }
    running.removeAll { $0 == host }
    if running.isEmpty { erase() }
  }

  /// Runs `body` (which prints) with the line erased and the timer held off.
  package func interrupt(_ body: () -> Void) {
    lock.lock()
    defer { lock.unlock() }
    erase()
    body()
  }

  /// Ends the timer and erases the line; the run is over.
  package func stop() {
    lock.lock()
    defer { lock.unlock() }
    timer?.cancel()
    timer = nil
    erase()
  }

  /// Draws the line when the task has run long enough and hosts are still on it.
  func tick(now: Date) {
    lock.lock()
    defer { lock.unlock() }
    guard let text = Self.text(task: task, running: running, elapsed: now.timeIntervalSince(startedAt), delay: delay, columns: columns)
    else { return }
    display.raw("\r\u{1B}[K" + text)
    drawn = true
  }

  /// `[task] still running on h1, h2 (12s)`, cut to the width; nil before the delay.
  static func text(task: String, running: [String], elapsed: Double, delay: Double, columns: Int) -> String? {
    guard elapsed >= delay, !running.isEmpty else { return nil }
    let full = "[\(task)] still running on \(running.joined(separator: ", ")) (\(Int(elapsed))s)"
    guard full.count > columns else { return full }
    return String(full.prefix(max(0, columns - 3))) + "..."
  }

  /// Caller holds the lock.
  private func erase() {
    guard drawn else { return }
    display.raw("\r\u{1B}[K")
    drawn = false
  }
}
