import ValueModel

/// What `swiftplay inventory --list` and `--graph` print, in the shapes of
/// `ansible-inventory --list` and `--graph`.
package enum InventoryReport {
  /// The `--list` JSON: every group with its hosts and children, and under
  /// `_meta.hostvars` each host's merged inventory variables.
  package static func list(_ inventory: Inventory) -> String {
    var document: ValueDict = [:]
    var hostvars: ValueDict = [:]
    for host in inventory.hostNames { hostvars[host] = .dict(inventory.variables(for: host)) }
    // ansible-core 2.19 names the variable profile it used; swiftplay's is the same.
    document["_meta"] = .dict(["hostvars": .dict(hostvars), "profile": "inventory_legacy"])
    for name in inventory.groupNames {
      guard let group = inventory.groups[name] else { continue }
      var entry: ValueDict = [:]
      if !group.children.isEmpty { entry["children"] = .list(group.children.map(Value.string)) }
      if name != "all" && !group.hosts.isEmpty { entry["hosts"] = .list(group.hosts.map(Value.string)) }
      if !entry.isEmpty { document[name] = .dict(entry) }
    }
    return JSON.dump(.dict(document), indent: 4)
  }

  /// The `--graph` tree from `group` down: `@group:` lines, then hosts, indented `  |--`.
  package static func graph(_ inventory: Inventory, from group: String = "all") -> String {
    var lines: [String] = []
    func walk(_ name: String, _ depth: Int) {
      guard let entry = inventory.groups[name] else { return }
      lines.append(prefix(depth) + "@\(name):")
      for child in entry.children { walk(child, depth + 1) }
      if name != "all" { for host in entry.hosts { lines.append(prefix(depth + 1) + host) } }
    }
    walk(group, 0)
    return lines.joined(separator: "\n")
  }

  private static func prefix(_ depth: Int) -> String {
    depth == 0 ? "" : String(repeating: "  |", count: depth) + "--"
  }
}
