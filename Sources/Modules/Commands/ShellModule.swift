import SwiftPlayCore

/// Runs a command line through the target's /bin/sh (or `executable`), so pipes,
/// redirections and variables work.
///
/// ```yaml
/// - name: count the users
///   ansible.builtin.shell: getent passwd | wc -l
/// - name: in bash, from a folder
///   ansible.builtin.shell:
///     cmd: set -o pipefail; ls | head -1
///     executable: /bin/bash
///     chdir: /etc
/// ```
public struct ShellModule: Module {
  public static let name = "shell"
  public static let printsCommandOutput = true
  public static let takesFreeForm = true
  public static let argumentNames: Set<String> = ["cmd", "chdir", "creates", "removes", "executable", "stdin", "stdin_add_newline", "strip_empty_ends"]

  let script: String
  let executable: String
  let chdir: String?
  let creates: String?
  let removes: String?
  let stdin: String?
  let stripEnds: Bool

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames.union(["_raw_params"]))
    guard let script = arguments.freeForm ?? arguments.string("cmd") ?? arguments.string("_raw_params"),
      !script.trimmingCharacters(in: .whitespaces).isEmpty
    else {
      throw ModuleError(module: Self.name, message: "no command given: write it as the free-form argument or as cmd")
    }
    self.script = script
    executable = arguments.string("executable") ?? "/bin/sh"
    chdir = arguments.string("chdir")
    creates = arguments.string("creates")
    removes = arguments.string("removes")
    stdin = StdinOption.text(arguments)
    stripEnds = arguments.options["strip_empty_ends"]?.truthy ?? true
  }

  public func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    if let skipped = try await CommandRun.skipIfSatisfied(creates: creates, removes: removes, chdir: chdir, on: target) {
      return skipped
    }
    var line = ShellQuote.join([executable, "-c", script])
    if let chdir { line = "cd \(ShellQuote.quote(chdir)) && \(line)" }
    return try await CommandRun.execute(line, cmd: .string(script), stdin: stdin, stripEnds: stripEnds, on: target)
  }
}
