/// What a module did on one host, in Ansible's result shape.
public struct ModuleResult: Sendable, Equatable {
  public var changed: Bool
  public var failed: Bool
  /// Module-specific keys: rc, stdout, msg, ping, ...
  public var values: [String: JSONValue]

  public init(changed: Bool, failed: Bool = false, values: [String: JSONValue] = [:]) {
    self.changed = changed
    self.failed = failed
    self.values = values
  }

  /// The result as Ansible prints and registers it: `changed` always, `failed` when true.
  public var json: [String: JSONValue] {
    var all = values
    all["changed"] = .bool(changed)
    if failed { all["failed"] = .bool(true) }
    return all
  }
}
