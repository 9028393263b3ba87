import ValueModel

/// One task, with every keyword it inherits from its play, role and enclosing blocks
/// already applied by the loader: `when` holds the parents' conditions first, `tags` the
/// union, `vars` the blocks' vars under the task's own, and the nearest value wins for
/// the rest. Values that may hold templates stay raw `Value`s, rendered per host.
package struct PlaybookTask: Sendable {
  package var location: SourceLocation
  /// The `name:` as written (may hold a template); nil shows the action, as Ansible does.
  package var name: String?
  /// The canonical module name (`ansible.builtin.` stripped), or one of the engine's own
  /// actions: `meta`, `include_tasks`, `include_role`, `include_vars`, `set_fact`.
  package var action: String
  /// The module's name as the task wrote it (`systemd`, `ansible.builtin.copy`), which
  /// Ansible shows for a task without a name; nil for the `action:` forms.
  package var writtenAction: String?
  /// The module's arguments: `args:` merged under the mapping or `k=v` string; the
  /// free-form part (`shell: echo hi`) under `_raw_params`, as Ansible keeps it.
  package var arguments: ValueDict
  /// Where `arguments` came from, per key, for errors on one argument.
  package var argumentLocations: [String: SourceLocation]

  package var when: [Value]
  package var loop: Loop?
  package var loopControl: LoopControl
  package var register: String?
  package var changedWhen: [Value]?
  package var failedWhen: [Value]?
  package var until: [Value]?
  package var retries: Value?
  package var delay: Value?
  package var ignoreErrors: Value?
  package var ignoreUnreachable: Value?
  package var notify: [String]
  /// For handlers: the topics they also answer to.
  package var listen: [String]
  package var tags: [String]
  package var delegateTo: Value?
  package var delegateFacts: Bool
  package var runOnce: Bool
  package var anyErrorsFatal: Bool?
  /// Connection keywords in force (remote_user, become, become_user, become_method,
  /// become_flags, connection, port), the task's over its parents'.
  package var connectionKeywords: ValueDict
  /// Mappings to merge into the remote environment, outermost first.
  package var environment: [Value]
  package var noLog: Value?
  package var checkMode: Value?
  package var diff: Value?
  /// Block vars then task vars (the task's win).
  package var vars: ValueDict
  /// Include parameters: the `vars:` of the includes that led here and their loop item,
  /// which in Ansible rank above set_fact and registered results.
  package var parameters: ValueDict = [:]
  /// `module_defaults` in force, by module name.
  package var moduleDefaults: [String: ValueDict]
  package var role: RoleContext?
  /// Folder of the file the task was written in (include and lookup paths start here).
  package var directory: String

  /// Where the task's lookups look for relative files (`ansible_search_path` without the
  /// playbook's folder, which comes last): its role's folder and those of the roles that
  /// brought it in, then the folder of its own file.
  package var searchPath: [String] {
    var paths = role.map { [$0.path] + $0.parentPaths } ?? []
    if !paths.contains(directory) { paths.append(directory) }
    return paths
  }
  /// `async:` seconds and `poll:` interval, raw (they may be templates).
  package var asyncTimeout: Value?
  package var poll: Value?
  /// `throttle:` (most hosts at once on this task) and `timeout:` (seconds), raw.
  package var throttle: Value?
  package var timeout: Value?
  /// What the task's parents (play, role, blocks, static imports) gave it, before its own
  /// keywords: a dynamic `include_tasks`/`include_role` hands its file exactly this, since
  /// the include's own `when`, `tags`, ... apply to the include alone, as in Ansible.
  package var inherited: KeywordScope?
  /// For an action no Swift module implements: Ansible's module (builtin, a
  /// collection's or a `library/` one) that the resolver found for it at load.
  package var ansibleModule: AnsibleModuleSource?

  package init(location: SourceLocation, action: String, directory: String) {
    self.location = location
    self.action = action
    self.arguments = [:]
    self.argumentLocations = [:]
    self.when = []
    self.loopControl = LoopControl()
    self.notify = []
    self.listen = []
    self.tags = []
    self.delegateFacts = false
    self.runOnce = false
    self.connectionKeywords = [:]
    self.environment = []
    self.vars = [:]
    self.moduleDefaults = [:]
    self.directory = directory
  }
}

/// How a task loops.
package enum Loop: Sendable {
  /// `loop:` — a list, or a template that renders to one.
  case items(Value)
  /// `with_<lookup>:` — the lookup's name (`items`, `list`, `dict`, `indexed_items`,
  /// `nested`, `sequence`, `fileglob`, ...) and its terms.
  case lookup(String, Value)
}

package struct LoopControl: Sendable {
  package var loopVar = "item"
  package var indexVar: String?
  package var label: Value?
  package var pause: Double = 0
  package var extended = false
  /// `extended_allitems: false` leaves `ansible_loop.allitems` out (large loops).
  package var extendedAllItems = true
  /// `break_when:` conditions, checked after each item.
  package var breakWhen: [Value] = []

  package init() {}
}
