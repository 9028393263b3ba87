import Foundation

/// A time limit the host enforces itself. Closing the SSH channel (or killing the local
/// `ssh`) does not stop a command on the host: without a terminal nothing sends it a
/// hangup. So a command with a limit runs under coreutils `timeout -s KILL`, which puts
/// the command in a process group of its own and kills that whole group when the time is
/// up, pipelines and background children included, even if the connection is gone. The
/// controller waits a little longer (`grace`) for the host to do it; a host without
/// `timeout` runs the command unlimited, and the controller's own wait still ends it there.
enum HostTimeout {
  /// Seconds the controller waits past the limit for the host's kill to end the command,
  /// before it gives up on the channel itself (a frozen host, a host without `timeout`).
  static let grace = 5.0

  /// `command` limited to `seconds`, run by `shell` (`"$SHELL"`: the login shell, as sshd
  /// would have run it; `/bin/sh` in a privileged shell). `exec` keeps the process the
  /// channel waits on the one that is killed.
  static func limited(_ command: String, seconds: Double, shell: String) -> String {
    let quoted = ShellQuote.quote(command)
    return "if command -v timeout >/dev/null 2>&1; then exec timeout -s KILL \(formatted(seconds)) \(shell) -c \(quoted); "
      + "else exec \(shell) -c \(quoted); fi"
  }

  /// The login shell sshd runs commands with, for `limited`.
  static let loginShell = "\"${SHELL:-/bin/sh}\""

  /// Seconds as `timeout` reads them: at millisecond precision, never 0 (which would mean
  /// no limit at all to `timeout`).
  private static func formatted(_ value: Double) -> String {
    let milliseconds = max(1, Int((value * 1000).rounded(.up).clamped(to: 1...1e12)))
    return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(format: "%.3f", Double(milliseconds) / 1000)
  }

  /// The start of every transport's "command timed out after N s".
  private static let timedOutWording = ConnectionError.commandTimedOut(after: 0).description
    .prefix { !$0.isNumber }

  /// How long the controller waits for a command limited to `seconds`.
  static func wait(for seconds: Double?) -> Double? { seconds.map { $0 + grace } }

  /// Runs `body` (which sends the limited command and waits `wait(for:)`), and reports a
  /// command that ended at or after its limit (killed by the host, or just too slow) as
  /// timed out, in the one wording every transport uses.
  static func enforce(
    _ seconds: Double?, _ body: () async throws(ConnectionError) -> CommandResult
  ) async throws(ConnectionError) -> CommandResult {
    guard let seconds else { return try await body() }
    let started = ContinuousClock.now
    let result: CommandResult
    do { result = try await body() } catch {
      // The controller's own wait ran out: name the limit the task was given.
      if case let .failed(message) = error, message.hasPrefix(timedOutWording) { throw .commandTimedOut(after: seconds) }
      throw error
    }
    if started.duration(to: .now) >= .milliseconds(Int64((seconds * 1000).rounded(.down))) {
      throw .commandTimedOut(after: seconds)
    }
    return result
  }
}

extension Double {
  fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
