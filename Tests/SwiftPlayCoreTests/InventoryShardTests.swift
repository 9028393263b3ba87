import Testing

@testable import SwiftPlayCore

/// `--shard I/N`: slices cut as AWX's job slicing cuts them, covering every host once.
struct InventoryShardTests {
  func inventory(_ text: String) throws -> Inventory {
    var inventory = Inventory()
    try INIInventoryParser().parse(text, file: "hosts", into: &inventory)
    inventory.finish()
    return inventory
  }

  /// Inventories of several shapes: ranges, groups sharing hosts, addresses, names that
  /// sort differently by code point than by locale, a single host.
  let inventories = [
    "[web]\nweb[01:17].example.org\n[db]\ndb[1:4]\n[all_servers:children]\nweb\ndb\n",
    "zeta\nalpha\nMike\n[g1]\nbeta\nalpha\n[g2]\nbeta\ngamma\n_under\n",
    "10.0.0.10\n10.0.0.9\n10.0.0.100\n[remote]\nuser@10.0.0.11\n10.0.0.12:2222\n",
    "only\n",
    "[a]\nh[0:99]\n[b]\nh[50:149]\n[c:children]\na\n",
    "émile\nÉmile\nzoë\nZoe\nøre\n",
  ]

  @Test(arguments: [1, 2, 3, 4, 5, 7, 16, 200])
  func slicesCoverEveryHostExactlyOnce(count: Int) throws {
    for text in inventories {
      let inventory = try inventory(text)
      let all = inventory.hostNames
      var seen: [String: Int] = [:]
      var sizes: [Int] = []
      for index in 1...count {
        let slice = try InventoryShard(index: index, count: count).hosts(of: all)
        sizes.append(slice.count)
        for host in slice { seen[host, default: 0] += 1 }
      }
      #expect(Set(seen.keys) == Set(all), "\(text) in \(count)")
      #expect(seen.values.allSatisfy { $0 == 1 }, "a host in two slices: \(seen.filter { $0.value > 1 })")
      // Evenly spread, as AWX's: sizes differ by one at most, the first slices the larger.
      #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
      #expect(sizes == sizes.sorted(by: >))
    }
  }

  /// AWX's rule: hosts sorted by name, slice I gets positions I-1, I-1+N, ...
  @Test func slicesFollowAWXsNameOrder() throws {
    let names = ["e", "b", "d", "a", "c", "B"]
    #expect(try InventoryShard(index: 1, count: 2).hosts(of: names) == ["B", "b", "d"])
    #expect(try InventoryShard(index: 2, count: 2).hosts(of: names) == ["a", "c", "e"])
    #expect(try InventoryShard(index: 3, count: 3).hosts(of: names) == ["b", "e"])
    // Code point order, as Python sorts: "web10" before "web2", "Z" before "a".
    #expect(try InventoryShard(index: 1, count: 3).hosts(of: ["web2", "web10", "web1", "Zed"]) == ["Zed", "web2"])
  }

  /// The same inventory gives the same slices whatever order its sources list the hosts in.
  @Test func slicesDoNotDependOnTheSourceOrder() throws {
    let forward = try inventory("a1\na2\na3\n[g]\nb1\nb2\nb3\nb4\n")
    let backward = try inventory("[g]\nb4\nb3\nb2\nb1\n[other]\na3\na2\na1\n")
    for index in 1...3 {
      let shard = try InventoryShard(index: index, count: 3)
      #expect(shard.hosts(of: forward.hostNames) == shard.hosts(of: backward.hostNames))
    }
  }

  /// The slice is the whole inventory for the run: groups, patterns and hostvars see no
  /// other host, while group variables and the group tree stay.
  @Test func applyingKeepsOnlyTheSlicesHosts() throws {
    var sliced = try inventory("""
      lone
      [web]
      web1
      web2
      web3
      [db]
      db1
      [prod:children]
      web
      db
      [prod:vars]
      tier=production
      """)
    try InventoryShard(index: 2, count: 3).apply(to: &sliced)
    // Sorted: db1 lone web1 web2 web3 → slice 2 of 3 holds lone and web3.
    #expect(sliced.hostNames == ["lone", "web3"])
    #expect(sliced.hosts(inGroup: "all") == ["lone", "web3"])
    #expect(sliced.hosts(inGroup: "web") == ["web3"])
    #expect(sliced.hosts(inGroup: "db").isEmpty)
    #expect(sliced.groups["ungrouped"]?.hosts == ["lone"])
    #expect(sliced.groups["prod"]?.children == ["web", "db"])
    #expect(sliced.variables(for: "web3")["tier"] == "production")
    #expect(sliced.groupChain(of: "web3") == ["all", "prod", "web"])
    #expect(sliced.hosts["web1"] == nil && sliced.host(named: "web1") == nil)
    #expect(HostPattern("web:db").resolve(in: sliced).hosts == ["web3"])
    #expect(try HostPattern.limit(["lone", "web3"], to: "web1,web3", in: sliced) == ["web3"])
  }

  @Test func readsIOverN() throws {
    #expect(try InventoryShard(parsing: "2/3") == InventoryShard(index: 2, count: 3))
    #expect(try InventoryShard(parsing: "1/1").description == "1/1")
    #expect(try InventoryShard(parsing: "10/10").index == 10)
  }

  @Test(arguments: [
    ("0/3", "--shard 0/3: slices are numbered 1 to 3: use --shard 1/3 to --shard 3/3"),
    ("4/3", "--shard 4/3: slices are numbered 1 to 3: use --shard 1/3 to --shard 3/3"),
    ("1/0", "--shard 1/0: the number of slices must be at least 1 (e.g. --shard 1/3)"),
    ("x", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not 'x'"),
    ("", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not ''"),
    ("2", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '2'"),
    ("-1/3", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '-1/3'"),
    ("1/3/4", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '1/3/4'"),
    (" 1/3", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not ' 1/3'"),
    ("1.0/3", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '1.0/3'"),
    ("99999999999999999999/3", "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '99999999999999999999/3'"),
  ])
  func refusesBadValues(text: String, message: String) {
    #expect(throws: InventoryShard.ParseError(message: message)) { try InventoryShard(parsing: text) }
  }
}
