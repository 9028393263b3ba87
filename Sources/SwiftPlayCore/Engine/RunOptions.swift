import AnsibleYAML
import ValueModel

/// What the command line (and ansible.cfg) decided for a playbook run.
package struct RunOptions: Sendable {
  package var forks = 5
  /// The ansible.cfg in use and the inventory sources (absolute), for the magic
  /// variables `ansible_config_file` and `ansible_inventory_sources`.
  package var configFile: String?
  package var inventorySources: [String] = []
  package var checkMode = false
  package var diff = false
  /// `-t`: run only tasks with one of these tags (empty: all but `never`).
  package var tags: Set<String> = []
  package var skipTags: Set<String> = []
  package var startAtTask: String?
  package var step = false
  /// `-l`, applied to every play's hosts.
  package var limit: String?
  package var extraVars: ValueDict = [:]
  /// `--task-timeout` / `task_timeout`: the `timeout:` of every task that sets none, as
  /// Ansible's TASK_TIMEOUT is.
  package var taskTimeout: Int?
  /// ansible.cfg `gathering`: implicit (gather unless a play says no) or explicit.
  package var gathering = "implicit"
  /// Become for plays and tasks that say nothing of it.
  package var become = BecomeDefaults()
  package var verbosity = 0
  package var forceHandlers = false
  /// Folders roles are looked up in after the playbook's own roles/.
  package var rolesPath: [String] = []
  /// Reads vars_files and include_vars, with the run's vault secrets.
  package var yaml = YAMLLoader()

  package init() {}
}
