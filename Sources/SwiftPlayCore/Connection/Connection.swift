/// What a command run on a host produced.
public struct CommandResult: Sendable, Equatable {
  public var stdout: String
  public var stderr: String
  /// The exit status; nil when a signal ended the command.
  public var exitStatus: Int32?
  /// The signal's name without "SIG" (e.g. "KILL") when one ended the command.
  public var exitSignal: String?

  public init(stdout: String, stderr: String, exitStatus: Int32?, exitSignal: String? = nil) {
    self.stdout = stdout
    self.stderr = stderr
    self.exitStatus = exitStatus
    self.exitSignal = exitSignal
  }

  /// The return code as Ansible reports it: the exit status, or minus the signal number
  /// (Python's convention) when a signal ended the command.
  public var rc: Int {
    if let exitStatus { return Int(exitStatus) }
    return -(exitSignal.flatMap(Signals.number) ?? 1)
  }
}

/// Failures of the transport itself, as opposed to a command that ran and failed.
public enum ConnectionError: Error, CustomStringConvertible, Sendable {
  /// The host could not be reached or logged into: Ansible's UNREACHABLE.
  case unreachable(String)
  /// Connected, but an operation failed (a timeout, a file that could not be written).
  case failed(String)

  public var description: String {
    switch self {
    case let .unreachable(message), let .failed(message): return message
    }
  }
}

/// A way to run commands and move files on one host. One instance serves one host for a
/// whole run and is safe to call from any task; implementations keep their blocking work
/// off Swift's cooperative thread pool.
public protocol Connection: AnyObject, Sendable {
  var settings: ConnectionSettings { get }

  /// Runs `command` through the remote user's shell, feeding `stdin`. `timeout` (seconds)
  /// bounds the command; nil waits as long as it takes.
  func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult

  /// Writes `bytes` to `path` with permission bits `mode`. The file appears whole or not at
  /// all: it is written to a temporary name in the same folder and renamed into place.
  func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError)

  /// Reads the whole file at `path`.
  func download(_ path: String) async throws(ConnectionError) -> [UInt8]

  /// Ends the session; further calls reconnect.
  func close() async
}

extension Connection {
  public func run(_ command: String) async throws(ConnectionError) -> CommandResult {
    try await run(command, stdin: [], timeout: nil)
  }

  /// A temporary name beside `path`, hidden, so a rename onto `path` stays on one filesystem.
  func temporaryPath(beside path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    return folder + ".\(name).swiftplay-\(UInt32.random(in: 0...UInt32.max)).tmp"
  }
}

/// Signal names as the SSH protocol sends them, to numbers as Linux uses them.
enum Signals {
  static let numbers: [String: Int] = [
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "ABRT": 6, "FPE": 8, "KILL": 9, "USR1": 10,
    "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
  ]

  static func number(_ name: String) -> Int? { numbers[name] }

  static func name(_ number: Int32) -> String {
    numbers.first { $0.value == Int(number) }?.key ?? String(number)
  }
}
