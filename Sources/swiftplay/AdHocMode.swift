import Foundation
import Modules
import SwiftPlayCore

/// A mistake in the command line that Ansible reports with exit code 5.
struct UsageError: Error {
  let message: String
}

extension AdHocCommand {
  /// Ad-hoc mode: settings, hosts and module are resolved and checked before anything
  /// connects; then secrets are asked for, then the module runs.
  func executeAdHoc() async throws -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    let display = Display(colors: Display.wantsColor(environment: environment, config: config, isTerminal: Terminal.stdoutIsTerminal))
    config.warnings.forEach(display.warning)
    try vaultOptions.installForRun(config)
    do {
      var defaults = try connectionDefaults(config)
      let (inventory, hosts) = try matchHosts(config, display)
      if listHosts {
        display.out("  hosts (\(hosts.count)):")
        hosts.forEach { display.out("    \($0)") }
        return 0
      }
      let moduleType = try validatedModule()
      let extra: [String: JSONValue]
      do { extra = try ExtraVars.parse(extraVars) } catch { throw UsageError(message: error.description) }
      guard !hosts.isEmpty else {
        display.warning("No hosts matched, nothing to do")
        return 0
      }

      var become = playbookOptions.becomeDefaults(config)
      if askPass { defaults.password = try Terminal.readSecret(prompt: "SSH password: ") }
      if playbookOptions.askBecomePass || config.bool("become_ask_pass") {
        become.password = try Terminal.readSecret(prompt: "BECOME password: ")
      }
      let verbosity = self.verbosity
      let factory = ConnectionFactory(defaults: defaults, credentials: Credentials()) { level, message in
        if level <= verbosity { display.out(message, color: .verbose) }
      }
      let callback: any AdHocCallback = oneLine ? OneLineCallback(display: display) : MinimalCallback(display: display)
      let runner = AdHocRunner(
        inventory: inventory, factory: factory, forks: forks ?? config.int("forks") ?? 50, callback: callback,
        commandTimeout: (taskTimeout ?? config.int("task_timeout").map(Double.init)).flatMap { $0 > 0 ? $0 : nil },
        extraVars: extra, become: become)
      return await runner.run(moduleType, arguments: moduleArguments ?? "", on: hosts).exitCode
    } catch let error as UsageError {
      display.error(error.message)
      return 5
    }
  }

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

  /// Loads the inventory (from -i, else ansible.cfg, else the defaults) and applies the
  /// pattern, warning as Ansible does about what matched nothing.
  func matchHosts(_ config: AnsibleConfig, _ display: Display) throws -> (Inventory, [String]) {
    var loader = InventoryLoader()
    let sources = inventory.isEmpty ? config.inventorySources : inventory
    let hostInventory = try loader.load(sources: sources, currentDirectory: FileManager.default.currentDirectoryPath)
    loader.warnings.forEach(display.warning)
    var (hosts, unmatched) = HostPattern(pattern).resolve(in: hostInventory)
    for term in unmatched { display.warning("Could not match supplied host pattern, ignoring: \(term)") }
    if let limit { hosts = try HostPattern.limit(hosts, to: limit, in: hostInventory) }
    return (hostInventory, hosts)
  }

  /// The module named by -m (command by default), once its -a arguments are known to be
  /// acceptable; each host renders and parses them again with its own variables.
  func validatedModule() throws -> any Module.Type {
    let name = moduleName ?? "command"
    guard let moduleType = ModuleRegistry.lookup(name) else {
      throw UsageError(message: ModuleRegistry.unknownModuleError(name).message)
    }
    if moduleType.takesFreeForm && (moduleArguments ?? "").isEmpty {
      throw UsageError(message: "No argument passed to \(name) module")
    }
    do { _ = try moduleType.parse(adHocArguments: moduleArguments ?? "") } catch {
      throw UsageError(message: error.message)
    }
    return moduleType
  }
}
