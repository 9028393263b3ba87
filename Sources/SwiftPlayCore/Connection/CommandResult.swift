import LocalProcess
/// What a command run on a host produced.
package struct CommandResult: Sendable, Equatable {
  package var stdout: String
  package var stderr: String
  /// The exit status; nil when a signal ended the command.
  package var exitStatus: Int32?
  /// The signal's name without "SIG" (e.g. "KILL") when one ended the command.
  package var exitSignal: String?

  package init(stdout: String, stderr: String, exitStatus: Int32?, exitSignal: String? = nil) {
    self.stdout = stdout
    self.stderr = stderr
    self.exitStatus = exitStatus
    self.exitSignal = exitSignal
  }

  /// The return code as Ansible reports it: the exit status, or minus the signal number
  /// (Python's convention) when a signal ended the command.
  package var rc: Int {
    if let exitStatus { return Int(exitStatus) }
    return -(exitSignal.flatMap(Signals.number) ?? 1)
  }
}

/// Signal names as the SSH protocol sends them, to numbers as Linux uses them.
enum Signals {
  static let numbers: [String: Int] = [
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
    "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "XCPU": 24, "XFSZ": 25,
    "SYS": 31,
  ]

  static func number(_ name: String) -> Int? { numbers[name] }

  static func name(_ number: Int32) -> String {
    numbers.first { $0.value == Int(number) }?.key ?? String(number)
  }
}

extension LocalProcess.Outcome {
  /// The outcome as a connection reports a command's.
  var commandResult: CommandResult {
    CommandResult(
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
      exitStatus: exitStatus, exitSignal: signal.map(Signals.name))
  }
}
