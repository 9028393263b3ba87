import ValueModel

/// What a module did on one host, in Ansible's result shape.
package struct ModuleResult: Sendable, Equatable {
  package var changed: Bool
  package var failed: Bool
  /// Module-specific keys: rc, stdout, msg, ping, ...
  package var values: ValueDict
  /// A result meant to be read (debug's): Ansible's callbacks show it without the
  /// bookkeeping keys and always indented (its `_ansible_verbose_always`).
  package var isForDisplay = false
  /// What changed, as Ansible's diff entries: mappings with `before`, `after` and
  /// optionally `before_header`, `after_header` (text or mappings) or `prepared` (text).
  /// Shown with `--diff`; never part of the registered result.
  package var diff: [ValueDict] = []

  package init(
    changed: Bool, failed: Bool = false, values: ValueDict = [:], isForDisplay: Bool = false,
    diff: [ValueDict] = []
  ) {
    self.changed = changed
    self.failed = failed
    self.values = values
    self.isForDisplay = isForDisplay
    self.diff = diff
  }

  /// What the minimal callback shows: for a display result only its message, or only
  /// the variable it shows, as Ansible's `_clean_results` leaves it.
  package var shown: ValueDict {
    guard isForDisplay && !failed else { return json }
    if let message = values["msg"] { return ["msg": message] }
    return values
  }

  /// The result as Ansible prints and registers it: `changed` always, `failed` when true.
  package var json: ValueDict {
    var all = values
    all["changed"] = .bool(changed)
    if failed { all["failed"] = .bool(true) }
    return all
  }
}
