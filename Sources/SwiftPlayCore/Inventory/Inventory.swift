import ValueModel

/// A host as the inventory names it, with the variables written on its own line.
package struct Host: Sendable, Equatable {
  package let name: String
  package var vars: ValueDict

  package init(name: String, vars: ValueDict = [:]) {
    self.name = name
    self.vars = vars
  }
}

package struct Group: Sendable, Equatable {
  package let name: String
  package var hosts: [String] = []
  package var children: [String] = []
  package var vars: ValueDict = [:]
}

/// Hosts and groups from every inventory source, in the order they were first seen.
package struct Inventory: Sendable {
  package private(set) var hostNames: [String] = []
  package private(set) var hosts: [String: Host] = [:]
  package private(set) var groups: [String: Group] = ["all": Group(name: "all"), "ungrouped": Group(name: "ungrouped")]
  /// Group names in the order they were first seen, as Ansible lists them.
  package private(set) var groupNames = ["all", "ungrouped"]
  /// Where the inventory came from (for messages and `inventory_dir` later).
  package var sources: [String] = []
  /// Each host's groups in the order their variables apply, made by `finish()`.
  private var chains: [String: [String]] = [:]
  /// Variables from `group_vars/` and `host_vars/` beside the inventory: they rank above
  /// those written in the inventory file itself.
  package private(set) var groupVarsFiles: [String: ValueDict] = [:]
  package private(set) var hostVarsFiles: [String: ValueDict] = [:]
  /// The file each host was first read from (`inventory_file`), and the file being read.
  package private(set) var hostSources: [String: String] = [:]
  package var currentSource: String?
  /// Which hosts each group lists, for `addHost`.
  private var memberships: Set<Membership> = []

  private struct Membership: Hashable, Sendable {
    let group: String
    let host: String
  }

  package init() {}

  /// Names that mean this machine when the inventory does not list them: Ansible then
  /// supplies an implicit `localhost` with the local connection, outside `all`.
  package static let implicitLocalhostNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

  /// The host named `name`, or the implicit localhost.
  package func host(named name: String) -> Host? {
    if let host = hosts[name] { return host }
    guard Self.implicitLocalhostNames.contains(name) else { return nil }
    // Ansible runs the implicit localhost's modules with its own Python.
    return Host(name: name, vars: [
      "ansible_connection": "local", "ansible_python_interpreter": .string(ControllerAnsible.installed?.python ?? "python3"),
    ])
  }

  /// Adds `name` (if new) and merges `vars` into its own variables.
  package mutating func addHost(_ name: String, vars: ValueDict = [:], group: String? = nil) {
    if hosts[name] == nil {
      hostNames.append(name)
      hosts[name] = Host(name: name)
      hostSources[name] = currentSource
    }
    hosts[name]?.vars.merge(vars) { _, new in new }
    if let group {
      addGroup(group)
      // A set answers "already there?": a range of many hosts must not cost its square.
      if memberships.insert(Membership(group: group, host: name)).inserted { groups[group]?.hosts.append(name) }
    }
  }

  package mutating func addGroup(_ name: String) {
    guard groups[name] == nil else { return }
    groups[name] = Group(name: name)
    groupNames.append(name)
  }

  package mutating func addChild(_ child: String, to parent: String) {
    addGroup(parent)
    addGroup(child)
    if groups[parent]?.children.contains(child) == false { groups[parent]?.children.append(child) }
  }

  /// The loop that making `child` a child of `parent` would close, as the chain of groups
  /// from `parent` back to itself (`b -> a -> b`); nil when there is none. Group trees must
  /// stay trees: every walk down from `all` assumes it ends.
  package func loop(addingChild child: String, to parent: String) -> [String]? {
    if child == parent { return [parent, parent] }
    // Every group ends up below `all`, so `all` below anything closes a loop.
    if child == "all" { return [parent, child, parent] }
    // Breadth first from the child, remembering how each group was reached.
    var cameFrom: [String: String] = [child: child]
    var level = [child]
    while !level.isEmpty {
      var next: [String] = []
      for name in level {
        for grandchild in groups[name]?.children ?? [] where cameFrom[grandchild] == nil {
          cameFrom[grandchild] = name
          guard grandchild == parent else {
            next.append(grandchild)
            continue
          }
          var chain = [parent]
          var current = parent
          while current != child, let previous = cameFrom[current] {
            chain.insert(previous, at: 0)
            current = previous
          }
          return [parent] + chain
        }
      }
      level = next
    }
    return nil
  }

  package mutating func setGroupVars(_ group: String, _ vars: ValueDict) {
    addGroup(group)
    groups[group]?.vars.merge(vars) { _, new in new }
  }

  /// Adds variables read from a `group_vars/NAME` file or folder (later files win).
  package mutating func addGroupVarsFile(_ group: String, _ vars: ValueDict) {
    groupVarsFiles[group, default: [:]].merge(vars) { _, new in new }
  }

  /// Adds variables read from a `host_vars/NAME` file or folder (later files win).
  package mutating func addHostVarsFile(_ host: String, _ vars: ValueDict) {
    hostVarsFiles[host, default: [:]].merge(vars) { _, new in new }
  }

  /// Completes the group tree as Ansible does once every source is read: every group
  /// without a parent becomes a child of `all` (so every host is in `all`), and a host in
  /// no other group is in `ungrouped`. Then each host's group chain is worked out once.
  package mutating func finish() {
    let children = Set(groups.values.flatMap(\.children))
    for name in groupNames where name != "all" && !children.contains(name) {
      addChild(name, to: "all")
    }
    // Ansible makes `ungrouped` the first child of `all` before reading anything.
    groups["all"]?.children.removeAll { $0 == "ungrouped" }
    groups["all"]?.children.insert("ungrouped", at: 0)
    let grouped = Set(groups.values.filter { $0.name != "all" && $0.name != "ungrouped" }.flatMap(\.hosts))
    groups["ungrouped"]?.hosts = hostNames.filter { !grouped.contains($0) }
    chains = computeChains()
  }

  /// Keeps only the hosts in `kept`, as if no source had listed the others: groups keep
  /// their variables and children but lose the other hosts, so `groups`, `hostvars` and
  /// every pattern see only these (what `--shard` runs on; see `InventoryShard`).
  /// `host_vars/` files stay: the implicit localhost still reads its own.
  package mutating func keepHosts(_ kept: Set<String>) {
    hostNames.removeAll { !kept.contains($0) }
    hosts = hosts.filter { kept.contains($0.key) }
    hostSources = hostSources.filter { kept.contains($0.key) }
    memberships = memberships.filter { kept.contains($0.host) }
    for name in groupNames { groups[name]?.hosts.removeAll { !kept.contains($0) } }
    chains = chains.filter { kept.contains($0.key) }
  }

  /// All hosts of `group` and of its descendants, in Ansible's order: the group's own
  /// hosts, then its children's, level by level (breadth first), each host once.
  package func hosts(inGroup group: String) -> [String] {
    var ordered = [group]
    var seenGroups: Set<String> = [group]
    var level = [group]
    while !level.isEmpty {
      var next: [String] = []
      for name in level {
        for child in groups[name]?.children ?? [] where seenGroups.insert(child).inserted {
          ordered.append(child)
          next.append(child)
        }
      }
      level = next
    }
    var result: [String] = []
    var seenHosts = Set<String>()
    for name in ordered {
      for host in groups[name]?.hosts ?? [] where seenHosts.insert(host).inserted { result.append(host) }
    }
    return result
  }

  /// The groups a host belongs to directly or through parents, in the order their
  /// variables apply: `all` first, then by depth below `all` (parents before children),
  /// then by `ansible_group_priority`, then by name, as Ansible sorts them.
  package func groupChain(of host: String) -> [String] {
    chains[host] ?? ["all"]
  }

  private func computeChains() -> [String: [String]] {
    var depth: [String: Int] = ["all": 0]
    var pending = ["all"]
    while let group = pending.popLast() {
      for child in groups[group]?.children ?? [] where depth[child, default: -1] < depth[group, default: 0] + 1 {
        depth[child] = depth[group, default: 0] + 1
        pending.append(child)
      }
    }
    var result: [String: [String]] = [:]
    for group in groups.keys {
      for host in hosts(inGroup: group) { result[host, default: []].append(group) }
    }
    // Ansible orders by depth, then `ansible_group_priority` (default 1), then name.
    func priority(_ group: String) -> Int {
      if case let .int(value)? = groups[group]?.vars["ansible_group_priority"] { return value }
      return 1
    }
    return result.mapValues {
      $0.sorted { (depth[$0] ?? 1, priority($0), $0) < (depth[$1] ?? 1, priority($1), $1) }
    }
  }

  /// A host's inventory variables in Ansible's order, each level over the one before:
  /// group variables written in the inventory (all, then parents before children);
  /// `group_vars/all`; the other `group_vars/` files in the same group order; the host's
  /// own inventory variables; `host_vars/` files.
  package func variables(for host: String) -> ValueDict {
    var merged: ValueDict = [:]
    let chain = groupChain(of: host)
    for group in chain { merged.merge(groups[group]?.vars ?? [:]) { _, new in new } }
    for group in chain { merged.merge(groupVarsFiles[group] ?? [:]) { _, new in new } }
    merged.merge(self.host(named: host)?.vars ?? [:]) { _, new in new }
    merged.merge(hostVarsFiles[host] ?? [:]) { _, new in new }
    return merged
  }
}
