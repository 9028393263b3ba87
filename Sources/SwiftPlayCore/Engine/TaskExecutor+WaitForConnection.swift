import Foundation
import ValueModel

extension TaskExecutor {
  /// `wait_for_connection`: after `delay`, tries a trivial command on the host every
  /// `sleep` seconds until it answers or `timeout` seconds have passed (a host that is
  /// rebooting, or whose sshd is coming up). Ansible's messages and `elapsed`; skipped in
  /// check mode.
  func waitForConnection(
    _ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) async throws -> SingleResult {
    // Ansible's action skips in check mode: waiting proves nothing a check would change.
    if try isCheckMode(task, templar: templar) {
      return SingleResult(status: .skipped, values: ["changed": false, "skipped": true])
    }
    let arguments = try render(task, templar: templar)
    func seconds(_ key: String, _ fallback: Double) -> Double { arguments[key].flatMap { Double($0.plainText) } ?? fallback }
    let (delay, sleep, timeout) = (seconds("delay", 0), seconds("sleep", 1), seconds("timeout", 600))
    let started = Date()
    try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
    var lastError = ""
    while true {
      do {
        let connection = try connection(for: task, templar: templar, host: host, vars: vars, delegate: delegate)
        let answer = try await connection.run("true", stdin: [], timeout: seconds("connect_timeout", 5))
        if answer.rc == 0 { return SingleResult(status: .ok, values: ["changed": false, "elapsed": .int(Int(Date().timeIntervalSince(started)))]) }
        lastError = answer.stderr
      } catch {
        lastError = "\(error)"
      }
      guard Date().timeIntervalSince(started) + sleep < timeout else {
        return .failed("timed out waiting for ping module test: \(lastError)", ["elapsed": .int(Int(Date().timeIntervalSince(started)))])
      }
      try await Task.sleep(for: .milliseconds(Int(sleep * 1000)))
    }
  }
}
