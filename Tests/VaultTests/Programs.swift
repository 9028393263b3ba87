import Foundation
import Testing

/// The programs the interop tests run: the real ansible-vault and ansible (the reference),
/// and the built swiftplay binary.
enum Programs {
  struct Missing: Error, CustomStringConvertible {
    let description: String
  }

  struct Output {
    var stdout: Data
    var stderr: String
    var status: Int32
    var text: String { String(decoding: stdout, as: UTF8.self) }
  }

  /// A program (ansible-vault, ansible, python3) from PATH or the pyenv, or an error saying
  /// how to install it: the interop tests must not pass silently without the reference.
  static func installed(_ name: String) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let home = environment["HOME"] ?? "/root"
    var folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
    folders.append(home + "/.pyenv/shims")
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: home + "/.pyenv/versions")) ?? []
    folders += versions.sorted().reversed().map { "\(home)/.pyenv/versions/\($0)/bin" }
    folders += ["/usr/local/bin", "/usr/bin"]
    for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
      return folder + "/" + name
    }
    throw Missing(description: "\(name) not found on PATH or in ~/.pyenv: run scripts/install-dependencies "
      + "(it installs Ansible from PyPI; CI runs it), then run the tests again")
  }

  /// The built swiftplay, beside the test bundle unless SWIFTPLAY_BIN names one (as the
  /// integration tests find it).
  static func swiftplay() throws -> String {
    let path = ProcessInfo.processInfo.environment["SWIFTPLAY_BIN"]
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("swiftplay").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw Missing(description: "no swiftplay binary at \(path): build it with `swift build` or set SWIFTPLAY_BIN")
    }
    return path
  }

  /// Runs `argv` in `directory` with stdin from `input` (or /dev/null).
  static func run(
    _ argv: [String], in directory: String, environment: [String: String] = [:], input: Data? = nil
  ) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    for name in ["ANSIBLE_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_IDENTITY_LIST", "ANSIBLE_CONFIG"] where environment[name] == nil {
      merged[name] = nil
    }
    merged["ANSIBLE_NOCOLOR"] = "1"
    process.environment = merged
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    process.standardOutput = out
    // stderr through a file: no second pipe to drain while stdout is read.
    let errorPath = FileManager.default.temporaryDirectory.path + "/vault-tests-stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errorPath) }
    let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardError = errorHandle
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    try errorHandle.close()
    if let input {
      inputPipe.fileHandleForWriting.write(input)
      try inputPipe.fileHandleForWriting.close()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    return Output(stdout: stdout, stderr: stderr, status: process.terminationStatus)
  }
}
