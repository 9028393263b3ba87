import ValueModel

/// What running one task on one host produced, for the strategy to apply to the run's
/// state: the result to show and count, and the variables, facts and notifications it
/// leaves behind.
struct TaskRun: Sendable {
  var host: String
  var result: HostTaskResult
  /// What `register:` stores (nil when the task has no register).
  var registered: Value?
  /// Facts gathered (setup), for `factsHost`.
  var facts: ValueDict = [:]
  var factsHost: String
  var setFacts: ValueDict = [:]
  var includedVars: ValueDict = [:]
  /// Handlers to notify (the task changed something).
  var notify: [String] = []
  /// `include_tasks`/`include_role` asked for these, in item order.
  var includes: [IncludeRequest] = []
  /// `meta:` asked for this.
  var meta: String?

  init(host: String, result: HostTaskResult) {
    self.host = host
    self.result = result
    self.factsHost = host
  }

  /// A failure that counts: not ignored, not skipped.
  var isFailure: Bool { result.status == .failed && !result.ignored }
  var isUnreachable: Bool { result.status == .unreachable && !result.ignored }
}

/// An `include_tasks` file or `include_role` role to run next on a host.
struct IncludeRequest: Sendable {
  enum Kind: Sendable {
    case tasks(path: String)
    case role(name: String, tasksFrom: String?)
  }
  var kind: Kind
  /// The include's parameters (`vars:` and the loop variable), for the included tasks.
  var vars: ValueDict
  /// Shown as `included: FILE for HOST`.
  var display: String
  /// The loop item that asked for it, shown as `=> (item=...)`.
  var itemLabel: String?
}
