/// The keywords Ansible 2.19 accepts at each level of a playbook, so that a misspelt one is
/// an error before anything runs instead of a silently ignored line.
enum Keywords {
  /// Keywords that select how the engine connects; they travel together as
  /// `connectionKeywords`.
  static let connection: Set<String> = [
    "remote_user", "become", "become_user", "become_method", "become_flags", "become_exe", "connection", "port",
  ]

  /// Keywords every level (play, role, block, task) may set and tasks inherit.
  static let inheritable: Set<String> = connection.union([
    "any_errors_fatal", "check_mode", "collections", "debugger", "diff", "environment", "ignore_errors",
    "ignore_unreachable", "module_defaults", "no_log", "run_once", "tags", "throttle", "timeout",
  ])

  static let play: Set<String> = inheritable.union([
    "hosts", "name", "vars", "vars_files", "vars_prompt", "gather_facts", "gather_subset", "gather_timeout",
    "fact_path", "serial", "strategy", "max_fail_percentage", "force_handlers", "order", "pre_tasks", "roles",
    "tasks", "post_tasks", "handlers",
  ])

  static let block: Set<String> = inheritable.union([
    "block", "rescue", "always", "name", "vars", "when", "delegate_to", "delegate_facts", "notify",
  ])

  /// Task keywords; `with_<lookup>` is accepted besides these.
  static let task: Set<String> = inheritable.union([
    "action", "local_action", "args", "async", "poll", "changed_when", "delay", "delegate_facts", "delegate_to",
    "failed_when", "loop", "loop_control", "name", "notify", "register", "retries", "until", "vars", "when",
  ])

  static let handler: Set<String> = task.union(["listen"])

  /// What `include_tasks` and `include_role` accept: their other keywords would apply
  /// only to the include itself, so Ansible refuses them (use `apply:`).
  static let include: Set<String> = [
    "action", "args", "collections", "debugger", "ignore_errors", "loop", "loop_control", "name", "no_log",
    "register", "run_once", "tags", "timeout", "vars", "when",
  ]

  /// Keywords of a `roles:` entry; every other key is a role parameter.
  static let roleEntry: Set<String> = inheritable.union(["role", "name", "vars", "when", "delegate_to", "delegate_facts"])

  static let importPlaybook: Set<String> = inheritable.subtracting(["collections"]).union([
    "import_playbook", "name", "vars", "when",
  ])

  static let loopControl: Set<String> = [
    "loop_var", "index_var", "label", "pause", "extended", "extended_allitems", "break_when",
  ]

  static let varsPrompt: Set<String> = [
    "name", "prompt", "default", "private", "confirm", "encrypt", "salt_size", "salt", "unsafe",
  ]

  /// Actions with no module behind them (`EngineActions.all`, their one home).
  static var engineActions: Set<String> { EngineActions.all }

  static let includeTasksArguments: Set<String> = ["file", "_raw_params", "apply"]
  static let includeRoleArguments: Set<String> = [
    "name", "role", "tasks_from", "vars_from", "defaults_from", "handlers_from", "apply", "public", "allow_duplicates",
    "rolespec_validate",
  ]

  static let metaActions: Set<String> = [
    "noop", "flush_handlers", "refresh_inventory", "clear_facts", "clear_host_errors", "end_play", "end_host",
    "end_batch", "end_role", "reset_connection",
  ]

  /// `command`-style modules keep non-`k=v` words as `_raw_params`; of their `k=v` words
  /// only these become options, as in Ansible (`cmd=x` stays part of the command).
  static let freeFormOptions: Set<String> = [
    "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends",
  ]

  /// `ansible.builtin.x` and `ansible.legacy.x` name the same thing as `x`.
  static func shortName(_ name: String) -> String {
    for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
      return String(name.dropFirst(prefix.count))
    }
    return name
  }
}
