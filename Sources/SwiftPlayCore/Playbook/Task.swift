/// One task, with every keyword it inherits from its play, role and enclosing blocks
/// already applied by the loader: `when` holds the parents' conditions first, `tags` the
/// union, `vars` the blocks' vars under the task's own, and the nearest value wins for
/// the rest. Values that may hold templates stay raw `JSONValue`s, rendered per host.
public struct Task: Sendable {
  public var location: SourceLocation
  /// The `name:` as written (may hold a template); nil shows the action, as Ansible does.
  public var name: String?
  /// The canonical module name (`ansible.builtin.` stripped), or one of the engine's own
  /// actions: `meta`, `include_tasks`, `include_role`, `include_vars`, `set_fact`.
  public var action: String
  /// The module's name as the task wrote it (`systemd`, `ansible.builtin.copy`), which
  /// Ansible shows for a task without a name; nil for the `action:` forms.
  public var writtenAction: String?
  /// The module's arguments: `args:` merged under the mapping or `k=v` string; the
  /// free-form part (`shell: echo hi`) under `_raw_params`, as Ansible keeps it.
  public var arguments: [String: JSONValue]
  /// Where `arguments` came from, per key, for errors on one argument.
  public var argumentLocations: [String: SourceLocation]

  public var when: [JSONValue]
  public var loop: Loop?
  public var loopControl: LoopControl
  public var register: String?
  public var changedWhen: [JSONValue]?
  public var failedWhen: [JSONValue]?
  public var until: [JSONValue]?
  public var retries: JSONValue?
  public var delay: JSONValue?
  public var ignoreErrors: JSONValue?
  public var ignoreUnreachable: JSONValue?
  public var notify: [String]
  /// For handlers: the topics they also answer to.
  public var listen: [String]
  public var tags: [String]
  public var delegateTo: JSONValue?
  public var delegateFacts: Bool
  public var runOnce: Bool
  public var anyErrorsFatal: Bool?
  /// Connection keywords in force (remote_user, become, become_user, become_method,
  /// become_flags, connection, port), the task's over its parents'.
  public var connectionKeywords: [String: JSONValue]
  /// Mappings to merge into the remote environment, outermost first.
  public var environment: [JSONValue]
  public var noLog: JSONValue?
  public var checkMode: JSONValue?
  public var diff: JSONValue?
  /// Block vars then task vars (the task's win).
  public var vars: [String: JSONValue]
  /// Include parameters: the `vars:` of the includes that led here and their loop item,
  /// which in Ansible rank above set_fact and registered results.
  public var parameters: [String: JSONValue] = [:]
  /// `module_defaults` in force, by module name.
  public var moduleDefaults: [String: [String: JSONValue]]
  public var role: RoleContext?
  /// Folder of the file the task was written in (include and lookup paths start here).
  public var directory: String

  /// Where the task's lookups look for relative files (`ansible_search_path`): its role's
  /// folder, then the folder of its own file.
  public var searchPath: [String] {
    guard let role, role.path != directory else { return [directory] }
    return [role.path, directory]
  }
  /// `async:` seconds and `poll:` interval, raw (they may be templates).
  public var asyncTimeout: JSONValue?
  public var poll: JSONValue?
  /// `throttle:` (most hosts at once on this task) and `timeout:` (seconds), raw.
  public var throttle: JSONValue?
  public var timeout: JSONValue?
  /// What the task's parents (play, role, blocks, static imports) gave it, before its own
  /// keywords: a dynamic `include_tasks`/`include_role` hands its file exactly this, since
  /// the include's own `when`, `tags`, ... apply to the include alone, as in Ansible.
  public var inherited: KeywordScope?
  /// For an action no Swift module implements: Ansible's module (builtin, a
  /// collection's or a `library/` one) that the resolver found for it at load.
  public var ansibleModule: AnsibleModuleSource?

  public init(location: SourceLocation, action: String, directory: String) {
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
public enum Loop: Sendable {
  /// `loop:` — a list, or a template that renders to one.
  case items(JSONValue)
  /// `with_<lookup>:` — the lookup's name (`items`, `list`, `dict`, `indexed_items`,
  /// `nested`, `sequence`, `fileglob`, ...) and its terms.
  case lookup(String, JSONValue)
}

public struct LoopControl: Sendable {
  public var loopVar = "item"
  public var indexVar: String?
  public var label: JSONValue?
  public var pause: Double = 0
  public var extended = false
  /// `extended_allitems: false` leaves `ansible_loop.allitems` out (large loops).
  public var extendedAllItems = true
  /// `break_when:` conditions, checked after each item.
  public var breakWhen: [JSONValue] = []

  public init() {}
}
