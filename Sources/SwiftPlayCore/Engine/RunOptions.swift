import AnsibleYAML

/// What the command line (and ansible.cfg) decided for a playbook run.
public struct RunOptions: Sendable {
  public var forks = 5
  /// The ansible.cfg in use and the inventory sources (absolute), for the magic
  /// variables `ansible_config_file` and `ansible_inventory_sources`.
  public var configFile: String?
  public var inventorySources: [String] = []
  public var checkMode = false
  public var diff = false
  /// `-t`: run only tasks with one of these tags (empty: all but `never`).
  public var tags: Set<String> = []
  public var skipTags: Set<String> = []
  public var startAtTask: String?
  public var step = false
  /// `-l`, applied to every play's hosts.
  public var limit: String?
  public var extraVars: [String: JSONValue] = [:]
  /// `--task-timeout` / `task_timeout`: the `timeout:` of every task that sets none, as
  /// Ansible's TASK_TIMEOUT is.
  public var taskTimeout: Int?
  /// ansible.cfg `gathering`: implicit (gather unless a play says no) or explicit.
  public var gathering = "implicit"
  /// Become for plays and tasks that say nothing of it.
  public var become = BecomeDefaults()
  public var verbosity = 0
  public var forceHandlers = false
  /// Folders roles are looked up in after the playbook's own roles/.
  public var rolesPath: [String] = []
  /// Reads vars_files and include_vars, with the run's vault secrets.
  public var yaml = YAMLLoader()

  public init() {}
}
