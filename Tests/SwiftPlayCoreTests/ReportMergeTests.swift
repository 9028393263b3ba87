import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

/// `swiftplay report merge`: the json reports of the shards of one run, merged, are the
/// report of the unsharded run (time stamps aside).
struct ReportMergeTests {
  final class Capture: @unchecked Sendable {
    var stdout = ""
    let lock = NSLock()
    func sink() -> Display.Sink {
      { line, toStandardError in self.lock.withLock { if !toStandardError { self.stdout += line } } }
    }
  }

  final class Clock: @unchecked Sendable {
    var time: Date
    let lock = NSLock()
    init(_ start: Double) { time = Date(timeIntervalSince1970: start) }
    func next() -> Date { lock.withLock { time = time.addingTimeInterval(0.25); return time } }
  }

  /// One task of the scripted playbook: its outcome on a host, nil where the host does not
  /// run it (it left the play, or a rescue that only failed hosts reach).
  struct Step {
    let id: String
    let outcome: @Sendable (String) -> HostTaskStatus?
  }

  /// Two plays on a1…a6: a3 fails and is rescued, a6 is unreachable, a5 fails for good.
  let plays: [[Step]] = [
    [
      Step(id: "site.yml:4:7") { _ in .ok },
      Step(id: "site.yml:6:7") { host in ["a3": .failed, "a6": .unreachable][host] ?? .changed },
      Step(id: "site.yml:9:11") { host in host == "a3" ? .ok : nil },
      Step(id: "site.yml:12:7") { host in host == "a6" ? nil : host == "a5" ? .failed : .ok },
      Step(id: "site.yml:14:7") { host in ["a5", "a6"].contains(host) ? nil : host == "a1" ? .changed : .skipped },
    ],
    [
      Step(id: "site.yml:20:7") { host in ["a5", "a6"].contains(host) ? nil : .ok },
      Step(id: "site.yml:22:7") { host in ["a5", "a6"].contains(host) ? nil : .skipped },
      // A task run again (a second include of the same file): the n-th run joins the n-th.
      Step(id: "site.yml:20:7") { host in ["a5", "a6"].contains(host) ? nil : .changed },
    ],
  ]

  /// Drives the json callback as the engine drives it for `hosts`, and returns its document.
  func report(_ hosts: [String], start: Double) -> String {
    let capture = Capture()
    let clock = Clock(start)
    let callback = JSONCallback(display: Display(colors: false, sink: capture.sink()), now: { clock.next() })
    var stats: [String: HostStats] = [:]
    for (index, steps) in plays.enumerated() {
      callback.playStarted(PlayEvent(
        name: "play \(index)", hosts: hosts, checkMode: false, id: "play-\(index)",
        location: SourceLocation(file: "site.yml", line: 1 + 18 * index, column: 3)))
      for step in steps {
        let running = hosts.compactMap { host in step.outcome(host).map { (host, $0) } }
        // The engine starts no task that no host of the batch runs.
        guard !running.isEmpty else { continue }
        let task = TaskEvent(name: "task \(step.id)", action: "command", id: step.id)
        callback.taskStarted(task)
        for (host, status) in running {
          callback.hostFinished(
            HostTaskResult(host: host, status: status, result: ["changed": .bool(status == .changed), "stdout": .string(host)]),
            task: task)
          var counts = stats[host] ?? HostStats()
          switch status {
          case .ok: counts.ok += 1
          case .changed: counts.ok += 1; counts.changed += 1
          case .failed where host == "a3": counts.rescued += 1
          case .failed: counts.failed += 1
          case .skipped: counts.skipped += 1
          case .unreachable: counts.unreachable += 1
          }
          stats[host] = counts
        }
      }
    }
    callback.playbookFinished(Recap(hosts: stats), interrupted: false)
    return capture.stdout
  }

  static let hosts = ["a5", "a1", "a6", "a3", "a2", "a4"]

  /// Time stamps differ between runs; everything else must be the same.
  static func withoutTimes(_ value: Value) -> Value {
    switch value {
    case let .dict(members):
      return .dict(ValueDict(uniqueKeysWithValues: members.map { key, member in
        (key, key == "duration" ? .string("time") : withoutTimes(member))
      }))
    case let .list(items): return .list(items.map(withoutTimes))
    default: return value
    }
  }

  @Test(arguments: [1, 2, 3, 4, 6, 8])
  func mergedShardsAreTheUnshardedReport(count: Int) throws {
    let unsharded = try JSON.decode(report(Self.hosts, start: 1_800_000_000))
    var reports: [JSONReportMerge.Report] = []
    for index in 1...count {
      let hosts = try InventoryShard(index: index, count: count).hosts(of: Self.hosts)
      let text = report(hosts, start: 1_800_000_000 + Double(index) * 7)
      reports.append(try JSONReportMerge.read(file: "shard-\(index).json", text: text))
    }
    let merged = try JSONReportMerge.merge(reports.reversed())
    let got = JSON.dump(Self.withoutTimes(merged.document), indent: 4)
    let want = JSON.dump(Self.withoutTimes(unsharded), indent: 4)
    #expect(got == want)
    #expect(merged.warnings.isEmpty)
    #expect(merged.exitCode == 4)
    #expect(merged.recap.hosts["a3"]?.rescued == 1 && merged.recap.hosts["a5"]?.failed == 1)
    #expect(merged.recap.hosts["a1"]?.changed == 3 && merged.recap.hosts.count == 6)
    // Every task, the rescue only shard 3 of 3 ran among them, in the playbook's order.
    var ids: [String] = []
    if case let .dict(top) = merged.document, case let .list(plays)? = top["plays"] {
      for case let .dict(play) in plays {
        guard case let .list(tasks)? = play["tasks"] else { continue }
        for case let .dict(task) in tasks { if case let .dict(header)? = task["task"] { ids.append(header["id"]?.text ?? "") } }
      }
    }
    #expect(ids == ["site.yml:4:7", "site.yml:6:7", "site.yml:9:11", "site.yml:12:7", "site.yml:14:7", "site.yml:20:7", "site.yml:22:7", "site.yml:20:7"])
  }

