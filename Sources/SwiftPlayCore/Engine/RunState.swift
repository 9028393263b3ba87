import Synchronization

/// The run's mutable state, shared by the strategy and every host's task: each host's
/// variables and course, and the recap counts. Guarded by one lock, held only to copy or
/// update values, never across a suspension point.
final class RunState: Sendable {
  struct Storage: Sendable {
    var hosts: [String: HostState] = [:]
    var cursors: [String: HostCursor] = [:]
    var stats: [String: HostStats] = [:]
    /// any_errors_fatal or max_fail_percentage stopped the play: later batches do not run.
    var aborted = false
    /// `--step` answered "continue": stop asking.
    var stepContinues = false
    /// `--start-at-task` found its task: everything from here on runs, in later plays too.
    var reachedStartTask = false
    /// Handlers of roles brought in by `include_role`, after the play's own.
    var includedHandlers: [PlaybookTask] = []
    /// Roles whose tasks ran through `include_role`, so their dependencies run once.
    var includedRoles: [RoleContext] = []
    /// Names of the roles `include_role` brought into the play, in order: Ansible adds
    /// them to the play's roles (`ansible_play_role_names`).
    var includedRoleNames: [String] = []
  }

  private let storage = Mutex(Storage())

  func withLock<Result>(_ body: (inout Storage) -> Result) -> Result {
    storage.withLock { body(&$0) }
  }

  func host(_ name: String) -> HostState { withLock { $0.hosts[name] ?? HostState() } }

  func count(_ host: String, _ update: (inout HostStats) -> Void) {
    withLock { update(&$0.stats[host, default: HostStats()]) }
  }

  var recap: Recap { withLock { Recap(hosts: $0.stats) } }
}
