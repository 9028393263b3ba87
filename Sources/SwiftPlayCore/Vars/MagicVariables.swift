import Foundation

/// The variables Ansible defines for every host itself: who the host is, which groups
/// exist, every host's variables, and the hosts of the play.
package struct MagicVariables: Sendable {
  /// What every host sees alike (`groups`, `hostvars`), worked out once per run rather
  /// than once per host.
  let groups: JSONValue
  let hostvars: JSONValue

  package init(inventory: Inventory) {
    var groups: [String: JSONValue] = [:]
    for name in inventory.groupNames {
      groups[name] = .array(inventory.hosts(inGroup: name).map(JSONValue.string))
    }
    var hostvars: [String: JSONValue] = [:]
    for name in inventory.hostNames { hostvars[name] = .object(inventory.variables(for: name)) }
    self.groups = .object(groups)
    self.hostvars = .object(hostvars)
  }

  /// The ansible-core release whose behaviour swiftplay follows; roles test
  /// `ansible_version.full is version(...)` to pick their code paths.
  package static let followedAnsibleCore = (major: 2, minor: 19, revision: 14)

  /// `ansible_version` as Ansible defines it.
  static let ansibleVersion: JSONValue = {
    let core = followedAnsibleCore
    let text = JSONValue.string("\(core.major).\(core.minor).\(core.revision)")
    return .object(["string": text, "full": text, "major": .int(core.major), "minor": .int(core.minor), "revision": .int(core.revision)])
  }()

  package func forHost(
    _ host: String, inventory: Inventory, playHosts: [String], checkMode: Bool = false
  ) -> [String: JSONValue] {
    let groupNames = inventory.groupChain(of: host).filter { $0 != "all" }.sorted()
    var vars: [String: JSONValue] = [
      "inventory_hostname": .string(host),
      "inventory_hostname_short": .string(String(host.prefix { $0 != "." })),
      "group_names": .array(groupNames.map(JSONValue.string)),
      "groups": groups,
      "hostvars": hostvars,
      "play_hosts": .array(playHosts.map(JSONValue.string)),
      "ansible_play_hosts": .array(playHosts.map(JSONValue.string)),
      "ansible_play_batch": .array(playHosts.map(JSONValue.string)),
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
