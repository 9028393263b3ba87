import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

/// The json, profile, grouped and live-line callbacks.
extension PlaybookCallbackTests {
  /// A clock that moves one second per reading, for durations a test can predict.
  final class Ticker: @unchecked Sendable {
    var time: Date
    let step: Double
    let lock = NSLock()
    init(start: Date = Date(timeIntervalSince1970: 1_800_000_000), step: Double = 1) {
      time = start
      self.step = step
    }
    func next() -> Date { lock.withLock { time = time.addingTimeInterval(step); return time } }
  }

  /// The document's shape and every result as Ansible's json callback wrote them; only
  /// the time stamps differ, so `duration` is compared for its keys.
  @Test func jsonDocumentMatchesAnsible() throws {
    let lines = Lines()
    let ticker = Ticker()
    let callback = JSONCallback(display: Display(colors: false, sink: lines.sink()), now: { ticker.next() })
    try CallbackReplay.replay("json", into: callback)
    let output = try CallbackReplay.parse(lines.stdout)
    let expected = try CallbackReplay.parse(try CallbackReplay.fixture("json.stdout"))
    let got = JSON.dump(Self.withoutTimes(output), indent: 4)
    let want = JSON.dump(Self.withoutTimes(expected), indent: 4)
    #expect(got == want)
    if got != want { reportFirstDifference(got, want) }
    #expect(lines.stdout.hasPrefix("{\n    \"custom_stats\": {},\n    \"global_custom_stats\": {},\n    \"plays\": [\n"))
  }

  static func withoutTimes(_ value: Value) -> Value {
    switch value {
    case let .dict(members):
      var out: ValueDict = [:]
      for (key, member) in members {
        if key == "duration", case let .dict(times) = member {
          out[key] = .dict(times.mapValues { _ in .string("time") })
        } else {
          out[key] = withoutTimes(member)
        }
      }
      return .dict(out)
    case let .list(items): return .list(items.map(withoutTimes))
    default: return value
    }
  }

  @Test func jsonTimestamps() {
    #expect(JSONCallback.timestamp(Date(timeIntervalSince1970: 1_800_000_000.25)) == "2027-01-15T08:00:00.250000Z")
    #expect(JSONCallback.timestamp(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15T08:00:00Z")
  }

  /// The layout of profile_tasks' lines, measured on its output: stamp lines and the
  /// summary are 80 columns wide when stdout is no terminal.
  @Test func profileOutput() throws {
    let lines = Lines()
    let ticker = Ticker(step: 0.5)
    let display = Display(colors: false, sink: lines.sink())
    let profile = ProfileCallback(display: display, now: { ticker.next() }, timeZone: TimeZone(identifier: "UTC") ?? .current)
    let group = CallbackGroup([DefaultCallback(display: display), profile])
    group.playbookStarted("site.yml")
    group.playStarted(PlayEvent(name: "p", hosts: ["h"], checkMode: false, id: "p1"))
    for (index, name) in ["first", "second"].enumerated() {
      let task = TaskEvent(name: name, action: "command", id: "t\(index)")
      group.taskStarted(task)
      group.hostFinished(HostTaskResult(host: "h", status: .ok, result: ["changed": false]), task: task)
    }
    var stats = HostStats()
    stats.ok = 2
    group.playbookFinished(Recap(hosts: ["h": stats]), interrupted: false)
    let text = lines.stdout
    #expect(text.contains("\nTASK [first] ****"))
    #expect(text.contains("Friday 15 January 2027  08:00:01 +0000 (0:00:00.500)       0:00:00.500 ******** \nok: [h]\n"))
    #expect(text.contains("\n\n\nTASKS RECAP ****"))
    #expect(text.contains("\n" + String(repeating: "=", count: 79) + " \nfirst " + String(repeating: "-", count: 67) + " 0.50s\n"))
    #expect(ProfileCallback.row("sleep a bit", seconds: 5.338, columns: 79) == "sleep a bit " + String(repeating: "-", count: 61) + " 5.34s")
    #expect(ProfileCallback.row(String(repeating: "x", count: 96), seconds: 2.93, columns: 79).hasSuffix("x --- 2.93s"))
    #expect(ProfileCallback.elapsed(5.3389) == "0:00:05.338")
    #expect(ProfileCallback.elapsed(3725.5) == "1:02:05.500")
  }

  @Test func groupSendsWarningsOnce() {
    let lines = Lines()
    let display = Display(colors: false, sink: lines.sink())
    let group = CallbackGroup([DefaultCallback(display: display), DefaultCallback(display: display)])
    group.warning("careful")
    #expect(lines.stderr == "[WARNING]: careful\n")
  }

  @Test func liveLineText() {
    #expect(LiveLine.text(task: "t", running: ["h1"], elapsed: 2, delay: 3, columns: 79) == nil)
    #expect(LiveLine.text(task: "t", running: [], elapsed: 9, delay: 3, columns: 79) == nil)
    #expect(LiveLine.text(task: "t", running: ["h1", "h2"], elapsed: 4.7, delay: 3, columns: 79) == "[t] still running on h1, h2 (4s)")
    #expect(LiveLine.text(task: String(repeating: "n", count: 100), running: ["h"], elapsed: 4, delay: 3, columns: 40)?.count == 40)
  }

  /// The line is drawn in place, erased before the next output line, and gone at the end.
  /// The clock is handed to `tick` rather than slept through: a timer on a loaded CI
  /// machine may not fire inside any window a sleep could allow.
  @Test func liveLineErasesBeforeOutput() throws {
    let lines = Lines()
    let display = Display(colors: false, sink: lines.sink())
    let callback = DefaultCallback(display: display, options: .init(liveLine: true))
    let task = TaskEvent(name: "slow", action: "command", id: "t1")
    callback.taskStarted(task)
    callback.hostStarted("h1", task: task)
    try #require(callback.live).tick(now: Date().addingTimeInterval(3.7))
    callback.hostFinished(HostTaskResult(host: "h1", status: .ok, result: ["changed": false]), task: task)
    callback.playbookFinished(Recap(), interrupted: false)
    let text = lines.stdout
    #expect(text.contains("\r\u{1B}[K[slow] still running on h1 (3s)\r\u{1B}[K"))
    #expect(text.contains("\r\u{1B}[Kok: [h1]\n"))
    #expect(!text.contains("still running on h1 (3s)ok"))
  }
}
