import AnsibleYAML
import Foundation
import Modules
import SwiftPlayCore
import ValueModel

/// A mistake in the command line that Ansible reports with exit code 5.
struct UsageError: Error {
  let message: String
}

extension AdHocCommand {
  /// Ad-hoc mode: settings, hosts and module are resolved and checked before anything
  /// connects; then secrets are asked for, then the one-task play runs in the engine.
  func executeAdHoc() async throws -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    let display = Display(colors: Display.wantsColor(environment: environment, config: config, isTerminal: Terminal.stdoutIsTerminal))
    config.warnings.forEach(display.warning)
    if verbosity > 0 { display.out(config.file.map { "Using \($0) as config file" } ?? "No config file found; using defaults") }
    let yaml = try vaultOptions.runLoader(config, display: display)
    do {
      var defaults = try connectionDefaults(config)
      let (inventory, hosts, unmatched) = try matchHosts(config, display, yaml: yaml)
      if listHosts {
        unmatched.forEach { display.warning(Self.unmatchedWarning($0)) }
        display.out("  hosts (\(hosts.count)):")
        hosts.forEach { display.out("    \($0)") }
        return 0
      }
      var adHoc = AdHocPlay(
        module: moduleName ?? "command", arguments: moduleArguments ?? "", pattern: pattern,
        directory: FileManager.default.currentDirectoryPath)
      adHoc.background = background
      adHoc.poll = poll
      let catalog = RegistryCatalog.make(config)
      let playbook: Playbook
      do { playbook = try adHoc.playbook(catalog: catalog) } catch { throw UsageError(message: error.message) }
      let extra: ValueDict
      do { extra = try ExtraVars.parse(extraVars, yaml: yaml) } catch { throw UsageError(message: error.description) }
      guard !hosts.isEmpty else {
        unmatched.forEach { display.warning(Self.unmatchedWarning($0)) }
        display.warning("No hosts matched, nothing to do")
        return 0
      }
      // The engine matches the pattern again and warns about what matched nothing.
      var options = runOptions(config, extraVars: extra)
      options.yaml = yaml
      if askPass { defaults.password = try Terminal.readSecret(prompt: "SSH password: ") }
      if playbookOptions.askBecomePass || config.bool("become_ask_pass") {
        options.become.password = try Terminal.readSecret(prompt: "BECOME password: ")
      }
      let verbosity = self.verbosity
      let factory = ConnectionFactory(defaults: defaults, credentials: Credentials()) { level, message in
        if level <= verbosity { display.out(message, color: .verbose) }
      }
      let loader = PlaybookLoader(
        catalog: catalog, rolesPath: options.rolesPath, extraVars: extra, collections: CollectionRoots.configured(config), yaml: yaml)
      let runner = PlaybookRunner(
        playbook: playbook, inventory: inventory, options: options, factory: factory, catalog: catalog,
        loader: loader, callback: makeAdHocCallback(display: display, options: options, catalog: catalog))
      let interrupt = InterruptFlag()
      return await runner.run(interrupted: { interrupt.isSet })
    } catch let error as UsageError {
      display.error(error.message)
      return 5
    }
  }

  /// The ad-hoc outputs: minimal (or oneline with `-o`), and the tree files with
  /// `-t DIR`/`--tree DIR` (in ad-hoc mode `-t` is the tree, as in Ansible's `ansible`).
  func makeAdHocCallback(display: Display, options: RunOptions, catalog: any ModuleCatalog) -> any PlaybookCallback {
    let stdout: any PlaybookCallback = oneLine
      ? OneLineCallback(display: display, catalog: catalog, verbosity: options.verbosity)
      : MinimalCallback(display: display, catalog: catalog, diff: options.diff, verbosity: options.verbosity)
    guard let directory = tree ?? playbookOptions.tags.last else { return stdout }
    return CallbackGroup([stdout, TreeCallback(directory: directory, display: display, verbosity: options.verbosity)])
  }

  /// What the command line and ansible.cfg decide for a run, in either mode.
  func runOptions(_ config: AnsibleConfig, extraVars: ValueDict) -> RunOptions {
    var options = RunOptions()
    options.configFile = config.file
    options.forks = forks ?? config.int("forks") ?? 50
    options.checkMode = playbookOptions.check
    options.diff = playbookOptions.diff
    options.limit = limit
    options.extraVars = extraVars
    options.taskTimeout = (taskTimeout.map { Int($0.rounded(.up)) } ?? config.int("task_timeout")).flatMap { $0 > 0 ? $0 : nil }
    options.gathering = config["gathering"] ?? "implicit"
    options.become = playbookOptions.becomeDefaults(config)
    options.verbosity = verbosity
    options.rolesPath = config.pathList("roles_path")
    return options
  }

  static func unmatchedWarning(_ term: String) -> String { "Could not match supplied host pattern, ignoring: \(term)" }

  /// Command-line options over ansible.cfg.
  func connectionDefaults(_ config: AnsibleConfig) throws -> ConnectionDefaults {
    var defaults = ConnectionDefaults()
    if let transport = connection ?? config["transport"] {
      guard let chosen = Transport(ansibleName: transport) else {
        throw UsageError(message: "unknown connection '\(transport)': use libssh2, openssh (or ssh) or local")
      }
      defaults.transport = chosen
    }
    defaults.user = user ?? config["remote_user"]
    defaults.privateKeyFile = privateKey ?? config["private_key_file"]
    defaults.connectTimeout = timeout ?? config.int("timeout").map(Double.init) ?? 10
    defaults.hostKeyChecking = config.bool("host_key_checking")
    return defaults
  }

  /// Loads the inventory (from -i, else ansible.cfg, else the defaults), keeps the
  /// `--shard` slice of it, and applies the pattern and `-l`; also returns the pattern's terms that matched nothing.
  func matchHosts(_ config: AnsibleConfig, _ display: Display, yaml: YAMLLoader) throws -> (Inventory, [String], [String]) {
    var loader = InventoryLoader(yaml: yaml)
    let sources = inventory.isEmpty ? config.inventorySources : inventory
    var hostInventory = try loader.load(sources: sources, currentDirectory: FileManager.default.currentDirectoryPath)
    loader.warnings.forEach(display.warning)
    try inventoryShard()?.apply(to: &hostInventory)
    var (hosts, unmatched) = HostPattern(pattern).resolve(in: hostInventory)
    if let limit { hosts = try HostPattern.limit(hosts, to: limit, in: hostInventory) }
    return (hostInventory, hosts, unmatched)
  }
}
