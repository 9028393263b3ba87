import Foundation
import Jinja
import ValueModel

/// One execution of a task (the whole task, or one loop item).
struct SingleResult: Sendable {
  var status: HostTaskStatus
  var values: ValueDict
  var diff: [ValueDict] = []
  var isForDisplay = false
  var ignored = false
  var facts: ValueDict = [:]
  var setFacts: ValueDict = [:]
  var includedVars: ValueDict = [:]
  var includes: [IncludeRequest] = []
  var meta: String?
  /// Where the error is, when an argument could not be rendered.
  var origin: SourceLocation?

  static func failed(_ message: String, _ extra: ValueDict = [:]) -> SingleResult {
    var values = extra
    values["changed"] = false
    values["failed"] = true
    values["msg"] = .string(message)
    return SingleResult(status: .failed, values: values)
  }

  /// What Ansible 2.19 puts in a failed result's `exception` when tracebacks are not
  /// enabled (the default): every failure carries one, a module's, an action's or the
  /// engine's, and `register` and the callbacks see it.
  static let tracebackUnavailable: Value = "(traceback unavailable)"

  /// The result as the task leaves it: a failure without its own `exception` gets
  /// Ansible's placeholder (a loop's aggregate gets none; its failed items do).
  mutating func summariseFailure() {
    if status == .failed && values["exception"] == nil { values["exception"] = Self.tracebackUnavailable }
  }

  static func unreachable(_ message: String) -> SingleResult {
    SingleResult(status: .unreachable, values: ["changed": false, "unreachable": true, "msg": .string(message)])
  }

  /// A module's connection failure as a result: the host unreachable, or the task failed.
  static func from(_ error: ConnectionError) -> SingleResult {
    if case let .unreachable(message) = error { return unreachable(message) }
    return failed(error.description)
  }
}

extension TaskExecutor {
  static let omitPlaceholder = "__omit_place_holder__swiftplay"

  /// Whether the task runs in check mode: its `check_mode:` keyword, else the run's `--check`.
  func isCheckMode(_ task: PlaybookTask, templar: Templar) throws -> Bool {
    try task.checkMode.map { try templar.isTrue($0) } ?? context.checkMode
  }

  func runOnce(_ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?) async -> SingleResult {
    var single: SingleResult
    do {
      let (pass, failing) = try templar.allTrue(task.when, name: "when")
      guard pass else {
        return SingleResult(status: .skipped, values: [
          "changed": false, "skipped": true, "skip_reason": "Conditional result was False",
          // The condition as written: `when: false` gives the bool, as in Ansible.
          "false_condition": failing ?? .string(""),
        ])
      }
      single = try await executeWithinTimeout(task, templar: templar, host: host, vars: vars, delegate: delegate)
    } catch let error as ArgumentError {
      var failed = SingleResult.failed(error.message)
      failed.origin = error.origin
      return ignoringErrors(failed, task: task, templar: templar)
    } catch {
      return ignoringErrors(.failed(Self.message(of: error)), task: task, templar: templar)
    }
    do {
      try await settle(&single, task: task, templar: templar, host: host, vars: vars, delegate: delegate)
    } catch {
      return ignoringErrors(.failed(Self.message(of: error)), task: task, templar: templar)
    }
    return single
  }

  /// A failure before the module ran (a `when:` or an argument that cannot be rendered, a
  /// loop that cannot be worked out) is ignored under `ignore_errors`, as in Ansible.
  func ignoringErrors(_ failed: SingleResult, task: PlaybookTask, templar: Templar) -> SingleResult {
    var failed = failed
    failed.ignored = (try? task.ignoreErrors.map { try templar.isTrue($0) } ?? false) ?? false
    return failed
  }

  /// until/retries, changed_when, failed_when, ignore_errors: each sees the result under
  /// the task's `register` name, as Ansible evaluates them.
  private func settle(
    _ single: inout SingleResult, task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) async throws {
    guard single.status != .skipped, single.status != .unreachable, single.meta == nil, single.includes.isEmpty else {
      if single.status == .unreachable {
        single.ignored = try task.ignoreUnreachable.map { try templar.isTrue($0) } ?? false
      }
      return
    }
    func judge(_ single: inout SingleResult) throws {
      let view = templar.adding(task.register.map { [$0: .dict(single.values)] } ?? [:])
      if let conditions = task.changedWhen {
        let changed = try view.allTrue(conditions, name: "changed_when").0
        single.values["changed"] = .bool(changed)
        if single.status != .failed { single.status = changed ? .changed : .ok }
      }
      if let conditions = task.failedWhen {
        let failed = try view.allTrue(conditions, name: "failed_when").0
        single.values["failed_when_result"] = .bool(failed)
        if failed {
          single.status = .failed
          single.values["failed"] = true
        } else {
          single.values["failed"] = false
          if single.status == .failed {
            // Ansible keeps the overruled failure's summary under another name.
            single.values["failed_when_suppressed_exception"] =
              single.values.removeValue(forKey: "exception") ?? SingleResult.tracebackUnavailable
            single.status = single.values["changed"]?.asBoolean == true ? .changed : .ok
          }
        }
      }
    }
    try judge(&single)
    if let until = task.until {
      let retries = max(0, Int(try task.retries.map { try templar.render($0).plainText } ?? "3") ?? 3)
      let delay = Double(try task.delay.map { try templar.render($0).plainText } ?? "5") ?? 5
      var attempt = 1
      while true {
        let view = templar.adding(task.register.map { [$0: .dict(single.values)] } ?? [:])
        let done = try view.allTrue(until, name: "until").0
        single.values["attempts"] = .int(attempt)
        if done { break }
        if attempt > retries {
          single.status = .failed
          single.values["failed"] = true
          single.values["msg"] = single.values["msg"] ?? "Retries exhausted"
          break
        }
        sink.send { $0.warning("\(host): retrying task '\(task.name ?? task.action)' (\(retries - attempt + 1) retries left)") }
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        attempt += 1
        single = try await executeWithinTimeout(task, templar: templar, host: host, vars: vars, delegate: delegate)
        try judge(&single)
      }
    }
    if single.status == .failed {
      single.ignored = try task.ignoreErrors.map { try templar.isTrue($0) } ?? false
    }
  }
}

/// A task argument that could not be rendered, with Ansible's wording.
struct ArgumentError: Error {
  let message: String
  /// Where the argument was written, for the `Origin:` line.
  var origin: SourceLocation?
}
