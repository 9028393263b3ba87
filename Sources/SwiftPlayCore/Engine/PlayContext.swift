import Foundation
import ValueModel

/// Everything about one play that does not change while it runs: its hosts, the
/// variables of the play-wide levels, and the run's options.
struct PlayContext: Sendable {
  let play: Play
  let inventory: Inventory
  let options: RunOptions
  /// The hosts the play runs on (after `--limit`, without hosts that failed in an earlier
  /// play), in inventory order.
  let hosts: [String]
  /// Every host the play's pattern matched, failed ones included (`ansible_play_hosts_all`).
  let allHosts: [String]
  /// `allHosts` as a list value, built once for every task and host.
  let allHostsList: Value
  /// The play's `vars` and answered `vars_prompt`.
  let playVars: ValueDict
  let varsFilesVars: ValueDict
  /// All the play's roles' defaults, and (roles' vars are not private) their vars.
  let roleDefaults: ValueDict
  let roleVars: ValueDict
  let magic: MagicVariables
  /// The variables every host of the play sees alike, worked out once: the play's role
  /// names (`ansible_play_role_names`...), the run's forks, config file and inventory.
  let playMagic: ValueDict
  let playbookDirectory: String
  let checkMode: Bool
  let diff: Bool
  /// The play's and the command line's variables, for what is rendered once per play
  /// rather than per host (task and handler names).
  let playTemplar: Templar

  init(play: Play, inventory: Inventory, options: RunOptions, hosts: [String], allHosts: [String], playVars: ValueDict,
       varsFilesVars: ValueDict, playbookDirectory: String) {
    self.play = play
    self.inventory = inventory
    self.options = options
    self.hosts = hosts
    self.allHosts = allHosts
    self.allHostsList = .list(allHosts.map(Value.string))
    self.playVars = playVars
    self.varsFilesVars = varsFilesVars
    var defaults: ValueDict = [:]
    var roleVars: ValueDict = [:]
    for role in play.roles {
      defaults.merge(role.defaults) { _, new in new }
      roleVars.merge(role.vars) { _, new in new }
    }
    self.roleDefaults = defaults
    self.roleVars = roleVars
    self.magic = MagicVariables(inventory: inventory)
    self.playMagic = Self.playWideMagic(play: play, options: options)
    self.playbookDirectory = playbookDirectory
    self.checkMode = options.checkMode
    self.diff = options.diff
    self.playTemplar = Templar(variables: playVars.merging(options.extraVars) { _, new in new }, baseDirectory: playbookDirectory)
  }

  /// The variables a task sees on `host`, lowest level first as Ansible ranks them (see
  /// docs/variables.md): role defaults, inventory, facts, play vars, vars_files, role
  /// vars, block and task vars, include_vars, set_fact and register, extra vars; then
  /// the magic variables.
  func variables(
    host: String, task: PlaybookTask?, state: HostState, hostvars: Value, live: LiveHosts
  ) -> ValueDict {
    var vars = roleDefaults
    if let role = task?.role { vars.merge(role.defaults) { _, new in new } }
    vars.merge(inventory.variables(for: host)) { _, new in new }
    vars.merge(state.injectedFacts) { _, new in new }
    vars.merge(playVars) { _, new in new }
    vars.merge(varsFilesVars) { _, new in new }
    vars.merge(roleVars) { _, new in new }
    if let role = task?.role { vars.merge(role.vars) { _, new in new } }
    if let task { vars.merge(task.vars) { _, new in new } }
    vars.merge(state.includedVars) { _, new in new }
    vars.merge(state.setFacts) { _, new in new }
    if let role = task?.role { vars.merge(role.parameters) { _, new in new } }
    if let task { vars.merge(task.parameters) { _, new in new } }
    vars.merge(options.extraVars) { _, new in new }
    vars.merge(magic.forHost(host, inventory: inventory, playHostList: live.playList, checkMode: checkMode)) { _, new in new }
    vars["hostvars"] = hostvars
    vars["ansible_play_batch"] = live.batchList
    vars["ansible_play_hosts_all"] = allHostsList
    vars["playbook_dir"] = .string(playbookDirectory)
    vars["ansible_diff_mode"] = .bool(diff)
    vars["ansible_verbosity"] = .int(options.verbosity)
    vars["ansible_play_name"] = .string(play.name ?? play.hosts)
    vars.merge(playMagic) { _, new in new }
    if !live.includedRoleNames.isEmpty { Self.addIncludedRoles(live.includedRoleNames, to: &vars) }
    if let task {
      let paths = task.searchPath + (task.searchPath.contains(playbookDirectory) ? [] : [playbookDirectory])
      vars["ansible_search_path"] = .list(paths.map(Value.string))
    }
    vars["ansible_run_tags"] = .list((options.tags.isEmpty ? ["all"] : options.tags.sorted()).map(Value.string))
    vars["ansible_skip_tags"] = .list(options.skipTags.sorted().map(Value.string))
    if let role = task?.role {
      vars["role_path"] = .string(role.path)
      // A collection's role is `ns.coll.name`; role_name is its short name, as in Ansible.
      vars["role_name"] = .string(role.collection == nil ? role.name : (role.path as NSString).lastPathComponent)
      vars["ansible_role_name"] = .string(role.name)
      if let collection = role.collection { vars["ansible_collection_name"] = .string(collection) }
    }
    return vars
  }

