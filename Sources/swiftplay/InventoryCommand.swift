import ArgumentParser
import Foundation
import SwiftPlayCore
import ValueModel

/// `swiftplay inventory --list | --graph [GROUP] | --host NAME`, like `ansible-inventory`.
struct InventoryCommand: AsyncParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inventory", abstract: "Show the inventory as ansible-inventory does (--list, --graph or --host).")

  @Option(name: [.customShort("i"), .long], help: "Inventory file, folder or 'host1,host2,' list; repeatable.")
  var inventory: [String] = []

  @Flag(help: "The whole inventory as JSON, with each host's variables.")
  var list = false

  @Flag(help: "The group tree.")
  var graph = false

  @Option(help: "One host's variables as JSON.")
  var host: String?

  @Argument(help: "With --graph: the group to start from (default all).")
  var group: String?

  func execute() async throws -> Int32 {
    guard [list, graph, host != nil].filter({ $0 }).count == 1 else {
      throw ValidationError("give exactly one of --list, --graph and --host")
    }
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    let display = Display(colors: false)
    config.warnings.forEach(display.warning)
    var loader = InventoryLoader()
    let sources = inventory.isEmpty ? config.inventorySources : inventory
    let loaded = try loader.load(sources: sources, currentDirectory: FileManager.default.currentDirectoryPath)
    loader.warnings.forEach(display.warning)
    if list {
      display.out(InventoryReport.list(loaded))
      return 0
    }
    if let host {
      guard loaded.hosts[host] != nil else {
        display.warning("Could not match supplied host pattern, ignoring: \(host)")
        display.error("You must pass a single valid host to --host parameter")
        return 5
      }
      display.out(JSON.dump(.dict(loaded.variables(for: host)), indent: 4))
      return 0
    }
    let start = group ?? "all"
    guard loaded.groups[start] != nil else {
      display.error("no group named '\(start)' in the inventory")
      return 1
    }
    display.out(InventoryReport.graph(loaded, from: start))
    return 0
  }
}
