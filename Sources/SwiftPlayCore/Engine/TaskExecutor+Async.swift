import Foundation
import Jinja
import ValueModel

extension TaskExecutor {
  /// A task's `async:` (seconds the job may run) and `poll:` (seconds between checks; 0
  /// returns at once with the job's id), rendered.
  struct AsyncSettings: Sendable {
    var limit: Int
    var poll: Int
  }

  /// Ansible's default `poll:` for an `async:` task that sets none.
  static let defaultPoll = 15

  /// The task's async settings, nil when it runs in the foreground (`async:` unset or 0).
  func asyncSettings(_ task: PlaybookTask, templar: Templar) throws -> AsyncSettings? {
    guard let raw = task.asyncTimeout else { return nil }
    let text = try templar.render(raw, name: "async").plainText.trimmingCharacters(in: .whitespaces)
    guard let limit = Int(text) else {
      throw ModuleError(module: task.action, message: "the field 'async' has an invalid value (\(text)), and could not be converted to int")
    }
    guard limit > 0 else { return nil }
    var poll = Self.defaultPoll
    if let rawPoll = task.poll {
      let pollText = try templar.render(rawPoll, name: "poll").plainText.trimmingCharacters(in: .whitespaces)
      guard let value = Int(pollText) else {
        throw ModuleError(module: task.action, message: "the field 'poll' has an invalid value (\(pollText)), and could not be converted to int")
      }
      poll = value
    }
    return AsyncSettings(limit: limit, poll: poll)
  }

  /// After an async job started: with `poll: 0` the start result as is; else the job's
  /// status every `poll` seconds until it finished or `async` seconds passed, as Ansible's
  /// executor polls, and the job file removed once it finished. A dropped connection
  /// between polls is retried (the job runs on regardless) until the time is up.
  func awaitAsync(_ started: SingleResult, settings: AsyncSettings, host: String, on target: Target) async -> SingleResult {
    guard settings.poll > 0, started.status != .failed, started.status != .skipped, started.status != .unreachable else {
      return started
    }
    guard let jid = started.values["ansible_job_id"]?.plainText else { return .failed("No job id was returned by the async task") }
    var timeLeft = settings.limit
    var last: SingleResult?
    while timeLeft > 0 {
      try? await Task.sleep(nanoseconds: UInt64(settings.poll) * 1_000_000_000)
      timeLeft -= settings.poll
      do throws(ConnectionError) {
        let status = try await asyncStatus(jid: jid, cleanup: false, on: target)
        last = status
        if status.values["finished"]?.asBoolean == true || status.status == .failed || status.status == .skipped { break }
      } catch {
        if timeLeft <= 0 { return .from(error) }
      }
    }
    guard let last, last.values["finished"]?.asBoolean == true else {
      announce(jid: jid, failed: true, host: host)
      return .failed(
        "async task did not complete within the requested time - \(settings.limit)s",
        ["async_result": .dict(last?.values ?? [:])])
    }
    announce(jid: jid, failed: last.status == .failed, host: host)
    _ = try? await asyncStatus(jid: jid, cleanup: true, on: target)
    return last
  }

  /// `ASYNC OK` / `ASYNC FAILED` for the task being run.
  private func announce(jid: String, failed: Bool, host: String) {
    guard let event = Self.currentEvent else { return }
    sink.send { $0.asyncFinished(host: host, jid: jid, failed: failed, task: event) }
  }

  /// The `async_status` action: the job's state, or (`mode: cleanup`) its file removed.
  func asyncStatusAction(_ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?) async throws -> SingleResult {
    let arguments = try render(task, templar: templar)
    guard let jid = arguments["jid"]?.plainText, !jid.isEmpty else { return .failed("missing required arguments: jid") }
    let mode = arguments["mode"]?.plainText ?? "status"
    guard mode == "status" || mode == "cleanup" else {
      return .failed("value of mode must be one of: status, cleanup, got: \(mode)")
    }
    let target: Target
    do { target = try self.target(for: task, templar: templar, host: host, vars: vars, delegate: delegate) } catch {
      return .unreachable("\(error)")
    }
    do throws(ConnectionError) {
      return try await asyncStatus(jid: jid, cleanup: mode == "cleanup", on: target)
    } catch {
      return .from(error)
    }
  }

  /// Reads (or removes) `~/.ansible_async/<jid>` of the user the task runs as, with the
  /// result Ansible's async_status action and module give: `started`/`finished`,
  /// `results_file` (or `erased`), and once finished the module's own result.
  func asyncStatus(jid: String, cleanup: Bool, on target: Target) async throws(ConnectionError) -> SingleResult {
    let file = "f=\"${ANSIBLE_ASYNC_DIR:-$HOME/.ansible_async}\"/\(ShellQuote.quote(jid)); printf '%s\\n' \"$f\"; "
    let command = cleanup
      ? file + "if [ -e \"$f\" ]; then rm -f -- \"$f\" && echo ERASED; else echo MISSING; fi"
      : file + "if [ -e \"$f\" ]; then echo FOUND; cat -- \"$f\"; else echo MISSING; fi"
    let output = try await target.run(command)
    var lines = output.stdout.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard lines.count >= 2 else { return .failed("could not read the async job's status: \(output.stderr)") }
    let path = lines.removeFirst()
    let state = lines.removeFirst()
    var base: ValueDict = [
      "ansible_job_id": .string(jid), "started": false, "finished": false, "stdout": "", "stderr": "",
      "stdout_lines": .list([]), "stderr_lines": .list([]),
    ]
    if cleanup { base["erased"] = .string(path) } else {
      base["results_file"] = .string(path)
      base["started"] = true
    }
    if state == "MISSING" {
      base["started"] = true
      base["finished"] = true
      return .failed("could not find job", base)
    }
    if cleanup { return SingleResult(status: .ok, values: base.merging(["changed": false, "failed": false]) { _, new in new }) }
    let content = lines.first ?? ""
    guard case let .dict(data)? = try? JSON.decode(content), !data.isEmpty else {
      // Not written yet (or half written): the job is running.
      return SingleResult(status: .ok, values: base.merging(["changed": false, "failed": false]) { _, new in new })
    }
    var merged = base
    merged.merge(data) { _, new in new }
    if data["started"] == nil {
      merged["finished"] = true
      merged["ansible_job_id"] = .string(jid)
    } else if data["finished"] == nil {
      merged["finished"] = false
    }
    for key in ["started", "finished"] { merged[key] = .bool(merged[key]?.asBoolean ?? false) }
    // A module's result keeps what it printed; the default empty stdout goes when it has none.
    if data["stdout"] != nil { merged["stdout_lines"] = nil }
    if data["stderr"] != nil { merged["stderr_lines"] = nil }
    return shaped(AnsibleModuleRunner.result(values: merged), isSetFact: false)
  }
}
