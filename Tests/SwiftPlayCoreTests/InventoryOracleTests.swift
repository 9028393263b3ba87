import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

/// Inventories whose `ansible-inventory --list` and `--graph` output was recorded from
/// ansible-core (scripts/inventory-oracle) must come out of swiftplay byte for byte.
struct InventoryOracleTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/inventories").path
  static let fixtures = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()

  @Test func everyFixtureIsThere() {
    #expect(Self.fixtures == ["folder", "team", "thirty-hosts", "yaml"])
  }

  @Test(arguments: fixtures)
  func matchesAnsibleInventory(fixture: String) throws {
    let folder = Self.root + "/" + fixture
    let source = try String(contentsOfFile: folder + "/source", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    var loader = InventoryLoader()
    let inventory = try loader.load(sources: [folder + "/" + source], currentDirectory: folder)
    #expect(loader.warnings.isEmpty)
    let list = try String(contentsOfFile: folder + "/expected-list.json", encoding: .utf8)
    let graph = try String(contentsOfFile: folder + "/expected-graph.txt", encoding: .utf8)
    #expect(InventoryReport.list(inventory) + "\n" == list)
    #expect(InventoryReport.graph(inventory) + "\n" == graph)
    let host = try String(contentsOfFile: folder + "/host", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let hostVars = try String(contentsOfFile: folder + "/expected-host.json", encoding: .utf8)
    #expect(JSON.dump(.dict(inventory.variables(for: host)), indent: 4) + "\n" == hostVars)
  }

  @Test func thirtyHostsWithRangesChildrenAndVarsFiles() throws {
    let folder = Self.root + "/thirty-hosts"
    var loader = InventoryLoader()
    let inventory = try loader.load(sources: [folder + "/hosts"], currentDirectory: folder)
    #expect(inventory.hostNames.count == 30)
    // group_vars/web/ (two files, later wins) over group_vars/all over [site:vars]; host_vars over all.
    #expect(inventory.variables(for: "web02.example.com")["http_port"] == .int(8080))
    #expect(inventory.variables(for: "web01.example.com")["http_port"] == .int(80))
    #expect(inventory.variables(for: "cache1")["level"] == "all-file")
  }
}
