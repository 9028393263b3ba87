import Testing

@testable import SwiftPlayCore

/// The course a host takes through blocks: what runs after a failure, and what Ansible
/// counts for it.
struct HostCursorTests {
  static func task(_ name: String) -> TaskNode {
    var task = PlaybookTask(location: SourceLocation(file: "p.yml", line: 1, column: 1), action: "debug", directory: "/")
    task.name = name
    return .task(task)
  }

  static func block(_ tasks: [String], rescue: [String] = [], always: [String] = []) -> TaskNode {
    .block(Block(
      location: SourceLocation(file: "p.yml", line: 1, column: 1), tasks: tasks.map(task), rescue: rescue.map(task),
      always: always.map(task)))
  }

  /// Runs the cursor to the end, failing the tasks named in `failing`.
  static func walk(_ cursor: inout HostCursor, failing: Set<String> = []) -> (ran: [String], outcomes: [HostCursor.FailureOutcome]) {
    var ran: [String] = []
    var outcomes: [HostCursor.FailureOutcome] = []
    while case let .task(task, _) = cursor.next() {
      ran.append(task.name ?? "")
      if failing.contains(task.name ?? "") { outcomes.append(cursor.fail()) }
    }
    return (ran, outcomes)
  }

  @Test func sectionsRunInOrder() {
    var cursor = HostCursor(sections: [[Self.task("a")], [Self.task("b"), Self.task("c")]])
    #expect(Self.walk(&cursor).ran == ["a", "b", "c"])
  }

  @Test func rescueCatchesAndAlwaysRuns() {
    var cursor = HostCursor(sections: [[Self.block(["a", "b"], rescue: ["r"], always: ["z"]), Self.task("after")]])
    let walked = Self.walk(&cursor, failing: ["a"])
    #expect(walked.ran == ["a", "r", "z", "after"])
    #expect(walked.outcomes == [.rescued])
    #expect(!cursor.failed)
  }

  @Test func alwaysRunsThenTheFailureEndsTheHost() {
    var cursor = HostCursor(sections: [[Self.block(["a", "b"], always: ["z"]), Self.task("after")], [Self.task("next section")]])
    let walked = Self.walk(&cursor, failing: ["a"])
    #expect(walked.ran == ["a", "z"])
    #expect(walked.outcomes == [.deferred])
    #expect(cursor.failed)
  }

  @Test func aFailingRescueRunsAlwaysAndFails() {
    var cursor = HostCursor(sections: [[Self.block(["a"], rescue: ["r1", "r2"], always: ["z"]), Self.task("after")]])
    let walked = Self.walk(&cursor, failing: ["a", "r1"])
    #expect(walked.ran == ["a", "r1", "z"])
    #expect(walked.outcomes == [.rescued, .deferred])
    #expect(cursor.failed)
  }

  @Test func anOuterRescueCatchesAnInnerFailure() {
    let inner = Self.block(["a", "b"], always: ["inner always"])
    let outer = TaskNode.block(Block(
      location: SourceLocation(file: "p.yml", line: 1, column: 1), tasks: [inner, Self.task("skipped")],
      rescue: [Self.task("r")]))
    var cursor = HostCursor(sections: [[outer, Self.task("after")]])
    let walked = Self.walk(&cursor, failing: ["a"])
    #expect(walked.ran == ["a", "inner always", "r", "after"])
    #expect(!cursor.failed)
  }

  @Test func includedTasksRunNextAndSortBetweenTheirNeighbours() {
    var cursor = HostCursor(sections: [[Self.task("include"), Self.task("after")]])
    guard case let .task(_, key) = cursor.next() else { Issue.record("no task"); return }
    cursor.insert([Self.task("i1"), Self.task("i2")], key: key + [0])
    var keys: [[Int]] = [key]
    var ran: [String] = []
    while case let .task(task, next) = cursor.next() {
      ran.append(task.name ?? "")
      keys.append(next)
    }
    #expect(ran == ["i1", "i2", "after"])
    #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
  }

  @Test func tagSelectionFollowsAnsiblesSpecialTags() {
    let all = TagSelection(only: [], skip: [])
    #expect(all.selects([]))
    #expect(all.selects(["web"]))
    #expect(!all.selects(["never"]))
    #expect(all.selects(["always"]))
    let web = TagSelection(only: ["web"], skip: [])
    #expect(web.selects(["web", "db"]))
    #expect(!web.selects(["db"]))
    #expect(web.selects(["always"]))
    #expect(web.selects(["never", "web"]))
    let skipAlways = TagSelection(only: ["web"], skip: ["always"])
    #expect(!skipAlways.selects(["always"]))
    #expect(TagSelection(only: ["tagged"], skip: []).selects(["x"]))
    #expect(!TagSelection(only: ["untagged"], skip: []).selects(["x"]))
  }

  @Test func serialSplitsHostsIntoBatches() {
    let hosts = (1...10).map { "h\($0)" }
    #expect(PlaybookRunner.batches(hosts, serial: []).map(\.count) == [10])
    #expect(PlaybookRunner.batches(hosts, serial: [3]).map(\.count) == [3, 3, 3, 1])
    #expect(PlaybookRunner.batches(hosts, serial: ["30%"]).map(\.count) == [3, 3, 3, 1])
    #expect(PlaybookRunner.batches(hosts, serial: [1, "50%"]).map(\.count) == [1, 5, 4])
  }
}
