import Foundation
import ValueModel

/// The json stdout callback (`ANSIBLE_STDOUT_CALLBACK=json`): nothing while the run goes,
/// then one document with every play, task and host result and the stats, in the shape
/// of Ansible's, so tools written against that document read ours.
package final class JSONCallback: PlaybookCallback, @unchecked Sendable {
  let display: Display
  /// The time stamps of `duration`; a test passes a fixed clock.
  let now: @Sendable () -> Date
  private let lock = NSLock()
  private var plays: [Play] = []

  struct Play {
    var header: ValueDict
    var start: Date
    var end: Date?
    var tasks: [TaskEntry] = []
  }

  struct TaskEntry {
    var header: ValueDict
    var start: Date
    var end: Date?
    var hosts: ValueDict = [:]
  }

  package init(display: Display, now: @escaping @Sendable () -> Date = { Date() }) {
    self.display = display
    self.now = now
  }

  package func playbookStarted(_ path: String) {}

  package func playStarted(_ play: PlayEvent) {
    var header: ValueDict = ["id": .string(play.id), "name": .string(play.name)]
    if let location = play.location { header["path"] = .string("\(location.file):\(location.line)") }
    let start = now()
    locked { plays.append(Play(header: header, start: start)) }
  }

  package func taskStarted(_ task: TaskEvent) {
    var header: ValueDict = ["id": .string(task.id), "name": .string(task.name)]
    if let location = task.location { header["path"] = .string("\(location.file):\(location.line)") }
    let start = now()
    locked {
      guard !plays.isEmpty else { return }
      // The free strategy starts a task once per host: keep one entry.
      if plays[plays.count - 1].tasks.last?.header["id"] == .string(task.id) { return }
      plays[plays.count - 1].tasks.append(TaskEntry(header: header, start: start))
    }
  }

  package func hostStarted(_ host: String, task: TaskEvent) {}

  package func itemFinished(_ result: HostTaskResult, task: TaskEvent) {}

  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {
    let entry = Self.hostEntry(result, action: task.action)
    let end = now()
    locked {
      guard !plays.isEmpty, let index = plays[plays.count - 1].tasks.lastIndex(where: { $0.header["id"] == .string(task.id) })
      else { return }
      plays[plays.count - 1].tasks[index].hosts[result.host] = entry
      plays[plays.count - 1].tasks[index].end = end
      plays[plays.count - 1].end = end
    }
  }

  package func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {}

  package func includeFinished(_ result: HostTaskResult, task: TaskEvent) { hostFinished(result, task: task) }

  package func noHostsMatched(_ play: PlayEvent) {}

  package func noMoreHosts() {}

  package func warning(_ message: String) { display.warning(message) }

  package func playbookFinished(_ recap: Recap, interrupted: Bool) {
    let document = locked { () -> Value in
      var stats: ValueDict = [:]
      for (host, counts) in recap.hosts {
        stats[host] = .dict([
          "changed": .int(counts.changed), "failures": .int(counts.failed), "ignored": .int(counts.ignored),
          "ok": .int(counts.ok), "rescued": .int(counts.rescued), "skipped": .int(counts.skipped),
          "unreachable": .int(counts.unreachable),
        ])
      }
      return .dict([
        "custom_stats": .dict([:]), "global_custom_stats": .dict([:]),
        "plays": .list(plays.map(Self.json)), "stats": .dict(stats),
      ])
    }
    display.out(JSON.dump(document, indent: 4))
  }

  /// A host's result as the json callback keeps it: the registered result without its
  /// status keys (Ansible's callbacks get `failed` and `skipped` from the event, and the
  /// json callback writes them back only when true), the action, and Ansible's
  /// `_ansible_no_log`/`_ansible_verbose_always` flags.
  static func hostEntry(_ result: HostTaskResult, action: String) -> Value {
    var entry = result.noLog ? ResultDisplay.censored(result.result) : result.result
    let isLoop: Bool
    if case .list = result.result["results"] { isLoop = true } else { isLoop = false }
    entry["failed"] = nil
    entry["skipped"] = nil
    entry["action"] = .string(action)
    entry["changed"] = entry["changed"] ?? .bool(result.status == .changed)
    switch result.status {
    case .failed: entry["failed"] = .bool(true)
    case .skipped: entry["skipped"] = .bool(true)
    case .unreachable: entry["unreachable"] = .bool(true)
    case .ok, .changed: break
    }
    if isLoop {
      entry["results"] = .list(loopItems(result.result["results"], result: result, action: action))
      // A censored loop says so at the top, as each of its items does.
      if result.noLog { entry["_ansible_no_log"] = .bool(true) }
    } else {
      entry["_ansible_no_log"] = .bool(result.noLog)
    }
    if result.isForDisplay && !result.noLog { entry["_ansible_verbose_always"] = .bool(true) }
    return .dict(entry)
  }

  /// Each item's result, with its own status keys (only the loop's are taken off), and
  /// the flags Ansible's callback sees on it: its label (`loop_control.label` rendered,
  /// or the item), `_ansible_no_log` and, for a debug item that ran,
  /// `_ansible_verbose_always`.
  private static func loopItems(_ results: Value?, result: HostTaskResult, action: String) -> [Value] {
    guard case let .list(items)? = results else { return [] }
    // The aggregate is not shown as debug output; each debug item that ran is.
    let shown = (result.isForDisplay || Keywords.shortName(action) == "debug") && !result.noLog
    return items.enumerated().map { index, item in
      guard case var .dict(members) = item else { return item }
      // Censored items keep their shape (so a reader still sees a loop) and no label.
      if result.noLog {
        var censored = ResultDisplay.censored(members)
        censored["_ansible_no_log"] = .bool(true)
        return .dict(censored)
      }
      if index < result.itemLabels.count {
        members["_ansible_item_label"] = result.itemLabels[index]
      } else if let loopVar = members["ansible_loop_var"]?.plainText, let value = members[loopVar] {
        members["_ansible_item_label"] = value
      }
      members["_ansible_no_log"] = .bool(result.noLog)
      if shown && members["skipped"] != .bool(true) { members["_ansible_verbose_always"] = .bool(true) }
      return .dict(members)
    }
  }

  static func json(_ play: Play) -> Value {
    var header = play.header
    header["duration"] = duration(play.start, play.end)
    return .dict([
      "play": .dict(header),
      "tasks": .list(play.tasks.map { task in
        var header = task.header
        header["duration"] = duration(task.start, task.end)
        return .dict(["hosts": .dict(task.hosts), "task": .dict(header)])
      }),
    ])
  }

  static func duration(_ start: Date, _ end: Date?) -> Value {
    var value: ValueDict = ["start": .string(timestamp(start))]
    if let end { value["end"] = .string(timestamp(end)) }
    return .dict(value)
  }

  /// `2026-11-29T15:35:10.925652Z`: UTC with microseconds, as Python's isoformat + Z
  /// (which leaves the fraction out when it is zero).
  static func timestamp(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    var whole = floor(seconds)
    var micros = Int(((seconds - whole) * 1_000_000).rounded())
    if micros == 1_000_000 { whole += 1; micros = 0 }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
    func pad(_ number: Int?, _ width: Int) -> String {
      let text = String(number ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))\(micros == 0 ? "" : "." + pad(micros, 6))Z"
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
