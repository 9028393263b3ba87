import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

struct VariablesTests {
  @Test func extraVarsInEveryForm() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("extra-\(UUID()).yml").path
    try "from_file: 3\nlist: [a, b]\n".write(toFile: file, atomically: true, encoding: .utf8)
    let vars = try ExtraVars.parse(["a=1 b='two words'", "{\"json\": true, \"a\": 5}", "@" + file])
    #expect(vars["a"] == .int(5))  // later arguments win; JSON keeps the type
    #expect(vars["b"] == "two words")
    #expect(vars["json"] == .bool(true))
    #expect(vars["from_file"] == .int(3))
    #expect(vars["list"] == .list(["a", "b"]))
    #expect(try ExtraVars.parse(["n=1"])["n"] == "1")  // key=value stays a string
    #expect(throws: ExtraVars.ParseError.self) { try ExtraVars.parse(["novalue"]) }
  }

  @Test func magicVariables() throws {
    var inventory = Inventory()
    try INIInventoryParser().parse("solo\n[web]\nweb1.example.com\n[site:children]\nweb\n", file: "/inv/hosts", into: &inventory)
    inventory.finish()
    let magic = MagicVariables(inventory: inventory)
    let vars = magic.forHost("web1.example.com", inventory: inventory, playHosts: ["web1.example.com"])
    #expect(vars["inventory_hostname"] == "web1.example.com")
    #expect(vars["inventory_hostname_short"] == "web1")
    #expect(vars["group_names"] == .list(["site", "web"]))
    guard case let .dict(groups)? = vars["groups"] else { Issue.record("no groups"); return }
    #expect(groups["ungrouped"] == .list(["solo"]))
    #expect(groups["all"] == .list(["solo", "web1.example.com"]))
    #expect(magic.forHost("solo", inventory: inventory, playHosts: [])["group_names"] == .list(["ungrouped"]))
  }
}
