import Foundation
import Testing

/// The real SSH lab of lab/lab.sh: five sshd on 127.0.0.2-6:2222 with a real `lab` user.
/// Started once per test process when it is not already running; left running for the
/// next run (the test script stops it).
enum Lab {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
  static let dir = ProcessInfo.processInfo.environment["SWIFTPLAY_LAB_DIR"] ?? "/tmp/swiftplay-lab"
  static let port = Int(ProcessInfo.processInfo.environment["SWIFTPLAY_LAB_PORT"] ?? "2222") ?? 2222
  static let hostCount = 5
  static var inventory: String { dir + "/inventory" }
  static var knownHosts: String { dir + "/known_hosts" }
  static func key(_ name: String) -> String { "\(dir)/keys/\(name)" }
  static func address(_ index: Int) -> String { "127.0.0.\(index + 1)" }
  /// The lab user's password file, or that of the variant user `lab` + `variant` (alt,
  /// nopw, tty, su: see lab/lab.sh).
  static func password(_ variant: String = "") -> String { variant.isEmpty ? dir + "/password" : "\(dir)/password-lab\(variant)" }
  static func passwordText(_ variant: String = "") throws -> String {
    try String(contentsOfFile: password(variant), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The built swiftplay binary, beside the test bundle unless SWIFTPLAY_BIN names one.
  static let binary: String = ProcessInfo.processInfo.environment["SWIFTPLAY_BIN"]
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("swiftplay").path

  private static let started: Result<Void, LabError> = Result { () throws(LabError) in
    let status = try run(["bash", root + "/lab/lab.sh", "status"])
    let running = status.stdout.components(separatedBy: "\n").filter { $0.contains("running") }.count
    // A lab from before the sudo-variant users existed is brought up again to make them.
    let current = FileManager.default.fileExists(atPath: inventory) && FileManager.default.fileExists(atPath: password("su"))
    if running == hostCount && current { return }
    let up = try run(["bash", root + "/lab/lab.sh", "up", String(hostCount)])
    guard up.code == 0 else { throw LabError(message: "lab/lab.sh up failed:\n\(up.stdout)\(up.stderr)") }
  }

  /// Call at the start of every test that talks to the lab.
  static func ensureUp() throws {
    try started.get()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw LabError(message: "no swiftplay binary at \(binary): build it with `swift build` or set SWIFTPLAY_BIN")
    }
  }

  struct Output {
    var stdout: String
    var stderr: String
    var code: Int32
  }

  struct LabError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  /// Runs a program to completion with NO_COLOR set; stdin is /dev/null.
  static func run(_ argv: [String], environment: [String: String] = [:], in directory: String? = nil) throws(LabError) -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"].merging(environment) { $1 }) { $1 }
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? FileManager.default.temporaryDirectory.path)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do { try withNoSignalsBlocked { try process.run() } } catch { throw LabError(message: "cannot run \(argv): \(error)") }
    // Read both pipes before waiting, so a chatty child cannot fill one and stall.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errData.isSet { usleep(1000) }
    return Output(
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: errData.value, as: UTF8.self),
      code: process.terminationStatus)
  }

  /// Runs `body` (which starts a child) with this thread's signal mask empty. A child
  /// inherits the mask of the thread that starts it, and the test runner's threads block
  /// SIGALRM among others: ansible-playbook's `timeout:` keyword (an alarm) then never
  /// fires, and the tasks it should stop run to the end.
  static func withNoSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
    var none = sigset_t(), saved = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    return try body()
  }

  /// Runs swiftplay with `arguments`.
  static func swiftplay(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
    try ensureUp()
    return try run([binary] + arguments, environment: environment)
  }

  /// A scratch folder for one test.
  static func scratch() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftplay-it-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes a 0600 vars file holding `ansible_become_password` (the lab user's unless
  /// `password` is given), as a vault would leave it, and returns its path.
  @discardableResult
  static func writeBecomeVars(_ path: String, password: String? = nil) throws -> String {
    let text = "ansible_become_password: \"\(try password ?? passwordText())\"\n"
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
      throw LabError(message: "cannot write \(path)")
    }
    return path
  }

  /// Writes an inventory file in a scratch folder and returns its path.
  static func writeInventory(_ text: String) throws -> String {
    let path = try scratch() + "/hosts"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// The common connection variables of the lab, for hand-written inventories: joined by
  /// spaces for a host line, by newlines for a `[group:vars]` section.
  static func connectionVars(key: String = "id_ed25519", knownHosts: String? = nil, separator: String = " ") -> String {
    ["ansible_port=\(port)", "ansible_user=lab", "ansible_ssh_private_key_file=\(Lab.key(key))",
     "ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts ?? Lab.knownHosts)'"].joined(separator: separator)
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  func set(_ value: Data) { lock.withLock { data = value } }
  var isSet: Bool { lock.withLock { data != nil } }
  var value: Data { lock.withLock { data ?? Data() } }
}

extension String {
  /// How many times `text` occurs.
  func occurrences(of text: String) -> Int { components(separatedBy: text).count - 1 }
}
