import ValueModel

/// A role as a play (or `import_role`/`include_role`) uses it.
package struct Role: Sendable {
  package var name: String
  /// The role's folder: `files/` and `templates/` are searched here first.
  package var path: String
  /// `defaults/main.yml`: the lowest precedence there is.
  package var defaults: ValueDict
  /// `vars/main.yml`, plus the parameters the role was invoked with (`- role: x\n  a: 1`).
  package var vars: ValueDict
  /// Its `tasks/main.yml` (or `tasks_from`), inherited keywords applied, dependencies'
  /// tasks first as `meta/main.yml` lists them.
  package var tasks: [TaskNode]
  package var handlers: [PlaybookTask]

  package init(name: String, path: String) {
    self.name = name
    self.path = path
    self.defaults = [:]
    self.vars = [:]
    self.tasks = []
    self.handlers = []
  }
}

/// What a task inside a role knows of it: enough for variables, paths and `TASK [role : name]`.
package struct RoleContext: Sendable, Equatable {
  package var name: String
  package var path: String
  package var defaults: ValueDict
  package var vars: ValueDict
  /// Role parameters (`- role: x` with `a: 1`, include_role's loop item), which in Ansible
  /// rank above set_fact, not with the role's vars.
  package var parameters: ValueDict = [:]
  /// The folders of the roles that brought this one in (a dependency's dependent, an
  /// include_role's role), nearest first: its tasks search them for files after its own.
  package var parentPaths: [String] = []
  /// The collection the role belongs to (`ns.coll`), nil for a role from a roles path.
  package var collection: String?
  /// Where short names used inside the role are looked up first, in order: its own
  /// collection, its `meta/main.yml` `collections:`, then `ansible.builtin` (collection
  /// roles) or `ansible.legacy` (others), as Ansible's role collection search list.
  package var collections: [String]

  package init(
    name: String, path: String, defaults: ValueDict, vars: ValueDict, collection: String? = nil,
    collections: [String] = []
  ) {
    self.name = name
    self.path = path
    self.defaults = defaults
    self.vars = vars
    self.collection = collection
    self.collections = collections
  }
}