  @Test func durationsSpanEveryShard() throws {
    let early = try JSONReportMerge.read(file: "1.json", text: report(["a1"], start: 1_800_000_000))
    let late = try JSONReportMerge.read(file: "2.json", text: report(["a2"], start: 1_800_000_100))
    let merged = try JSONReportMerge.merge([late, early])
    guard case let .dict(top) = merged.document, case let .list(plays)? = top["plays"], case let .dict(first)? = plays.first,
      case let .dict(play)? = first["play"], case let .dict(duration)? = play["duration"]
    else { Issue.record("no play in \(merged.document)"); return }
    #expect(duration["start"] == .string("2027-01-15T08:00:00.250000Z"))
    #expect(duration["end"]?.text.hasPrefix("2027-01-15T08:01:4") == true)
    #expect(JSONReportMerge.sortable("2027-01-15T08:00:10Z") > JSONReportMerge.sortable("2027-01-15T08:00:09.5Z"))
    #expect(JSONReportMerge.sortable("2027-01-15T08:00:10Z") < JSONReportMerge.sortable("2027-01-15T08:00:10.000001Z"))
  }

  /// Failed hosts exit 2, all well 0, as ansible-playbook.
  @Test func exitCodeIsAnsiblePlaybooks() throws {
    func code(_ stats: String) throws -> Int32 {
      try JSONReportMerge.merge([JSONReportMerge.read(file: "r.json", text: #"{"plays": [], "stats": {"h": \#(stats)}}"#)]).exitCode
    }
    #expect(try code(#"{"ok": 2, "changed": 1, "failures": 0, "unreachable": 0}"#) == 0)
    #expect(try code(#"{"ok": 2, "failures": 1, "unreachable": 0, "rescued": 1}"#) == 2)
    #expect(try code(#"{"ok": 0, "failures": 1, "unreachable": 1}"#) == 4)
    #expect(try code(#"{"ok": 1, "failures": 0, "ignored": 3}"#) == 0)
  }

  /// A play on the implicit localhost runs in every shard: its counts add up, with a warning.
  @Test func aHostInSeveralReportsIsSummedAndTold() throws {
    let one = try JSONReportMerge.read(file: "1.json", text: #"{"plays": [], "stats": {"localhost": {"ok": 2, "failures": 0}, "a": {"ok": 1}}}"#)
    let two = try JSONReportMerge.read(file: "2.json", text: #"{"plays": [], "stats": {"localhost": {"ok": 3, "failures": 1}, "b": {"ok": 1}}}"#)
    let merged = try JSONReportMerge.merge([one, two])
    #expect(merged.recap.hosts["localhost"]?.ok == 5 && merged.recap.hosts["localhost"]?.failed == 1)
    #expect(merged.warnings.count == 1 && merged.warnings[0].hasPrefix("localhost is in 2 reports (1.json, 2.json): its counts are summed"))
  }

  @Test func refusesWhatIsNoReport() {
    let hint = "write each shard's report with `swiftplay --shard I/N --output json PLAYBOOK > FILE`"
    #expect { try JSONReportMerge.read(file: "out.txt", text: "PLAY [all] ****\n") } throws: { error in
      "\(error)".hasPrefix("out.txt is not JSON (") && "\(error)".hasSuffix(hint)
    }
    #expect(throws: ReportMergeError("inv.json is not a json report: it has no 'plays' list and 'stats' mapping at the top; \(hint)")) {
      try JSONReportMerge.read(file: "inv.json", text: #"{"_meta": {"hostvars": {}}, "all": {"children": ["ungrouped"]}}"#)
    }
    #expect(throws: ReportMergeError("cut.json is not a whole json report: task 1 of play 1 has no 'task' and 'hosts' mappings; \(hint)")) {
      try JSONReportMerge.read(file: "cut.json", text: #"{"plays": [{"play": {"name": "p"}, "tasks": [{"task": {"id": "x"}}]}], "stats": {}}"#)
    }
    #expect(throws: ReportMergeError("give the json reports of the shards to merge")) { try JSONReportMerge.merge([]) }
  }

  @Test func refusesReportsOfDifferentPlaybooks() throws {
    let site = try JSONReportMerge.read(file: "site-1.json", text: report(["a1"], start: 1_800_000_000))
    let other = try JSONReportMerge.read(
      file: "other-2.json",
      text: #"{"plays": [{"play": {"id": "play-0", "name": "deploy", "path": "deploy.yml:1"}, "tasks": []}], "stats": {}}"#)
    #expect(throws: ReportMergeError(
      "other-2.json is a report of another playbook than site-1.json: its play 1 is 'deploy' (deploy.yml:1) "
        + "where site-1.json has 'play 0' (site.yml:1); merge only the reports of the shards of one run")) {
      try JSONReportMerge.merge([site, other])
    }
    #expect(throws: ReportMergeError("site-1.json is given twice: give each shard's report once")) {
      try JSONReportMerge.merge([site, site])
    }
  }
}
