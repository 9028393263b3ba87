import Foundation
import ValueModel

/// The variables Ansible defines for every host itself: who the host is, which groups
/// exist, every host's variables, and the hosts of the play.
package struct MagicVariables: Sendable {
  /// What every host sees alike (`groups`, `hostvars`), worked out once per run rather
  /// than once per host.
  let groups: Value
  let hostvars: Value

  package init(inventory: Inventory) {
    var groups: ValueDict = [:]
    for name in inventory.groupNames {
      groups[name] = .list(inventory.hosts(inGroup: name).map(Value.string))
    }
    var hostvars: ValueDict = [:]
    for name in inventory.hostNames { hostvars[name] = .dict(inventory.variables(for: name)) }
    self.groups = .dict(groups)
    self.hostvars = .dict(hostvars)
  }

  /// The ansible-core release whose behaviour swiftplay follows; roles test
  /// `ansible_version.full is version(...)` to pick their code paths.
  package static let followedAnsibleCore = (major: 2, minor: 19, revision: 14)

  /// `ansible_version` as Ansible defines it.
  static let ansibleVersion: Value = {
    let core = followedAnsibleCore
    let text = Value.string("\(core.major).\(core.minor).\(core.revision)")
    return .dict(["string": text, "full": text, "major": .int(core.major), "minor": .int(core.minor), "revision": .int(core.revision)])
  }()

  package func forHost(
    _ host: String, inventory: Inventory, playHosts: [String], checkMode: Bool = false
  ) -> ValueDict {
    forHost(host, inventory: inventory, playHostList: .list(playHosts.map(Value.string)), checkMode: checkMode)
  }

  /// With the play's hosts already a list value: a task builds it once for all its hosts.
  func forHost(_ host: String, inventory: Inventory, playHostList: Value, checkMode: Bool = false) -> ValueDict {
    let groupNames = inventory.groupChain(of: host).filter { $0 != "all" }.sorted()
    var vars: ValueDict = [
      "inventory_hostname": .string(host),
      "inventory_hostname_short": .string(String(host.prefix { $0 != "." })),
      "group_names": .list(groupNames.map(Value.string)),
      "groups": groups,
      "hostvars": hostvars,
      "play_hosts": playHostList,
      "ansible_play_hosts": playHostList,
      "ansible_play_batch": playHostList,
      "ansible_check_mode": .bool(checkMode),
      "ansible_version": Self.ansibleVersion,
      "omit": "__omit_place_holder__swiftplay",
    ]
    if let source = inventory.hostSources[host] {
      vars["inventory_file"] = .string(source)
      vars["inventory_dir"] = .string(URL(fileURLWithPath: source).deletingLastPathComponent().path)
    }
    return vars
  }
}
