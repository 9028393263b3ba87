import Foundation
import SwiftPlayCore

/// Copies a script from the controller to the host and runs it there with its arguments:
/// written as the (become) user into a private 0700 file in /tmp, run (by `executable`
/// when given, else by its own #! line), then removed. A relative path is looked for in
/// the role's or playbook's `files/`, as copy's `src`. creates/removes and chdir work as
/// in command; check mode reports it would run, as Ansible's script does.
///
/// ```yaml
/// - ansible.builtin.script: scripts/prepare-node.sh --swap off
///   args:
///     creates: /etc/node-prepared
/// ```
package struct ScriptModule: PlannedModule {
  package static let name = "script"
  package static let printsCommandOutput = true
  package static let takesFreeForm = true
  /// `decrypt` is accepted and changes nothing: a vault-encrypted script is not decrypted.
  package static let argumentSpec = ArgumentSpec(
    [.str("cmd"), .str("executable"), .bool("decrypt", default: true)]
      + CommandOptions.options(pathTyped: false).filter { ["chdir", "creates", "removes"].contains($0.name) })

  let path: String
  let arguments: [String]
  let executable: String?
  let options: CommandOptions

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let line = values.freeForm ?? values.string("cmd") ?? ""
    let words: [String]
    do { words = try ShellQuote.split(line) } catch {
      throw ModuleError(module: Self.name, message: "cannot split the script line: \(error)")
    }
    guard let first = words.first else { throw ModuleError(module: Self.name, message: "no script given: write it as the free-form argument or as cmd") }
    path = first
    self.arguments = Array(words.dropFirst())
    executable = values.string("executable")
    options = CommandOptions(values)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let candidates = path.hasPrefix("/") ? [path] : (target.searchPaths + ["."]).flatMap { ["\($0)/files/\(path)", "\($0)/\(path)"] }
    guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
      let data = FileManager.default.contents(atPath: found)
    else {
      return ModulePlan(result: ModuleResult(changed: false, failed: true, values: ["msg": .string("Could not find or access '\(path)' on the Ansible Controller.")]))
    }
    let remote = "/tmp/.swiftplay-script-\(UInt64.random(in: 0...UInt64.max))"
    let invocation = ShellQuote.join((executable.map { [$0] } ?? []) + [remote] + arguments)
    let line = "\(invocation); rc=$?; rm -f -- \(ShellQuote.quote(remote)); exit $rc"
    let planned = try await options.plan(line, cmd: .string(([path] + arguments).joined(separator: " ")), on: target)
    // creates/removes satisfied: nothing runs, and Ansible's script action reports the
    // task skipped with this message alone (no rc or output, unlike command's).
    if planned.result.values["msg"] != .string(CommandOptions.wouldRunMessage), !planned.result.failed,
      case let .string(said)? = planned.result.values["stdout"]
    {
      let message = said.hasSuffix("does not exist")
        ? "\(options.removes ?? "") does not exist, matching removes option" : "\(options.creates ?? "") exists, matching creates option"
      return ModulePlan(result: ModuleResult(changed: false, values: ["skipped": true, "msg": .string(message)]))
    }
    // Only a plan that runs the script uploads it first.
    guard let run = planned.apply else { return planned }
    return ModulePlan(result: planned.result) { target async throws(ConnectionError) in
      try await target.connection.upload([UInt8](data), to: remote, mode: 0o700)
      return try await run(target)
    }
  }
}
