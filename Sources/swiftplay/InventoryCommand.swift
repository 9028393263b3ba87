import ArgumentParser
import Foundation
import SwiftPlayCore

/// `swiftplay inventory --list | --graph [GROUP]`, like `ansible-inventory`.
struct InventoryCommand: AsyncParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inventory", abstract: "Show the inventory as ansible-inventory does (--list or --graph).")

  @Option(name: [.customShort("i"), .long], help: "Inventory file, folder or 'host1,host2,' list; repeatable.")
  var inventory: [String] = []

  @Flag(help: "The whole inventory as JSON, with each host's variables.")
  var list = false

  @Flag(help: "The group tree.")
  var graph = false

  @Argument(help: "With --graph: the group to start from (default all).")
  var group: String?

  func execute() async throws -> Int32 {
    guard list != graph else {
      throw ValidationError("give exactly one of --list and --graph")
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
    let start = group ?? "all"
    guard loaded.groups[start] != nil else {
      display.error("no group named '\(start)' in the inventory")
      return 1
    }
    display.out(InventoryReport.graph(loaded, from: start))
    return 0
  }
}
