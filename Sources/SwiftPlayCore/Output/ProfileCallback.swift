import Foundation

/// `--profile`, like Ansible's profile_tasks: a time stamp under each task banner, and
/// after the recap the slowest tasks, so a slow playbook shows where its time goes. A
/// task's time is wall time from its start to the next task's, as profile_tasks counts.
/// Meant to run after a `DefaultCallback` in a `CallbackGroup`.
package final class ProfileCallback: PlaybookCallback, @unchecked Sendable {
  let display: Display
  let columns: Int
  /// How many tasks the summary lists.
  let limit: Int
  let now: @Sendable () -> Date
  let timeZone: TimeZone
  private let lock = NSLock()
  private var firstStamp: Date?
  private var lastStamp: Date?
  private var current: (id: String, name: String, start: Date)?
  private var timings: [(id: String, name: String, seconds: Double)] = []

  package init(
    display: Display, terminalWidth: Int? = nil, limit: Int = 20, now: @escaping @Sendable () -> Date = { Date() },
    timeZone: TimeZone = .current
  ) {
    self.display = display
    self.columns = DefaultCallback.columns(terminalWidth)
    self.limit = limit
    self.now = now
    self.timeZone = timeZone
  }

  package func playbookStarted(_ path: String) {
    let time = now()
    locked {
      firstStamp = time
      lastStamp = time
    }
  }

  package func playStarted(_ play: PlayEvent) {}

  package func taskStarted(_ task: TaskEvent) {
    let time = now()
    let line: String? = locked {
      if current?.id == task.id { return nil }
      finishCurrent(at: time)
      current = (task.id, task.name, time)
      return stampLine(at: time)
    }
    if let line { display.out(line) }
  }

  package func hostStarted(_ host: String, task: TaskEvent) {}
  package func itemFinished(_ result: HostTaskResult, task: TaskEvent) {}
  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {}
  package func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {}
  package func noHostsMatched(_ play: PlayEvent) {}
  package func noMoreHosts() {}
  package func warning(_ message: String) { display.warning(message) }

  package func playbookFinished(_ recap: Recap, interrupted: Bool) {
    let time = now()
    let lines: [String] = locked {
      finishCurrent(at: time)
      var lines = [DefaultCallback.banner("TASKS RECAP", terminalWidth: columns + 1), stampLine(at: time)]
      lines.append(String(repeating: "=", count: columns) + " ")
      let slowest = timings.enumerated().sorted { left, right in
        left.element.seconds != right.element.seconds ? left.element.seconds > right.element.seconds : left.offset < right.offset
      }.prefix(limit)
      for (_, timing) in slowest { lines.append(Self.row(timing.name, seconds: timing.seconds, columns: columns)) }
      return lines
    }
    for line in lines { display.out(line) }
  }

  /// `name ------ 1.23s`, dashes filling the width (at least three).
  static func row(_ name: String, seconds: Double, columns: Int) -> String {
    let time = String(format: "%.2fs", seconds)
    return "\(name) \(String(repeating: "-", count: max(3, columns - DefaultCallback.textWidth(name) - time.count - 2))) \(time)"
  }

  /// `Sunday 29 November 2026  15:36:50 +0000 (0:00:00.075)       0:00:00.075 ******* `.
  func stampLine(at time: Date) -> String {
    let sinceLast = time.timeIntervalSince(lastStamp ?? time)
    let total = time.timeIntervalSince(firstStamp ?? time)
    lastStamp = time
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    formatter.dateFormat = "EEEE dd MMMM yyyy  HH:mm:ss xx"
    let text = "\(formatter.string(from: time)) (\(Self.elapsed(sinceLast)))       \(Self.elapsed(total))"
    return text + " " + String(repeating: "*", count: max(3, columns - text.count - 1)) + " "
  }

  /// `0:00:05.338`: hours, minutes, seconds and milliseconds (cut, not rounded).
  static func elapsed(_ seconds: Double) -> String {
    let millis = Int(max(0, seconds) * 1000)
    let hours = millis / 3_600_000
    let minutes = millis / 60_000 % 60
    let secs = millis / 1000 % 60
    return String(format: "%d:%02d:%02d.%03d", hours, minutes, secs, millis % 1000)
  }

  /// Caller holds the lock.
  private func finishCurrent(at time: Date) {
    guard let current else { return }
    timings.append((current.id, current.name, time.timeIntervalSince(current.start)))
    self.current = nil
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
