import SwiftPlayCore

/// Ansible's `gather_subset`: which groups of facts setup returns. `all` (the default) is
/// every group; `min` (platform, distribution, user, env, date, lsb, service and package
/// managers) comes with any choice unless `!min` is given; named groups (`network`) are
/// added to min; `!x` takes a group away, so `!hardware` alone leaves min, as
/// ansible-core 2.19 does (checked with its setup on lab1).
struct SetupSubsets: Equatable {
  static let groups: Set<String> = ["min", "hardware", "network", "virtual"]
  let chosen: Set<String>

  init(_ subset: [String]) throws(ModuleError) {
    var include: Set<String> = []
    var exclude: Set<String> = []
    for entry in subset {
      let name = entry.hasPrefix("!") ? String(entry.dropFirst()) : entry
      guard name == "all" || Self.groups.contains(name) else {
        throw ModuleError(
          module: "setup",
          message: "Bad subset '\(name)' given to Ansible. gather_subset options allowed: all, \(Self.groups.sorted().joined(separator: ", "))")
      }
      if entry.hasPrefix("!") { exclude.insert(name) } else { include.insert(name) }
    }
    var chosen = include.contains("all") ? Self.groups : include
    if exclude.contains("all") { chosen = include.subtracting(["all"]) }
    chosen.subtract(exclude)
    if !exclude.contains("min") { chosen.insert("min") }
    self.chosen = chosen
  }

  /// The group a fact belongs to; the per-interface facts are named after `interfaces`.
  static func group(of key: String, interfaces: Set<String>) -> String {
    if key.hasPrefix("ansible_processor") || key == "ansible_mounts" || key == "ansible_uptime_seconds"
      || ["ansible_memtotal_mb", "ansible_memfree_mb", "ansible_swaptotal_mb", "ansible_swapfree_mb"].contains(key) {
      return "hardware"
    }
    if ["ansible_all_ipv4_addresses", "ansible_default_ipv4", "ansible_interfaces"].contains(key)
      || interfaces.contains(String(key.dropFirst("ansible_".count))) {
      return "network"
    }
    return key.hasPrefix("ansible_virtualization") ? "virtual" : "min"
  }

  /// `facts` without the groups not chosen.
  func select(_ facts: [String: JSONValue]) -> [String: JSONValue] {
    guard chosen != Self.groups else { return facts }
    var interfaces: Set<String> = []
    if case let .array(names)? = facts["ansible_interfaces"] {
      for case let .string(name) in names { interfaces.insert(name.replacingOccurrences(of: "-", with: "_")) }
    }
    return facts.filter { key, _ in chosen.contains(Self.group(of: key, interfaces: interfaces)) }
  }
}
