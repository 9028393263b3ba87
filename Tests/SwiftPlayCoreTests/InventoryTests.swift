import Testing

@testable import SwiftPlayCore

struct InventoryTests {
  func parse(_ text: String) throws -> Inventory {
    var inventory = Inventory()
    try INIInventoryParser().parse(text, file: "hosts", into: &inventory)
    inventory.finish()
    return inventory
  }

  /// The shape of the 2019 IIT Bombay team's inventory: groups of `user@address` hosts.
  let clusterInventory = """
    # cluster
    lonely.example.org

    [masters]
    ubuntu@10.0.0.1

    [workers]
    ubuntu@10.0.0.2 ansible_port=2200
    worker3 ansible_host=10.0.0.3 ansible_user='ops' extra="a b"
    10.0.0.4:2222

    [cluster:children]
    masters
    workers

    [cluster:vars]
    ansible_user=admin
    ansible_python_interpreter=/usr/bin/python3
    retries=3
    quoted="3"
    enabled=True

    [workers:vars]
    ansible_user=worker
    """

  @Test func readsGroupsHostsAndVariables() throws {
    let inventory = try parse(clusterInventory)
    #expect(inventory.hostNames == ["lonely.example.org", "ubuntu@10.0.0.1", "ubuntu@10.0.0.2", "worker3", "10.0.0.4"])
    #expect(inventory.groups["ungrouped"]?.hosts == ["lonely.example.org"])
    #expect(inventory.hosts(inGroup: "cluster") == ["ubuntu@10.0.0.1", "ubuntu@10.0.0.2", "worker3", "10.0.0.4"])
    #expect(inventory.hosts["ubuntu@10.0.0.2"]?.vars["ansible_port"] == .int(2200))
    #expect(inventory.hosts["10.0.0.4"]?.vars["ansible_port"] == .int(2222))
    #expect(inventory.hosts["worker3"]?.vars["extra"] == "a b")
  }

  @Test func variablesApplyFromParentToChildToHost() throws {
    let inventory = try parse(clusterInventory)
    let master = inventory.variables(for: "ubuntu@10.0.0.1")
    #expect(master["ansible_user"] == "admin")
    #expect(master["retries"] == .int(3))
    #expect(master["quoted"] == "3")
    #expect(master["enabled"] == .bool(true))
    #expect(inventory.variables(for: "ubuntu@10.0.0.2")["ansible_user"] == "worker")
    #expect(inventory.variables(for: "worker3")["ansible_user"] == "ops")
  }

  @Test func patterns() throws {
    let inventory = try parse(clusterInventory)
    func hosts(_ pattern: String) -> [String] { HostPattern(pattern).resolve(in: inventory).hosts }
    #expect(hosts("all").count == 5)
    #expect(hosts("*").count == 5)
    #expect(hosts("masters") == ["ubuntu@10.0.0.1"])
    #expect(hosts("masters,worker3") == ["ubuntu@10.0.0.1", "worker3"])
    #expect(hosts("cluster:!workers") == ["ubuntu@10.0.0.1"])
    #expect(hosts("cluster:&workers").count == 3)
    #expect(hosts("worker*") == ["ubuntu@10.0.0.2", "worker3", "10.0.0.4"])
    #expect(hosts("localhost") == ["localhost"])
    #expect(hosts("!masters").count == 4)
    #expect(hosts("~worker\\d") == ["worker3"])
    #expect(hosts("~^ubuntu@") == ["ubuntu@10.0.0.1", "ubuntu@10.0.0.2"])
    #expect(hosts("~work") == ["ubuntu@10.0.0.2", "worker3", "10.0.0.4"])  // the group `workers` matches too
    #expect(try HostPattern.limit(hosts("all"), to: "workers:!worker3", in: inventory) == ["ubuntu@10.0.0.2", "10.0.0.4"])
    #expect(hosts("&workers") == ["ubuntu@10.0.0.2", "worker3", "10.0.0.4"])
    #expect(!hosts("all").contains("localhost"))
    // Subscripts pick by position, the end of a range included, as Ansible.
    #expect(hosts("workers[0]") == ["ubuntu@10.0.0.2"])
    #expect(hosts("workers[-1]") == ["10.0.0.4"])
    #expect(hosts("workers[1:2]") == ["worker3", "10.0.0.4"])
    #expect(hosts("workers[1:]") == ["worker3", "10.0.0.4"])
    #expect(hosts("workers[0-1],masters") == ["ubuntu@10.0.0.2", "worker3", "ubuntu@10.0.0.1"])
    #expect(hosts("workers[7]").isEmpty)
    #expect(hosts("~worker[34]") == ["worker3"])  // a regular expression's brackets stay a class
    let (none, unmatched) = HostPattern("nosuch").resolve(in: inventory)
    #expect(none.isEmpty && unmatched == ["nosuch"])
  }

