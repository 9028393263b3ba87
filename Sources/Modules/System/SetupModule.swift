import Foundation
import SwiftPlayCore

/// Gathers facts about the host (names, OS, kernel, CPU, memory, addresses, date, package
/// and service manager, mounts) with one shell command, for `gather_facts` and for tasks
/// that need them. Keys are Ansible's, with the `ansible_` prefix.
///
/// ```yaml
/// - name: refresh facts after changing the network
///   ansible.builtin.setup:
///     filter:
///       - ansible_default_ipv4
///       - ansible_all_ipv4_addresses
/// ```
public struct SetupModule: Module {
  public static let name = "setup"
  public static let aliases = ["gather_facts"]
  public static let argumentNames: Set<String> = ["gather_subset", "filter", "gather_timeout", "fact_path"]

  let subset: [String]
  let subsets: SetupSubsets
  let filters: [String]

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    subset = reader.list("gather_subset") ?? ["all"]
    subsets = try SetupSubsets(subset)
    filters = reader.list("filter") ?? []
  }

  public func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    let outcome = try await target.run(SetupFactParser.command)
    var facts = subsets.select(SetupFactParser.parse(outcome.stdout))
    if !filters.isEmpty {
      facts = facts.filter { key, _ in filters.contains { fnmatch($0, key, 0) == 0 } }
    } else {
      facts["gather_subset"] = .array(subset.map(JSONValue.string))
      facts["module_setup"] = true
    }
    return ModuleResult(changed: false, values: ["ansible_facts": .object(facts)])
  }
}
