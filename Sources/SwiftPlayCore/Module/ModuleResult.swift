/// What a module did on one host, in Ansible's result shape.
public struct ModuleResult: Sendable, Equatable {
  public var changed: Bool
  public var failed: Bool
  /// Module-specific keys: rc, stdout, msg, ping, ...
  public var values: [String: JSONValue]
  /// A result meant to be read (debug's): Ansible's callbacks show it without the
  /// bookkeeping keys and always indented (its `_ansible_verbose_always`).
  public var isForDisplay = false

  public init(changed: Bool, failed: Bool = false, values: [String: JSONValue] = [:], isForDisplay: Bool = false) {
    self.changed = changed
    self.failed = failed
    self.values = values
    self.isForDisplay = isForDisplay
  }

  /// What the minimal callback shows: for a display result only its message, or only
  /// the variable it shows, as Ansible's `_clean_results` leaves it.
  public var shown: [String: JSONValue] {
    guard isForDisplay && !failed else { return json }
    if let message = values["msg"] { return ["msg": message] }
    return values
  }

  /// The result as Ansible prints and registers it: `changed` always, `failed` when true.
  public var json: [String: JSONValue] {
    var all = values
    all["changed"] = .bool(changed)
    if failed { all["failed"] = .bool(true) }
    return all
  }
}
