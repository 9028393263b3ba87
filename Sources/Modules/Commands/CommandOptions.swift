import SwiftPlayCore

/// The options command and shell share (chdir, creates, removes, stdin, strip_empty_ends)
/// and the run they share: the creates/removes check, the change of folder, the command.
struct CommandOptions: Sendable {
  static let names: Set<String> = ["chdir", "creates", "removes", "stdin", "stdin_add_newline", "strip_empty_ends"]

  let chdir: String?
  let creates: String?
  let removes: String?
  let stdin: String?
  let stripEnds: Bool

  init(_ arguments: ModuleArguments) {
    chdir = arguments.string("chdir")
    creates = arguments.string("creates")
    removes = arguments.string("removes")
    stripEnds = arguments.options["strip_empty_ends"]?.truthy ?? true
    let addNewline = arguments.options["stdin_add_newline"]?.truthy ?? true
    stdin = arguments.string("stdin").map { addNewline ? $0 + "\n" : $0 }
  }

  /// Runs `commandLine` in `chdir` unless creates/removes say it is not needed; `cmd` is
  /// what the result reports as the command.
  func run(_ commandLine: String, cmd: JSONValue, on target: Target) async throws(ConnectionError) -> ModuleResult {
    if let skipped = try await CommandRun.skipIfSatisfied(creates: creates, removes: removes, chdir: chdir, on: target) {
      return skipped
    }
    let line = chdir.map { "cd \(ShellQuote.quote($0)) && \(commandLine)" } ?? commandLine
    return try await CommandRun.execute(line, cmd: cmd, stdin: stdin, stripEnds: stripEnds, on: target)
  }
}
