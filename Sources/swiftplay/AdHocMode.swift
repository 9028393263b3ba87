import Foundation
import Modules
import SwiftPlayCore

extension SwiftPlay {
  /// Ad-hoc mode: resolve settings, hosts and the module, ask for secrets, then run.
  func execute() async throws -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    let display = Display(colors: Display.wantsColor(environment: environment, config: config, isTerminal: Terminal.stdoutIsTerminal))

    if moduleName == nil && moduleArguments == nil && (pattern.hasSuffix(".yml") || pattern.hasSuffix(".yaml")) {
      display.error("'\(pattern)' looks like a playbook: this build runs ad-hoc commands only (-m MODULE -a ARGS PATTERN)")
      return 1
    }

    // Everything the user typed is checked before anything connects.
    let name = moduleName ?? "command"
    guard let moduleType = ModuleRegistry.lookup(name) else {
      display.error(ModuleRegistry.unknownModuleError(name).message)
      return 5
    }
    if moduleType.takesFreeForm && (moduleArguments ?? "").isEmpty {
      display.error("No argument passed to \(name) module")
      return 5
    }
    let module: any Module
    do { module = try moduleType.parse(adHocArguments: moduleArguments ?? "") } catch {
      display.error(error.message)
      return 5
    }
    var defaults = ConnectionDefaults()
    if let transport = connection ?? config["transport"] {
      guard let chosen = Transport(ansibleName: transport) else {
        display.error("unknown connection '\(transport)': use libssh2, openssh (or ssh) or local")
        return 5
      }
      defaults.transport = chosen
    }
    defaults.user = user ?? config["remote_user"]
    defaults.privateKeyFile = privateKey ?? config["private_key_file"]
    defaults.connectTimeout = timeout ?? config.int("timeout").map(Double.init) ?? 10
    defaults.hostKeyChecking = config.bool("host_key_checking")

    var loader = InventoryLoader()
    let sources = inventory.isEmpty
      ? (config["inventory"].map { $0.split(separator: ",").map(String.init) } ?? []) : inventory
    let hostInventory = try loader.load(sources: sources, currentDirectory: FileManager.default.currentDirectoryPath)
    loader.warnings.forEach(display.warning)
    let (hosts, unmatched) = HostPattern(pattern).resolve(in: hostInventory)
    for term in unmatched { display.warning("Could not match supplied host pattern, ignoring: \(term)") }
    if listHosts {
      display.out("  hosts (\(hosts.count)):")
      hosts.forEach { display.out("    \($0)") }
      return 0
    }
    guard !hosts.isEmpty else {
      display.warning("No hosts matched, nothing to do")
      return 0
    }

    if askPass { defaults.password = try Terminal.readSecret(prompt: "SSH password: ") }
    let verbosity = self.verbosity
    let factory = ConnectionFactory(defaults: defaults, credentials: Credentials()) { level, message in
      if level <= verbosity { display.out(message, color: .verbose) }
    }
    let callback: any AdHocCallback = oneLine ? OneLineCallback(display: display) : MinimalCallback(display: display)
    let runner = AdHocRunner(
      inventory: hostInventory, factory: factory, forks: forks ?? config.int("forks") ?? 50, callback: callback,
      commandTimeout: taskTimeout ?? config.int("task_timeout").flatMap { $0 > 0 ? Double($0) : nil })
    return await runner.run(module, on: hosts).exitCode
  }
}
