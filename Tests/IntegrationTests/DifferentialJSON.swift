import Foundation
import SwiftPlayCore
import ValueModel

/// The json callback's document (ansible.posix.json) of a differential run, made
/// comparable: what legitimately differs between two runs of the same playbook is
/// replaced by a placeholder, everything else must be equal, key for key and type for
/// type (an int is not a float, `"3"` is not `3`).
///
/// Each rule below says why it exists; a rule only replaces a value that has the shape
/// it expects (a time stamp that is not a time stamp stays and shows as a difference).
enum DifferentialJSON {
  /// The document printed on stdout, or why there is none.
  static func parse(_ stdout: String) -> Result<Value, DocumentError> {
    let text = stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return .failure(DocumentError(message: "no json document on stdout")) }
    do {
      return .success(try JSON.decode(text))
    } catch {
      return .failure(DocumentError(message: "stdout is not one json document: \(error)"))
    }
  }

  struct DocumentError: Error, Equatable, Sendable {
    let message: String
  }

  /// The recap as the document's `stats` give it, under the default callback's names.
  static func recap(_ document: Value?) -> DifferentialRecap {
    var recap = DifferentialRecap(output: "")
    guard case let .dict(root)? = document, case let .dict(stats)? = root["stats"] else { return recap }
    for (host, counters) in stats {
      guard case let .dict(values) = counters else { continue }
      var row: [String: Int] = [:]
      for (key, value) in values {
        // The default callback prints `failed=`; the stats call the same counter `failures`.
        if case let .int(number) = value { row[key == "failures" ? "failed" : key] = number }
      }
      recap.hosts[host] = row
    }
    return recap
  }

  /// The document with every run-dependent value replaced.
  static func normalised(_ document: Value) -> Value {
    var ids: [String: String] = [:]
    guard case var .dict(root) = document, case let .list(plays)? = root["plays"] else { return document }
    root["plays"] = .list(plays.map { play in
      guard case var .dict(members) = play else { return play }
      if case let .dict(header)? = members["play"] { members["play"] = .dict(normalisedHeader(header, ids: &ids)) }
      if case let .list(tasks)? = members["tasks"] {
        members["tasks"] = .list(tasks.map { task in
          guard case var .dict(entry) = task else { return task }
          if case let .dict(header)? = entry["task"] { entry["task"] = .dict(normalisedHeader(header, ids: &ids)) }
          if case let .dict(hosts)? = entry["hosts"] { entry["hosts"] = .dict(hosts.mapValues(normalisedResult)) }
          return .dict(entry)
        })
      }
      return .dict(members)
    })
    return .dict(root)
  }

  /// A play's or task's header: `id`, `name`, `path`, `duration`.
  private static func normalisedHeader(_ header: ValueDict, ids: inout [String: String]) -> ValueDict {
    var header = header
    // Ids are random per run (Ansible's are uuids); only which entries share one matters
    // (the free strategy repeats a task's id), so each becomes its order of first appearance.
    if case let .string(id)? = header["id"] {
      if ids[id] == nil { ids[id] = "<id \(ids.count + 1)>" }
      header["id"] = ids[id].map(Value.string)
    }
    // When a play or task started and ended is the clock's, not the tool's; which of
    // start/end are present is still compared.
    if case let .dict(times)? = header["duration"] {
      header["duration"] = .dict(times.mapValues { replaced($0, pattern: isoStamp, with: "<time>") })
    }
    return header
  }

  /// A host's result (and, inside it, each loop item's).
  private static func normalisedResult(_ value: Value) -> Value {
    switch value {
    case let .dict(members):
      var out: ValueDict = [:]
      for (key, member) in members {
        switch key {
        // command/shell/raw: when the command ran and how long it took.
        case "start", "end": out[key] = replaced(member, pattern: moduleStamp, with: "<time>")
        case "delta": out[key] = replaced(member, pattern: moduleDelta, with: "<delta>")
        // Ansible's modules echo their arguments with every default filled in; swiftplay's
        // native modules do not (README, "Playbooks"), so an echo is left out on both sides.
        case "invocation" where isModuleArgumentEcho(member): continue
        default: out[key] = normalisedResult(member)
        }
      }
      return .dict(out)
    case let .list(items): return .list(items.map(normalisedResult))
    default: return value
    }
  }

  /// `{"module_args": {...}}` and nothing else.
  private static func isModuleArgumentEcho(_ value: Value) -> Bool {
    guard case let .dict(members) = value, members.count == 1, case .dict? = members["module_args"] else { return false }
    return true
  }

  /// `2026-12-03T18:30:09.350109Z`, the callback's clock (no fraction when it is zero).
  static let isoStamp = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$"#
  /// `2026-12-03 18:30:08.652663`, Python's str() of a datetime, as command reports it.
  static let moduleStamp = #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"#
  /// `0:00:00.030605`, Python's str() of a timedelta.
  static let moduleDelta = #"^\d+:\d{2}:\d{2}\.\d{6}$"#

  private static func replaced(_ value: Value, pattern: String, with placeholder: String) -> Value {
    guard case let .string(text) = value, text.range(of: pattern, options: .regularExpression) != nil else { return value }
    return .string(placeholder)
  }

  /// One line per difference between two normalised documents, `reference` being
  /// Ansible's; at most `limit` lines, then a count of the rest.
  static func differences(_ reference: Value, _ candidate: Value, referenceName a: String, otherName b: String,
                          limit: Int = 40) -> [String] {
    var lines: [String] = []
    lines += taskSequenceDifference(reference, candidate, referenceName: a, otherName: b)
    compare(reference, candidate, path: "", a: a, b: b, into: &lines)
    guard lines.count > limit else { return lines }
    return Array(lines.prefix(limit)) + ["... and \(lines.count - limit) more differences"]
  }

  /// When the tasks differ in number or order, index-by-index differences are noise;
  /// this line lists both sequences of task names so the first misplaced task shows.
  private static func taskSequenceDifference(_ reference: Value, _ candidate: Value, referenceName a: String,
                                             otherName b: String) -> [String] {
    let mine = taskNames(reference), theirs = taskNames(candidate)
    guard mine != theirs else { return [] }
    let first = mine.indices.first { $0 >= theirs.count || mine[$0] != theirs[$0] } ?? mine.count
    return ["task sequence differs from entry \(first): \(a) \(mine.count) entries, \(b) \(theirs.count)\n"
            + "      \(a): \(mine.dropFirst(first).prefix(8).joined(separator: " | "))\n"
            + "      \(b): \(theirs.dropFirst(first).prefix(8).joined(separator: " | "))"]
  }

  /// `play N: task name` for every task entry of the document, in order.
  static func taskNames(_ document: Value) -> [String] {
    guard case let .dict(root) = document, case let .list(plays)? = root["plays"] else { return [] }
    return plays.enumerated().flatMap { index, play -> [String] in
      guard case let .dict(members) = play, case let .list(tasks)? = members["tasks"] else { return [] }
      return tasks.map { task in
        guard case let .dict(entry) = task, case let .dict(header)? = entry["task"],
              case let .string(name)? = header["name"] else { return "play \(index): ?" }
        return "play \(index): \(name)"
      }
    }
  }

  private static func compare(_ x: Value, _ y: Value, path: String, a: String, b: String, into lines: inout [String]) {
    switch (x, y) {
    case let (.dict(left), .dict(right)):
      for key in Set(left.keys).union(right.keys).sorted() {
        let child = path.isEmpty ? key : path + "." + key
        switch (left[key], right[key]) {
        case let (l?, r?): compare(l, r, path: child, a: a, b: b, into: &lines)
        case let (l?, nil): lines.append("\(child): \(a) \(brief(l)), \(b) absent")
        case let (nil, r?): lines.append("\(child): \(a) absent, \(b) \(brief(r))")
        case (nil, nil): break
        }
      }
    case let (.list(left), .list(right)):
      if left.count != right.count {
        lines.append("\(path): \(a) \(left.count) items, \(b) \(right.count)")
      }
      for (index, pair) in zip(left, right).enumerated() {
        compare(pair.0, pair.1, path: "\(path)[\(index)]", a: a, b: b, into: &lines)
      }
    default:
      if x != y { lines.append("\(path): \(a) \(brief(x)), \(b) \(brief(y))") }
    }
  }

  /// A value as Python's json writes it, cut to one readable line.
  private static func brief(_ value: Value) -> String {
    let text = JSON.dump(value)
    return text.count > 160 ? String(text.prefix(157)) + "..." : text
  }
}
