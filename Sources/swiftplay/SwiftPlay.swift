import ArgumentParser
import Foundation
import SwiftPlayCore

/// The `swiftplay` command: flags in, wiring out. All behaviour lives in the libraries.
@main
struct SwiftPlay: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "swiftplay",
    abstract: "An Ansible-compatible playbook engine.",
    discussion: """
      Playbooks, like `ansible-playbook`:  swiftplay -i inventory -K site.yml
      Ad-hoc mode, like `ansible`:         swiftplay -i inventory -m shell -a hostname all
      (see `swiftplay help run` for every option).
      Sharded (see --shard): swiftplay --shard 2/3 --output json site.yml > 2.json
      then one recap:        swiftplay report merge 1.json 2.json 3.json
      Exit codes: 0 all ok, 2 a host failed, 4 a host unreachable or a playbook that does not
      parse, 5 bad options, 99 interrupted, 1 other errors.
      """,
    version: "swiftplay 0.1.0",
    subcommands: [AdHocCommand.self, InventoryCommand.self, ConfigCommand.self, VaultCommand.self, ReportCommand.self],
    defaultSubcommand: AdHocCommand.self)

  static func main() async {
    // A peer that closes a pipe or socket must give us EPIPE, not kill the whole run.
    signal(SIGPIPE, SIG_IGN)
    let command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      // Ansible exits 5 for bad options; help and --version are not errors.
      let message = fullMessage(for: error)
      if exitCode(for: error) == .success {
        print(message)
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data("ERROR! \(message)\n".utf8))
      Foundation.exit(5)
    }
    guard let runnable = command as? any RunnableCommand else {
      // `swiftplay help adhoc`: argument-parser's own help command, which ends by
      // throwing the request for that subcommand's help.
      var builtIn = command
      do { try builtIn.run() } catch { print(fullMessage(for: error)) }
      Foundation.exit(0)
    }
    do {
      leave(try await runnable.execute())
    } catch let error as UsageError {
      FileHandle.standardError.write(Data("ERROR! \(error.message)\n".utf8))
      leave(5)
    } catch {
      // Configuration, inventory and prompt errors: they name the file and line themselves.
      FileHandle.standardError.write(Data("ERROR! \(error)\n".utf8))
      leave(1)
    }
  }

  /// Ends a run without the C library's exit handlers: OpenSSL's cleanup among them freed
  /// its locks while a worker thread still finished with an SSH session, which crashed a
  /// run after its recap ("double free or corruption"). Output is flushed first; every
  /// file the run made was removed by the code that made it.
  private static func leave(_ code: Int32) -> Never {
    fflush(nil)
    _exit(code)
  }
}

/// A subcommand that runs and returns Ansible's exit code.
protocol RunnableCommand {
  func execute() async throws -> Int32
}
