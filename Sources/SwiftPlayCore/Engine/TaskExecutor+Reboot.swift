import Foundation
import ValueModel

extension TaskExecutor {
  /// `reboot`, as Ansible's action plugin does it: note the host's boot id
  /// (`boot_time_command`), start the reboot (`reboot_command`, else `shutdown -r`), drop
  /// the connection, then reconnect until the boot id has changed and `test_command`
  /// succeeds, within `reboot_timeout`; `post_reboot_delay` after. In check mode nothing
  /// runs and the task reports the reboot it would make.
  func reboot(
    _ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) async throws -> SingleResult {
    let arguments = try render(task, templar: templar)
    if try isCheckMode(task, templar: templar) {
      return SingleResult(status: .changed, values: ["changed": true, "elapsed": 0, "rebooted": true])
    }
    func seconds(_ key: String, _ fallback: Double) -> Double { arguments[key].flatMap { Double($0.plainText) } ?? fallback }
    let preDelay = max(0, seconds("pre_reboot_delay", 0)), postDelay = max(0, seconds("post_reboot_delay", 0))
    let timeout = seconds("reboot_timeout", 600)
    let bootTimeCommand = arguments["boot_time_command"]?.plainText ?? "cat /proc/sys/kernel/random/boot_id"
    let testCommand = arguments["test_command"]?.plainText ?? "whoami"
    let message = arguments["msg"]?.plainText ?? "Reboot initiated by Ansible"
    let minutes = Int(preDelay / 60)
    let rebootCommand = arguments["reboot_command"]?.plainText
      ?? "shutdown -r \(minutes == 0 ? "now" : "+\(minutes)") \(ShellQuote.quote(message))"
    let started = Date()
    let connection = try connection(for: task, templar: templar, host: host, vars: vars, delegate: delegate)

    let before = try await connection.run(bootTimeCommand, stdin: [], timeout: 30)
    guard before.rc == 0 else {
      return .failed("Command '\(bootTimeCommand)' failed: \(before.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    let bootID = before.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    // The connection may drop while the command runs: that is the reboot starting.
    if let answer = try? await connection.run(rebootCommand, stdin: [], timeout: 30), answer.rc != 0 {
      return .failed("Reboot command failed. Error was: '\(answer.stderr.trimmingCharacters(in: .whitespacesAndNewlines))'",
        ["rebooted": false, "start": .string(PythonDatetime.localTimestamp(started))])
    }
    await connection.close()

    var lastError = "the boot id did not change"
    while Date().timeIntervalSince(started) < timeout {
      try await Task.sleep(for: .seconds(1))
      do {
        let now = try await connection.run(bootTimeCommand, stdin: [], timeout: 10)
        let current = now.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard now.rc == 0, current != bootID else { continue }
        let test = try await connection.run(testCommand, stdin: [], timeout: 10)
        guard test.rc == 0 else { lastError = "test command failed: \(test.stderr)"; continue }
        if postDelay > 0 { try await Task.sleep(for: .milliseconds(Int(postDelay * 1000))) }
        return SingleResult(status: .changed, values: [
          "changed": true, "rebooted": true, "elapsed": .int(Int(Date().timeIntervalSince(started))),
        ])
      } catch {
        lastError = "\(error)"
        await connection.close()
      }
    }
    return .failed("Timed out waiting for last boot time check (timeout=\(Int(timeout))): \(lastError)",
      ["rebooted": true, "elapsed": .int(Int(Date().timeIntervalSince(started)))])
  }

}
