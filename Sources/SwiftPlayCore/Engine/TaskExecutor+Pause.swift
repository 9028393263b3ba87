import Foundation

extension TaskExecutor {
  /// `pause`: waits `seconds` or `minutes`, or, with only a `prompt`, for Enter on the
  /// terminal (no terminal: no wait, as Ansible when stdin is not interactive). It runs
  /// once for the play's first host (Ansible's host-loop bypass); Ctrl-C ends the wait
  /// like any task.
  func pause(_ task: PlaybookTask, templar: Templar) async throws -> SingleResult {
    let arguments = try render(task, templar: templar)
    func number(_ key: String) throws -> Double? {
      guard let value = arguments[key], value != .null else { return nil }
      guard let number = Double(value.plainText) else { throw PauseError(message: "non-integer value given for prompt duration: \(value.plainText)") }
      return number
    }
    let minutes = try number("minutes")
    let seconds = try minutes.map { $0 * 60 } ?? number("seconds")
    let echo = arguments["echo"].map(\.asBoolean) ?? true
    let started = Date()
    var input = ""
    if let seconds {
      try await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
    } else if let prompt = arguments["prompt"]?.plainText ?? (arguments.isEmpty ? "Press enter to continue, Ctrl+C to interrupt" : nil) {
      if isatty(STDIN_FILENO) == 1 { input = (try? Terminal.readSecret(prompt: "[\(task.name ?? "pause")]\n\(prompt):\n", echo: echo)) ?? "" }
    }
    let stopped = Date()
    let elapsed = stopped.timeIntervalSince(started)
    let said = minutes != nil
      ? "Paused for \(Self.twoDecimals(elapsed / 60)) minutes" : "Paused for \(Self.twoDecimals(elapsed)) seconds"
    return SingleResult(status: .ok, values: [
      "changed": false, "rc": 0, "stderr": "", "stdout": .string(said), "user_input": .string(input), "echo": .bool(echo),
      "start": .string(Self.pauseTimestamp(started)), "stop": .string(Self.pauseTimestamp(stopped)), "delta": .int(Int(elapsed)),
    ])
  }

  struct PauseError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  /// 1.01, 2.0: Python's round(x, 2) as str() prints it.
  static func twoDecimals(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(format: "%.1f", rounded) : String(rounded)
  }

  /// `2026-11-29 19:18:25.579785`, Python's str(datetime.now()).
  static func pauseTimestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    let micro = Int((date.timeIntervalSince1970 - floor(date.timeIntervalSince1970)) * 1_000_000)
    return formatter.string(from: date) + String(format: ".%06d", micro)
  }
}
