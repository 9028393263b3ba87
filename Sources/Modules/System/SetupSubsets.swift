import SwiftPlayCore

/// Ansible's `gather_subset`: which collectors setup runs. The minimal collectors always
/// come first; `all` adds every collector, a name (`network`, or a fact id such as
/// `devices`) adds its collector; `!name` drops a collector and its fact ids unless the
/// same list named it, `!all` drops all but the minimal ones, `!min` the minimal ones
/// too. A list of only exclusions keeps the minimal set. Collectors the chosen ones read
/// facts from are added. Unknown names are refused with Ansible's message; unknown
/// exclusions are ignored, as in ansible-core 2.19.
struct SetupSubsets: Equatable {
  /// The collectors Ansible's setup module always gathers (its minimal_gather_subset).
  static let minimal: Set<String> = [
    "apparmor", "caps", "cmdline", "date_time", "distribution", "dns", "env", "fips", "local", "lsb", "pkg_mgr", "platform",
    "python", "selinux", "service_mgr", "ssh_pub_keys", "user",
  ]

  /// Every word a positive gather_subset entry may be: collector names and fact ids.
  static let valid: Set<String> = Set(SetupCollector.all.flatMap { [$0.name] + $0.factIDs })

  /// The chosen collectors' names, in the order they run.
  let collectors: [String]

  init(_ subset: [String]) throws(ModuleError) {
    var additional: Set<String> = []
    var excluded: Set<String> = []
    var explicit: Set<String> = []
    for entry in ["min"] + subset {
      if entry == "min" {
        additional.formUnion(Self.minimal)
      } else if entry == "all" {
        additional.formUnion(Self.valid)
      } else if entry.hasPrefix("!") {
        let name = String(entry.dropFirst())
        if name == "min" {
          excluded.formUnion(Self.minimal)
        } else if name == "all" {
          excluded.formUnion(Self.valid.subtracting(Self.minimal))
        } else {
          excluded.formUnion(SetupCollector.all.first { $0.name == name }?.factIDs ?? [])
          excluded.insert(name)
        }
      } else {
        guard Self.valid.contains(entry) else {
          throw ModuleError(
            module: "setup",
            message: "Bad subset '\(entry)' given to Ansible. gather_subset options allowed: all, \(Self.valid.sorted().joined(separator: ", "))")
        }
        explicit.insert(entry)
        additional.insert(entry)
      }
    }
    if additional.isEmpty { additional = Self.valid }
    additional.subtract(excluded.subtracting(explicit))
    var chosen = Set(SetupCollector.all.filter { additional.contains($0.name) || !additional.isDisjoint(with: $0.factIDs) }.map(\.name))
    // Requirements, until none is missing.
    while true {
      let required = SetupCollector.all.filter { chosen.contains($0.name) }.reduce(into: Set<String>()) { $0.formUnion($1.requires) }
      if required.isSubset(of: chosen) { break }
      chosen.formUnion(required)
    }
    collectors = SetupCollector.all.map(\.name).filter(chosen.contains)
  }
}
