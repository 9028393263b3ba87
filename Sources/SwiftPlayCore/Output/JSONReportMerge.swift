import Foundation
import ValueModel

/// Joins the json callback's reports of the shards of one run (`--shard I/N --output json`)
/// into the document and recap that one unsharded run writes: plays by position, each
/// play's tasks by their id (so a task that no host of one shard reached still takes its
/// place), each task's host results side by side, and `stats` summed per host. The exit
/// code is ansible-playbook's for those stats.
package enum JSONReportMerge {
  /// One report, read and checked.
  package struct Report: Sendable {
    package let file: String
    let plays: [Play]
    let stats: [String: ValueDict]
    let customStats: ValueDict
    let globalCustomStats: ValueDict
  }

  struct Play: Sendable {
    var header: ValueDict
    var tasks: [TaskEntry]
  }

  struct TaskEntry: Sendable {
    var header: ValueDict
    var hosts: ValueDict
    /// swiftplay's task ids are places in the playbook (`file:line:column`, `#n` for
    /// included copies), the same in every shard.
    var id: String { header["id"]?.text ?? header["name"]?.text ?? "" }
  }

  /// The merged document, its recap, and what the reader should know about it.
  package struct Merged: Sendable {
    package let document: Value
    package let recap: Recap
    package let warnings: [String]

    /// ansible-playbook's code for these stats: 4 when a host was unreachable, else 2
    /// when one failed, else 0.
    package var exitCode: Int32 {
      if recap.hosts.values.contains(where: { $0.unreachable > 0 }) { return 4 }
      if recap.hosts.values.contains(where: { $0.failed > 0 }) { return 2 }
      return 0
    }
  }

  /// Reads one report; an error names `file` and says what a report is.
  package static func read(file: String, text: String) throws(ReportMergeError) -> Report {
    let value: Value
    do { value = try JSON.decode(text) } catch {
      throw ReportMergeError("\(file) is not JSON (\(error)): \(ReportMergeError.howToWrite)")
    }
    guard case let .dict(top) = value, case let .list(plays)? = top["plays"], case let .dict(stats)? = top["stats"] else {
      throw ReportMergeError(
        "\(file) is not a json report: it has no 'plays' list and 'stats' mapping at the top; \(ReportMergeError.howToWrite)")
    }
    func broken(_ what: String) -> ReportMergeError {
      ReportMergeError("\(file) is not a whole json report: \(what); \(ReportMergeError.howToWrite)")
    }
    var parsed: [Play] = []
    for (number, play) in plays.enumerated() {
      guard case let .dict(members) = play, case let .dict(header)? = members["play"], case let .list(tasks)? = members["tasks"]
      else { throw broken("play \(number + 1) has no 'play' mapping and 'tasks' list") }
      var entries: [TaskEntry] = []
      for (taskNumber, task) in tasks.enumerated() {
        guard case let .dict(fields) = task, case let .dict(taskHeader)? = fields["task"], case let .dict(hosts)? = fields["hosts"]
        else { throw broken("task \(taskNumber + 1) of play \(number + 1) has no 'task' and 'hosts' mappings") }
        entries.append(TaskEntry(header: taskHeader, hosts: hosts))
      }
      parsed.append(Play(header: header, tasks: entries))
    }
    var counts: [String: ValueDict] = [:]
    for (host, entry) in stats {
      guard case let .dict(fields) = entry else { throw broken("the stats of \(host) are not a mapping") }
      counts[host] = fields
    }
    return Report(
      file: file, plays: parsed, stats: counts, customStats: mapping(top["custom_stats"]),
      globalCustomStats: mapping(top["global_custom_stats"]))
  }

  /// Merges the reports, in the order given (the first report's play and task headers win).
  package static func merge(_ reports: [Report]) throws(ReportMergeError) -> Merged {
    guard !reports.isEmpty else { throw ReportMergeError("give the json reports of the shards to merge") }
    try checkOnePlaybook(reports)
    var plays: [Value] = []
    for index in 0..<(reports.map(\.plays.count).max() ?? 0) {
      let shards = reports.compactMap { $0.plays.indices.contains(index) ? $0.plays[index] : nil }
      plays.append(json(mergePlay(shards)))
    }
    var stats: [String: ValueDict] = [:]
    var reportsOfHost: [String: [String]] = [:]
    var custom: ValueDict = [:]
    var global: ValueDict = [:]
    for report in reports {
      for (host, fields) in report.stats {
        reportsOfHost[host, default: []].append(report.file)
        stats[host] = sum(stats[host] ?? [:], fields)
      }
      custom.merge(report.customStats) { old, new in .dict(mapping(old).merging(mapping(new)) { first, _ in first }) }
      global.merge(report.globalCustomStats) { first, _ in first }
    }
    let warnings = reportsOfHost.keys.sorted().compactMap { host -> String? in
      guard let files = reportsOfHost[host], files.count > 1 else { return nil }
      return "\(host) is in \(files.count) reports (\(files.joined(separator: ", "))): its counts are summed. "
        + "A play on the implicit localhost, or on hosts add_host made, runs once in every shard; "
        + "otherwise a report was given twice or comes from another run"
    }
    let document = Value.dict([
      "custom_stats": .dict(custom), "global_custom_stats": .dict(global), "plays": .list(plays),
      "stats": .dict(ValueDict(sortingKeys: stats.mapValues { .dict($0) })),
    ])
    return Merged(document: document, recap: Recap(hosts: stats.mapValues(hostStats)), warnings: warnings)
  }

  /// Reports of different playbooks (or of no shards of one run) never merge: at each
  /// position the plays must be the same play.
  static func checkOnePlaybook(_ reports: [Report]) throws(ReportMergeError) {
    var seenFiles: Set<String> = []
    for report in reports {
      let path = URL(fileURLWithPath: report.file).standardizedFileURL.resolvingSymlinksInPath().path
      guard seenFiles.insert(path).inserted else {
        throw ReportMergeError("\(report.file) is given twice: give each shard's report once")
      }
    }
    for index in 0..<(reports.map(\.plays.count).max() ?? 0) {
      let holders = reports.filter { $0.plays.indices.contains(index) }
      guard let reference = holders.first else { continue }
      let expected = identity(reference.plays[index])
      for other in holders.dropFirst() where identity(other.plays[index]) != expected {
        throw ReportMergeError(
          "\(other.file) is a report of another playbook than \(reference.file): its play \(index + 1) is "
            + "\(identity(other.plays[index])) where \(reference.file) has \(expected); "
            + "merge only the reports of the shards of one run")
      }
    }
  }

  /// A play as the check compares it: its name and where it is written.
  static func identity(_ play: Play) -> String {
    let name = play.header["name"]?.text ?? ""
    return "'\(name)'" + (play.header["path"].map { " (\($0.text))" } ?? "")
  }

  static func mergePlay(_ shards: [Play]) -> Play {
    var merged = shards[0]
    merged.tasks = []
    var keys: [TaskKey] = []
    for play in shards {
      merged.header["duration"] = widen(merged.header["duration"], play.header["duration"])
      var occurrences: [String: Int] = [:]
      var insertAt = 0
      for task in play.tasks {
        // serial batches and repeated includes run a task again: the n-th run joins the n-th.
        let occurrence = occurrences[task.id, default: 0]
        occurrences[task.id] = occurrence + 1
        let key = TaskKey(id: task.id, occurrence: occurrence)
        if let position = keys.firstIndex(of: key) {
          merged.tasks[position].hosts.merge(task.hosts) { first, _ in first }
          merged.tasks[position].header["duration"] = widen(merged.tasks[position].header["duration"], task.header["duration"])
          insertAt = position + 1
        } else {
          keys.insert(key, at: insertAt)
          merged.tasks.insert(task, at: insertAt)
          insertAt += 1
        }
      }
    }
    return merged
  }

  struct TaskKey: Equatable {
    let id: String
    let occurrence: Int
  }

  static func json(_ play: Play) -> Value {
    .dict([
      "play": .dict(play.header),
      "tasks": .list(play.tasks.map { .dict(["hosts": .dict($0.hosts), "task": .dict($0.header)]) }),
    ])
  }

  /// The span of two `duration` mappings: the earlier start, the later end.
  static func widen(_ first: Value?, _ second: Value?) -> Value? {
    guard case let .dict(a)? = first else { return second }
    guard case let .dict(b)? = second else { return first }
    var result = a
    result["start"] = pick(a["start"], b["start"], earlier: true)
    result["end"] = pick(a["end"], b["end"], earlier: false)
    return .dict(result)
  }

  private static func pick(_ first: Value?, _ second: Value?, earlier: Bool) -> Value? {
    guard case let .string(a)? = first else { return second }
    guard case let .string(b)? = second else { return first }
    let secondIsEarlier = sortable(b) < sortable(a)
    return secondIsEarlier == earlier ? second : first
  }

  /// A time stamp that sorts as text: Python leaves a zero fraction out (`…:10Z` next to
  /// `…:10.5Z`), so every stamp gets six fraction digits.
  static func sortable(_ stamp: String) -> String {
    guard stamp.hasSuffix("Z") else { return stamp }
    let body = stamp.dropLast()
    guard let dot = body.lastIndex(of: ".") else { return String(body) + ".000000" }
    let fraction = body[body.index(after: dot)...]
    return String(body[..<dot]) + "." + fraction + String(repeating: "0", count: max(0, 6 - fraction.count))
  }

  /// Counts added key by key (`ok`, `changed`, `failures`, …); other values stay the first's.
  static func sum(_ first: ValueDict, _ second: ValueDict) -> ValueDict {
    first.merging(second) { a, b in
      if case let .int(x) = a, case let .int(y) = b { return .int(x + y) }
      return a
    }
  }

  /// The json callback's stats of a host as the recap counts them.
  static func hostStats(_ fields: ValueDict) -> HostStats {
    func count(_ key: String) -> Int {
      if case let .int(value)? = fields[key] { return value }
      return 0
    }
    var stats = HostStats()
    stats.ok = count("ok")
    stats.changed = count("changed")
    stats.unreachable = count("unreachable")
    stats.failed = count("failures")
    stats.skipped = count("skipped")
    stats.rescued = count("rescued")
    stats.ignored = count("ignored")
    return stats
  }

  private static func mapping(_ value: Value?) -> ValueDict {
    if case let .dict(members)? = value { return members }
    return [:]
  }
}
