import ArgumentParser
import Foundation
import Modules
import SwiftPlayCore

/// The `swiftplay` command: flags in, wiring out. All behaviour lives in the libraries.
@main
struct SwiftPlay: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "swiftplay",
    abstract: "An Ansible-compatible playbook engine: run a module on the hosts of an inventory.",
    discussion: """
      Ad-hoc mode, like `ansible`:  swiftplay -i inventory -m shell -a hostname all
      Exit codes: 0 all ok, 2 a host failed, 4 a host unreachable, 5 bad options, 1 other errors.
      """,
    version: "swiftplay 0.1.0")

  @Option(name: [.customShort("i"), .long], help: "Inventory file, folder or 'host1,host2,' list; repeatable. Default: ./inventory, then /etc/ansible/hosts.")
  var inventory: [String] = []

  @Option(name: [.customShort("m"), .customLong("module-name")], help: "Module to run (default: command).")
  var moduleName: String?

  @Option(name: [.customShort("a"), .customLong("args")], help: "Module arguments, as Ansible's -a.")
  var moduleArguments: String?

  @Flag(name: [.customShort("o"), .customLong("one-line")], help: "One line of output per host.")
  var oneLine = false

  @Option(name: [.customShort("f"), .long], help: "Hosts worked on at once (default 50, not Ansible's 5: swiftplay's connections are cheap).")
  var forks: Int?

  @Option(name: [.customShort("u"), .long], help: "Remote user, unless the inventory sets ansible_user.")
  var user: String?

  @Option(name: [.customShort("c"), .long], help: "Connection: libssh2 (default), openssh (alias ssh) or local.")
  var connection: String?

  @Option(name: [.customLong("private-key"), .customLong("key-file")], help: "Private key file.")
  var privateKey: String?

  @Flag(name: [.customShort("k"), .customLong("ask-pass")], help: "Ask for the SSH password once, before connecting.")
  var askPass = false

  @Option(name: [.customShort("T"), .long], help: "Connect timeout in seconds (default 10).")
  var timeout: Double?

  @Option(name: .customLong("task-timeout"), help: "Seconds a command may run before it is stopped (default 0: no limit).")
  var taskTimeout: Double?

  @Flag(name: .customShort("v"), help: "More output; -vvv shows connections and commands.")
  var verbosity: Int

  @Flag(name: .customLong("list-hosts"), help: "List the hosts the pattern matches and stop.")
  var listHosts = false

  @Argument(help: "Host pattern: all, a group, a host, a,b, g1:!g2.")
  var pattern: String

  static func main() async {
    // A peer that closes a pipe or socket must give us EPIPE, not kill the whole run.
    signal(SIGPIPE, SIG_IGN)
    let command: SwiftPlay
    do {
      command = try parse()
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
    do {
      Foundation.exit(try await command.execute())
    } catch {
      // Configuration, inventory and prompt errors: they name the file and line themselves.
      FileHandle.standardError.write(Data("ERROR! \(error)\n".utf8))
      Foundation.exit(1)
    }
  }
}
