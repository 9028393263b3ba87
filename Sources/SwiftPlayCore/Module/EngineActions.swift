/// The one catalog of actions that are not modules run on a host: the engine carries
/// them out itself (Ansible's action plugins without a module), and the loader, the
/// executor, ad-hoc mode and the output all ask here instead of keeping lists of their own.
package enum EngineActions {
  /// Actions with no module behind them: the engine runs them itself (the `include_*`
  /// family, `meta`, inventory changes) or the loader resolves them (`import_*`).
  package static let all: Set<String> = [
    "meta", "include_tasks", "include_role", "include_vars", "import_tasks", "import_role", "group_by", "add_host",
    "pause", "wait_for_connection", "reboot", "async_status",
  ]

  /// The ones that make sense for one ad-hoc task on its own; the include and import
  /// family need a playbook around them, as in Ansible.
  package static let adHoc: Set<String> = ["pause", "wait_for_connection", "reboot", "async_status"]

  /// The dynamic includes, whose results the output shows as `included:` lines.
  package static let includes: Set<String> = ["include_tasks", "include_role"]

  /// Actions whose failures come from controller-side code (Ansible's action plugins),
  /// which Ansible reports as `Action failed:` rather than `Module failed:`; swiftplay's
  /// Swift twins of them (debug, assert, set_fact...) count as such too.
  package static let actionPlugins: Set<String> = [
    "fail", "assert", "debug", "set_fact", "set_stats", "include_vars", "group_by", "add_host", "pause",
    "wait_for_connection", "reboot", "validate_argument_spec", "meta",
  ]

  /// Ansible action plugins that do nothing a host-side run of their module lacks, so the
  /// module runs without them (`uri` only while it has no `src` to upload).
  static let moduleOnlyActionPlugins: Set<String> = ["command", "shell", "uri", "normal", "service", "package"]

  /// Whether `name` (short, `ansible.builtin.` or `ansible.legacy.`) is `action`'s name.
  package static func isInclude(_ name: String) -> Bool { includes.contains(Keywords.shortName(name)) }
}
