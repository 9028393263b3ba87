import Foundation
import ValueModel

extension TaskExecutor {
  /// When the running task's `timeout:` is up; read where the task's `Target` is made, so
  /// every command gets at most the time left and the host kills it when that runs out.
  @TaskLocal static var deadline: ContinuousClock.Instant?

  /// `execute` under the task's `timeout:` (seconds, per loop item and per retry, as
  /// Ansible counts it), or the run's `--task-timeout` for a task that sets none. A task
  /// still running when the time is up fails with Ansible's result, whatever its last
  /// command said.
  func executeWithinTimeout(
    _ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) async throws -> SingleResult {
    var seconds = context.options.taskTimeout ?? 0
    if let raw = task.timeout {
      let text = try templar.render(raw, name: "timeout").plainText
      guard let own = Int(text.trimmingCharacters(in: .whitespaces)) else {
        return .failed("the field 'timeout' has an invalid value (\(text)), and could not be converted to int")
      }
      seconds = own
    }
    guard seconds > 0 else { return try await execute(task, templar: templar, host: host, vars: vars, delegate: delegate) }
    let deadline = ContinuousClock.now + .seconds(seconds)
    // The work races the clock: commands end themselves at the deadline (the host kills
    // them), and work of the engine's own (a pause) is cancelled when the clock wins.
    let single = try await withThrowingTaskGroup(of: SingleResult?.self) { group in
      group.addTask {
        try await Self.$deadline.withValue(deadline) {
          try await execute(task, templar: templar, host: host, vars: vars, delegate: delegate)
        }
      }
      group.addTask {
        try? await Task.sleep(until: deadline, clock: .continuous)
        return nil
      }
      let first = try await group.next() ?? nil
      group.cancelAll()
      return first
    }
    if let single, ContinuousClock.now < deadline { return single }
    return .failed("Task failed: Timed out after \(seconds) second(s).", ["timedout": .dict(["period": .int(seconds)])])
  }
}