  /// One host's entry in `hostvars`: its variables outside any task (inventory, facts,
  /// set_fact and register, extra vars), as other hosts see them.
  func hostvarsEntry(host: String, state: HostState) -> Value {
    var vars = inventory.variables(for: host)
    vars.merge(state.injectedFacts) { _, new in new }
    vars.merge(state.includedVars) { _, new in new }
    vars.merge(state.setFacts) { _, new in new }
    vars.merge(options.extraVars) { _, new in new }
    vars["inventory_hostname"] = .string(host)
    vars["inventory_hostname_short"] = .string(String(host.prefix { $0 != "." }))
    vars["group_names"] = .list(inventory.groupChain(of: host).filter { $0 != "all" }.sorted().map(Value.string))
    return .dict(vars)
  }

  /// Facts as variables: `ansible_facts` whole, and each fact as `ansible_<name>` (what
  /// Ansible's INJECT_FACTS_AS_VARS does). `ansible_facts` exists even before gathering.
  static func injected(facts: ValueDict) -> ValueDict {
    var vars: ValueDict = ["ansible_facts": .dict(facts)]
    for (name, value) in facts { vars[name.hasPrefix("ansible_") ? name : "ansible_" + name] = value }
    return vars
  }
}

/// What of the play changes as it runs, as a task sees it when it starts: the hosts still
/// in it (not failed, not unreachable: `ansible_play_hosts`, `ansible_play_batch`) and the
/// roles `include_role` has added to it.
struct LiveHosts: Sendable {
  let play: [String]
  let batch: [String]
  var includedRoleNames: [String] = []
  /// `play` and `batch` as the variables hold them, built once per task, not per host.
  let playList: Value
  let batchList: Value

  init(play: [String], batch: [String], includedRoleNames: [String] = []) {
    self.play = play
    self.batch = batch
    self.includedRoleNames = includedRoleNames
    playList = .list(play.map(Value.string))
    batchList = .list(batch.map(Value.string))
  }
}

extension PlayContext {
  /// Ansible's play-wide magic variables. Dependencies are the roles whose tasks a play
  /// role brings in under another name; Ansible keeps them in a set, so the order of
  /// `ansible_role_names` is its own (sorted here).
  static func playWideMagic(play: Play, options: RunOptions) -> ValueDict {
    let playRoles = play.roles.map(\.name)
    var dependencies = Set<String>()
    for role in play.roles {
      for task in role.tasks.allTasks { if let owner = task.role?.name, owner != role.name { dependencies.insert(owner) } }
    }
    return [
      "ansible_play_role_names": names(playRoles), "role_names": names(playRoles),
      "ansible_dependent_role_names": names(dependencies.sorted()),
      "ansible_role_names": names(dependencies.union(playRoles).sorted()),
      "ansible_forks": .int(options.forks),
      "ansible_config_file": options.configFile.map(Value.string) ?? .null,
      "ansible_inventory_sources": names(options.inventorySources),
      "ansible_playbook_python": .string(ControllerAnsible.installed?.python ?? "python3"),
    ]
  }

  private static func names(_ list: [String]) -> Value { .list(list.map(Value.string)) }

  private static func addIncludedRoles(_ included: [String], to vars: inout ValueDict) {
    func list(_ key: String) -> [String] {
      if case let .list(items)? = vars[key] { return items.map(\.plainText) }
      return []
    }
    let playRoles = list("ansible_play_role_names") + included
    vars["ansible_play_role_names"] = names(playRoles)
    vars["role_names"] = names(playRoles)
    vars["ansible_role_names"] = names(Set(list("ansible_role_names") + included).sorted())
  }
}