  /// A child group's variables win over its parent's whatever their names.
  @Test func childGroupsWinOverParentsWhateverTheirNames() throws {
    let inventory = try parse("[a_child]\nh1\n[z_parent:children]\na_child\n[z_parent:vars]\nx=parent\n[a_child:vars]\nx=child\n[all:vars]\nx=all\ny=all\n")
    #expect(inventory.groupChain(of: "h1") == ["all", "z_parent", "a_child"])
    #expect(inventory.variables(for: "h1")["x"] == "child")
    #expect(inventory.variables(for: "h1")["y"] == "all")
  }

  @Test func groupPriorityOrdersGroupsOfTheSameDepth() throws {
    let inventory = try parse("[a]\nh1\n[b]\nh1\n[a:vars]\nx=a\nansible_group_priority=5\n[b:vars]\nx=b\n")
    #expect(inventory.groupChain(of: "h1") == ["all", "b", "a"])
    #expect(inventory.variables(for: "h1")["x"] == "a")
  }

  @Test func pythonLiteralRules() {
    #expect(INIInventoryParser.literal("0123") == "0123")
    #expect(INIInventoryParser.literal("0") == .int(0))
    #expect(INIInventoryParser.literal("-5") == .int(-5))
    #expect(INIInventoryParser.literal("1.5") == .double(1.5))
    #expect(INIInventoryParser.literal("true") == "true")
  }

  @Test func childrenLinesMayCarryComments() throws {
    let inventory = try parse("[web]\nw1\n[site:children]\nweb  # the web tier\n")
    #expect(inventory.hosts(inGroup: "site") == ["w1"])
  }

  @Test func implicitLocalhostUsesTheLocalConnection() throws {
    let inventory = try parse("[web]\nweb1\n")
    #expect(inventory.variables(for: "localhost")["ansible_connection"] == "local")
  }

  @Test(arguments: [
    ("[web\nhost1", 1, "lacks its closing ']'"),
    ("[web]\nhost1 port2222", 2, "expected key=value after host 'host1'"),
    ("[web:vars]\njust_a_word", 2, "expected key=value in [web:vars]"),
    ("\n\n[web:kids]", 3, "unknown section type ':kids'"),
    ("[web]\nhost1 a='unterminated", 2, "unterminated quote"),
  ])
  func errorsNameTheLine(text: String, line: Int, message: String) {
    #expect {
      try parse(text)
    } throws: { error in
      guard let error = error as? InventoryError else { return false }
      return error.line == line && error.description.contains(message) && error.description.hasPrefix("hosts:\(line):")
    }
  }
}

struct HostRangeTests {
  @Test(arguments: [
    ("node[01:03]", ["node01", "node02", "node03"]),
    ("web[1:9:4].lan", ["web1.lan", "web5.lan", "web9.lan"]),
    ("db-[a:c]", ["db-a", "db-b", "db-c"]),
    ("r[1:2]c[a:b]", ["r1ca", "r1cb", "r2ca", "r2cb"]),
    ("plain", ["plain"]),
  ])
  func expands(pattern: String, expected: [String]) throws {
    #expect(try HostRange.expand(pattern) == expected)
  }

  @Test(arguments: ["n[3:1]", "n[a:3]", "n[1:2:0]", "n[1]"])
  func rejects(pattern: String) {
    #expect(throws: HostRangeError.self) { try HostRange.expand(pattern) }
  }

  @Test func yamlErrorsNameTheLine() {
    var inventory = Inventory()
    #expect {
      try YAMLInventoryParser().parse("all:\n  hosts:\n    a: [unclosed\n", file: "inv.yml", into: &inventory)
    } throws: { error in
      (error as? InventoryError)?.description
        == "inv.yml:3:8: did not find expected ',' or ']', while parsing a flow sequence that starts here\n\n"
        + "        a: [unclosed\n           ^"
    }
    #expect {
      try YAMLInventoryParser().parse("all:\n  host:\n    a:\n", file: "inv.yml", into: &inventory)
    } throws: { error in
      (error as? InventoryError)?.description == "inv.yml:2: group 'all': unknown key 'host': a group holds hosts, vars and children"
    }
  }
}
