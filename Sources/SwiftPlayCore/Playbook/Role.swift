/// A role as a play (or `import_role`/`include_role`) uses it.
public struct Role: Sendable {
  public var name: String
  /// The role's folder: `files/` and `templates/` are searched here first.
  public var path: String
  /// `defaults/main.yml`: the lowest precedence there is.
  public var defaults: [String: JSONValue]
  /// `vars/main.yml`, plus the parameters the role was invoked with (`- role: x\n  a: 1`).
  public var vars: [String: JSONValue]
  /// Its `tasks/main.yml` (or `tasks_from`), inherited keywords applied, dependencies'
  /// tasks first as `meta/main.yml` lists them.
  public var tasks: [TaskNode]
  public var handlers: [Task]

  public init(name: String, path: String) {
    self.name = name
    self.path = path
    self.defaults = [:]
    self.vars = [:]
    self.tasks = []
    self.handlers = []
  }
}

/// What a task inside a role knows of it: enough for variables, paths and `TASK [role : name]`.
public struct RoleContext: Sendable, Equatable {
  public var name: String
  public var path: String
  public var defaults: [String: JSONValue]
  public var vars: [String: JSONValue]

  public init(name: String, path: String, defaults: [String: JSONValue], vars: [String: JSONValue]) {
    self.name = name
    self.path = path
    self.defaults = defaults
    self.vars = vars
  }
}
