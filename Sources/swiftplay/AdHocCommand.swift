import Foundation
import ArgumentParser
import SwiftPlayCore
import ValueModel

/// `swiftplay [options] PLAYBOOK...` runs playbooks, like `ansible-playbook`;
/// `swiftplay -m MODULE -a ARGS PATTERN` runs one module, like `ansible`. `-m` or `-a`
/// select ad-hoc mode; without them the arguments are playbooks.
struct AdHocCommand: AsyncParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run playbooks, or (with -m/-a) one module on the hosts a pattern matches. The default: `run` may be left out.",
    aliases: ["adhoc"])

  @Option(name: [.customShort("i"), .long], help: "Inventory file, folder or 'host1,host2,' list; repeatable. Default: ./inventory, then /etc/ansible/hosts.")
  var inventory: [String] = []

  @Option(name: [.customShort("m"), .customLong("module-name")], help: "Module to run (default: command).")
  var moduleName: String?

  @Option(name: [.customShort("a"), .customLong("args")], help: "Module arguments, as Ansible's -a.")
  var moduleArguments: String?

  @Flag(name: [.customShort("o"), .customLong("one-line")], help: "One line of output per host.")
  var oneLine = false

  @Option(name: .customLong("tree"), help: "Ad-hoc mode: write each host's result as JSON to DIR/<host> (-t DIR too, as Ansible's -t).")
  var tree: String?

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

  @Option(name: [.customShort("B"), .customLong("background")], help: "Run the module as an async job of at most SECONDS on each host.")
  var background: Int?

  @Option(name: [.customShort("P"), .customLong("poll")], help: "With -B, check the job every SECONDS (default 15; 0 returns the job id at once).")
  var poll: Int?

  @Flag(name: .customShort("v"), help: "More output; -vvv shows connections and commands.")
  var verbosity: Int

  @Option(name: [.customShort("e"), .customLong("extra-vars")], help: "Variables above all others: key=value, JSON or YAML, or @FILE; repeatable.")
  var extraVars: [String] = []

  @Option(name: [.customShort("l"), .long], help: "Further limit the hosts to a pattern, or to the hosts listed in @FILE.")
  var limit: String?

  @Flag(name: .customLong("list-hosts"), help: "List the hosts the pattern matches and stop.")
  var listHosts = false

  @Option(
    name: .customLong("shard"),
    help: ArgumentHelp(
      "Run only the I-th of N disjoint slices of the inventory, as AWX's job slicing: hosts sorted by name, "
        + "every N-th from the I-th (the same slices on every run, whatever --limit; --limit and the plays' "
        + "patterns then apply inside the slice). The slice is the whole inventory for the run: groups, hostvars, "
        + "run_once, delegate_to and serial batches see only its hosts. Merge the slices' --output json reports "
        + "with `swiftplay report merge`.",
      valueName: "I/N"))
  var shard: String?

  @OptionGroup(title: "Playbooks and privilege escalation")
  var playbookOptions: PlaybookOptions

  @OptionGroup(title: "Vault")
  var vaultOptions: VaultPasswordOptions

  @Argument(help: "Playbook files; or, with -m/-a, a host pattern: all, a group, a host, a,b, g1:!g2.")
  var targets: [String] = []

  /// Ad-hoc mode's one host pattern.
  var pattern: String { targets.first ?? "" }

  /// `-m`/`-a`, or `--list-hosts PATTERN` where the pattern is no playbook file.
  var isAdHoc: Bool {
    moduleName != nil || moduleArguments != nil
      || (listHosts && targets.count == 1 && !FileManager.default.fileExists(atPath: targets[0]))
  }

  func execute() async throws -> Int32 {
    // A bad --shard is a usage error before anything is read.
    _ = try inventoryShard()
    if isAdHoc {
      guard targets.count == 1 else { throw UsageError(message: "ad-hoc mode takes exactly one host pattern, got \(targets.count)") }
      return try await executeAdHoc()
    }
    guard !targets.isEmpty else { throw UsageError(message: "give a playbook to run, or -m MODULE -a ARGS PATTERN for an ad-hoc command") }
    return try await executePlaybooks()
  }

  /// `--shard I/N`, read (nil without it).
  func inventoryShard() throws -> InventoryShard? {
    guard let shard else { return nil }
    do { return try InventoryShard(parsing: shard) } catch { throw UsageError(message: error.message) }
  }
}
