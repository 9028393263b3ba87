import Foundation
import Testing
import AnsibleYAML

@testable import SwiftPlayCore

/// Hostile inventories end in an error that names the file and line: group loops in every
/// format, alias bombs, nesting too deep, host ranges too large.
struct InventoryLimitsTests {
  func yamlError(_ text: String, file: String = "hosts.yml") -> InventoryError? {
    var inventory = Inventory()
    do { try YAMLInventoryParser().parse(text, file: file, into: &inventory) } catch { return error }
    return nil
  }

  func iniError(_ text: String) -> InventoryError? {
    var inventory = Inventory()
    do { try INIInventoryParser().parse(text, file: "hosts", into: &inventory) } catch { return error }
    return nil
  }

  @Test func yamlGroupLoop() throws {
    let text = "all:\n  children:\n    a:\n      children:\n        b:\n    b:\n      children:\n        a:\n"
    let error = try #require(yamlError(text))
    #expect(error.line == 8, "\(error)")
    #expect(error.description.hasPrefix("hosts.yml:8: group 'a' cannot be a child of 'b': it would make a loop (b -> a -> b)"), "\(error)")
  }

  @Test func yamlLongerLoopAndSelfLoop() throws {
    let longer = "a:\n  children:\n    b:\n      children:\n        c:\nc:\n  children:\n    a:\n"
    let error = try #require(yamlError(longer))
    #expect(error.line == 8 && error.message.hasSuffix("(c -> a -> b -> c)"), "\(error)")
    let own = try #require(yamlError("x:\n  children:\n    x:\n"))
    #expect(own.line == 3 && own.message == "group 'x' cannot be a child of itself", "\(own)")
    let all = try #require(yamlError("x:\n  children:\n    all:\n"))
    #expect(all.line == 3 && all.message.hasSuffix("(x -> all -> x)"), "\(all)")
  }

  @Test func jsonGroupLoop() throws {
    let text = """
      {"all": {"children": {
        "a": {"children": {"b": {}}},
        "b": {"children": {"a": {}}}
      }}}
      """
    let error = try #require(yamlError(text, file: "hosts.json"))
    #expect(error.line == 3, "\(error)")
    #expect(error.message.hasPrefix("group 'a' cannot be a child of 'b'"), "\(error)")
  }

  @Test func iniGroupLoop() throws {
    let error = try #require(iniError("[a:children]\nb\n\n[b:children]\na\n"))
    #expect(error.description == "hosts:5: group 'a' cannot be a child of 'b': it would make a loop (b -> a -> b)")
    let own = try #require(iniError("[x:children]\nx\n"))
    #expect(own.description == "hosts:2: group 'x' cannot be a child of itself")
  }

  /// A tree that is not a loop (a group reached by two paths) is fine.
  @Test func diamondIsNotALoop() throws {
    #expect(iniError("[a:children]\nb\nc\n[b:children]\nd\n[c:children]\nd\n[d]\nh1\n") == nil)
  }

  @Test func aliasBombInInventory() throws {
    let text = "all:\n  vars:\n" + YAMLBombs.laughs(indent: 4)
    let clock = ContinuousClock()
    var found: InventoryError?
    let elapsed = clock.measure { found = yamlError(text) }
    let error = try #require(found)
    // The l6 line is the 9th line: two header lines, then l0 ... l6.
    #expect(error.line == 9 && error.column == YAMLBombs.firstAliasColumn(level: 6, indent: 4), "\(error)")
    #expect(error.message.contains("(an alias bomb?)"), "\(error)")
    #expect(elapsed < .seconds(5), "the bomb was expanded: \(elapsed)")
  }

  @Test func reusedAnchorsStillLoad() throws {
    let text = "all:\n  vars:\n" + YAMLBombs.laughs(levels: 4, indent: 4) + "  hosts:\n    h1:\n"
    #expect(yamlError(text) == nil)
  }

  @Test func nestingTooDeep() throws {
    let error = try #require(yamlError("all:\n  vars:\n    x: " + YAMLBombs.nested(200) + "\n"))
    #expect(error.line == 3 && error.column == 8 + YAMLLoader.maxDepth - 3, "\(error)")
    #expect(error.message.hasPrefix("collections nest deeper than 100 levels"), "\(error)")
    #expect(yamlError("all:\n  vars:\n    x: " + YAMLBombs.nested(YAMLLoader.maxDepth - 3) + "\n") == nil)
  }

  @Test func hostRangeTooLarge() throws {
    let error = try #require(iniError("[web]\nweb[1:99999999999]\n"))
    #expect(error.description == "hosts:2: invalid host range 'web[1:99999999999]': it stands for more than 100000 hosts")
    let product = try #require(iniError("[web]\nw[1:1000][1:1000]\n"))
    #expect(product.message.hasSuffix("it stands for more than 100000 hosts"), "\(product)")
    let overflow = try #require(iniError("[web]\nw[-9223372036854775807:9223372036854775807]\n"))
    #expect(overflow.message.hasSuffix("it stands for more than 100000 hosts"), "\(overflow)")
    #expect(try HostRange.expand("n[1:100000]").count == 100_000)
  }
}
