import Foundation

@testable import SwiftPlayCore
import ValueModel

/// Replays the callback events recorded from ansible-playbook (scripts/callback-oracle)
/// into a swiftplay callback, turning Ansible's raw results into what our engine sends:
/// `_ansible_*` flags become `noLog`/`isForDisplay`, `diff` moves to its own field.
enum CallbackReplay {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/callback").path
  /// Where the oracle ran the playbooks; file names in the output point there.
  static let oracleFolder = "/tmp/swiftplay-callback-oracle/"

  struct Failure: Error, CustomStringConvertible { var description: String }

  /// A JSON value read with JSONDecoder, which keeps true apart from 1.
  struct Decoded: Decodable {
    let value: Value
    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() { value = .null; return }
      if let flag = try? container.decode(Bool.self) { value = .bool(flag); return }
      if let number = try? container.decode(Int.self) { value = .int(number); return }
      if let number = try? container.decode(Double.self) { value = .double(number); return }
      if let text = try? container.decode(String.self) { value = .string(text); return }
      if let items = try? container.decode([Decoded].self) { value = .list(items.map(\.value)); return }
      value = .dict(ValueDict(sortingKeys: try container.decode([String: Decoded].self).mapValues(\.value)))
    }
  }

  static func parse(_ text: String) throws -> Value {
    try JSONDecoder().decode(Decoded.self, from: Data(text.utf8)).value
  }

  static func fixture(_ name: String) throws -> String {
    try String(contentsOfFile: root + "/" + name, encoding: .utf8)
  }

  /// Reads a playbook the oracle ran from the fixture folder it was copied from.
  static let readSource: @Sendable (String) -> String? = { path in
    guard path.hasPrefix(oracleFolder) else { return nil }
    return try? String(contentsOfFile: root + "/" + path.dropFirst(oracleFolder.count), encoding: .utf8)
  }

  static func replay(_ name: String, into callback: any PlaybookCallback) throws {
    var play = PlayEvent(name: "", hosts: [], checkMode: false, id: "")
    var task = TaskEvent(name: "", action: "", id: "")
    for line in try fixture(name + ".events.jsonl").split(separator: "\n") {
      guard case let .dict(event) = try parse(String(line)), case let .string(kind)? = event["event"] else {
        throw Failure(description: "bad event line: \(line)")
      }
      switch kind {
      case "playbook": callback.playbookStarted(event["path"]?.plainText ?? "")
      case "play":
        play = PlayEvent(
          name: event["name"]?.plainText ?? "", hosts: strings(event["hosts"]), checkMode: event["check"]?.asBoolean ?? false,
          id: event["id"]?.plainText ?? "", location: location(event))
        callback.playStarted(play)
      case "task":
        guard case let .dict(fields)? = event["task"] else { throw Failure(description: "task without task") }
        task = TaskEvent(
          name: fields["name"]?.plainText ?? "", action: fields["action"]?.plainText ?? "", isHandler: event["handler"]?.asBoolean ?? false,
          location: location(fields), checkMode: fields["check"]?.asBoolean ?? false, id: fields["id"]?.plainText ?? "")
        callback.taskStarted(task)
      case "hostStarted": callback.hostStarted(event["host"]?.plainText ?? "", task: task)
      case "ok", "failed", "skipped", "unreachable": callback.hostFinished(try result(kind, event), task: task)
      case "itemOk", "itemFailed", "itemSkipped": callback.itemFinished(try result(kind, event), task: task)
      case "included": callback.included(event["file"]?.plainText ?? "", hosts: strings(event["hosts"]), item: event["item"]?.plainText, task: task)
      case "noHostsMatched": callback.noHostsMatched(play)
      case "noMoreHosts": callback.noMoreHosts()
      case "stats":
        var recap = Recap()
        if case let .dict(hosts)? = event["hosts"] {
          for (host, counts) in hosts {
            guard case let .dict(count) = counts else { continue }
            func number(_ key: String) -> Int { if case let .int(value)? = count[key] { return value } else { return 0 } }
            var stats = HostStats()
            stats.ok = number("ok")
            stats.changed = number("changed")
            stats.unreachable = number("unreachable")
            stats.failed = number("failed")
            stats.skipped = number("skipped")
            stats.rescued = number("rescued")
            stats.ignored = number("ignored")
            recap.hosts[host] = stats
          }
        }
        callback.playbookFinished(recap, interrupted: false)
      default: throw Failure(description: "unknown event \(kind)")
      }
    }
  }

  static func result(_ kind: String, _ event: ValueDict) throws -> HostTaskResult {
    guard case var .dict(raw)? = event["result"] else { throw Failure(description: "result without result") }
    let status: HostTaskStatus
    switch kind {
    case "ok", "itemOk": status = raw["changed"]?.asBoolean == true ? .changed : .ok
    case "failed", "itemFailed": status = .failed
    case "skipped", "itemSkipped": status = .skipped
    default: status = .unreachable
    }
    var diff: [ValueDict] = []
    switch raw.removeValue(forKey: "diff") {
    case let .dict(entry)?: diff = [entry]
    case let .list(entries)?: diff = entries.compactMap { if case let .dict(entry) = $0 { return entry } else { return nil } }
    default: break
    }
    let noLog = raw["_ansible_no_log"]?.asBoolean ?? false
    let forDisplay = raw["_ansible_verbose_always"]?.asBoolean ?? false
    raw = raw.filter { !$0.key.hasPrefix("_ansible_") }
    var delegate: String?
    if case let .string(name)? = event["delegate"] { delegate = name }
    var label: String?
    if case let .string(text)? = event["label"] { label = text }
    return HostTaskResult(
      host: event["host"]?.plainText ?? "", delegatedTo: delegate, status: status, ignored: event["ignored"]?.asBoolean ?? false,
      itemLabel: label, result: raw, diff: diff, isForDisplay: forDisplay, noLog: noLog)
  }

  static func location(_ fields: ValueDict) -> SourceLocation? {
    guard case let .string(file)? = fields["file"], case let .int(line)? = fields["line"] else { return nil }
    var column = 1
    if case let .int(value)? = fields["column"] { column = value }
    return SourceLocation(file: file, line: line, column: column)
  }

  static func strings(_ value: Value?) -> [String] {
    guard case let .list(items)? = value else { return [] }
    return items.map(\.plainText)
  }
}
