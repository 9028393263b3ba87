import ValueModel

/// The keywords a level of the playbook (play, role, block, static import) hands down to
/// the tasks under it. Each task starts from its parents' scope merged with its own, so
/// inheritance is worked out once, by the loader, as Ansible's parent lookup would.
package struct KeywordScope: Sendable {
  /// Conditions, outermost first: a task runs only when all hold.
  package var when: [Value] = []
  package var tags: [String] = []
  /// Block and static-import vars; play vars and role vars live elsewhere, at their own
  /// precedence levels.
  package var vars: ValueDict = [:]
  /// Include parameters handed down to included tasks (see `Task.parameters`).
  package var parameters: ValueDict = [:]
  package var connectionKeywords: ValueDict = [:]
  /// Environment mappings (or templates), outermost first.
  package var environment: [Value] = []
  package var moduleDefaults: [String: ValueDict] = [:]
  package var ignoreErrors: Value?
  package var ignoreUnreachable: Value?
  package var noLog: Value?
  package var checkMode: Value?
  package var diff: Value?
  package var runOnce: Bool?
  package var anyErrorsFatal: Bool?
  package var delegateTo: Value?
  package var delegateFacts: Bool?
  package var notify: [String]?
  package var throttle: Value?
  package var timeout: Value?
  package var role: RoleContext?
  /// The `collections:` search list for short module names; the nearest level's wins.
  package var collections: [String]?
  /// The dynamic includes (`include_tasks`, `include_role`) that led here, outermost
  /// first: a file that includes itself at run time is stopped at a fixed depth.
  package var includedFrom: [SourceLocation] = []

  package init() {}

  /// The scope a child sees: lists accumulate (`when` and `environment` outermost first,
  /// `tags` as a union), mappings merge with the child's keys winning, and for the rest
  /// the nearest value wins.
  package func merged(with child: KeywordScope) -> KeywordScope {
    var result = self
    result.when = when + child.when
    for tag in child.tags where !result.tags.contains(tag) { result.tags.append(tag) }
    result.vars.merge(child.vars) { _, new in new }
    result.parameters.merge(child.parameters) { _, new in new }
    result.connectionKeywords.merge(child.connectionKeywords) { _, new in new }
    result.environment = environment + child.environment
    for (module, defaults) in child.moduleDefaults {
      result.moduleDefaults[module, default: [:]].merge(defaults) { _, new in new }
    }
    result.ignoreErrors = child.ignoreErrors ?? ignoreErrors
    result.ignoreUnreachable = child.ignoreUnreachable ?? ignoreUnreachable
    result.noLog = child.noLog ?? noLog
    result.checkMode = child.checkMode ?? checkMode
    result.diff = child.diff ?? diff
    result.runOnce = child.runOnce ?? runOnce
    result.anyErrorsFatal = child.anyErrorsFatal ?? anyErrorsFatal
    result.delegateTo = child.delegateTo ?? delegateTo
    result.delegateFacts = child.delegateFacts ?? delegateFacts
    result.notify = child.notify ?? notify
    result.throttle = child.throttle ?? throttle
    result.timeout = child.timeout ?? timeout
    result.role = child.role ?? role
    result.collections = child.collections ?? collections
    result.includedFrom = includedFrom + child.includedFrom
    return result
  }

  /// Writes the scope (already merged with the task's own keywords) into the task.
  func apply(to task: inout PlaybookTask) {
    task.when = when
    task.tags = tags
    task.vars = vars
    task.parameters = parameters
    task.connectionKeywords = connectionKeywords
    task.environment = environment
    task.moduleDefaults = moduleDefaults
    task.ignoreErrors = ignoreErrors
    task.ignoreUnreachable = ignoreUnreachable
    task.noLog = noLog
    task.checkMode = checkMode
    task.diff = diff
    task.runOnce = runOnce ?? false
    task.anyErrorsFatal = anyErrorsFatal
    task.delegateTo = delegateTo
    task.delegateFacts = delegateFacts ?? false
    task.notify = notify ?? []
    task.throttle = throttle
    task.timeout = timeout
    task.role = role
  }
}
