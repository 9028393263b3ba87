import ValueModel

/// Receives what happens during a playbook run, as typed events, and turns them into
/// output (the default text, json, ...). The engine calls it from one task at a time, in
/// the order things happen, so an implementation needs no locking of its own for order;
/// it must still be `Sendable` because that task may change threads.
package protocol PlaybookCallback: AnyObject, Sendable {
  func playbookStarted(_ path: String)
  func playStarted(_ play: PlayEvent)
  /// A task (or handler) starts on the hosts that run it. With the free strategy a task
  /// can start more than once (once per host that reaches it).
  func taskStarted(_ task: TaskEvent)
  /// A host begins a task: for a live "still running" line.
  func hostStarted(_ host: String, task: TaskEvent)
  /// One loop item finished on a host.
  func itemFinished(_ result: HostTaskResult, task: TaskEvent)
  /// A host finished a task (for loops: after all its items).
  func hostFinished(_ result: HostTaskResult, task: TaskEvent)
  /// `include_tasks`/`include_role` read a file for these hosts (for one loop item: its label).
  func included(_ file: String, hosts: [String], item: String?, task: TaskEvent)
  /// A host's result of an `include_tasks`/`include_role` that included (the text output
  /// shows `included:` lines instead; the json callback keeps the result).
  func includeFinished(_ result: HostTaskResult, task: TaskEvent)
  /// `skipping: no hosts matched`
  func noHostsMatched(_ play: PlayEvent)
  /// `NO MORE HOSTS LEFT`: every host of the play failed or is unreachable.
  func noMoreHosts()
  func warning(_ message: String)
  /// A polled `async:` job ended on a host (a default does nothing).
  func asyncFinished(host: String, jid: String?, failed: Bool, task: TaskEvent)
  /// The run ended (normally, on error, or interrupted): print the recap.
  func playbookFinished(_ recap: Recap, interrupted: Bool)
}

extension PlaybookCallback {
  package func includeFinished(_ result: HostTaskResult, task: TaskEvent) {}
  /// An `async:` job the task polled ended on a host (`ASYNC OK` / `ASYNC FAILED`);
  /// `jid` is nil when the job never reported an id.
  package func asyncFinished(host: String, jid: String?, failed: Bool, task: TaskEvent) {}
}

package struct PlayEvent: Sendable {
  /// The rendered `name:` or, without one, the hosts pattern as written.
  package var name: String
  package var hosts: [String]
  package var checkMode: Bool
  /// A stable id for the json callback.
  package var id: String
  /// Where the play starts (`path` in the json callback's document).
  package var location: SourceLocation?

  package init(name: String, hosts: [String], checkMode: Bool, id: String, location: SourceLocation? = nil) {
    self.name = name
    self.hosts = hosts
    self.checkMode = checkMode
    self.id = id
    self.location = location
  }
}

package struct TaskEvent: Sendable {
  /// As the header shows it: `role : name`, or the action when unnamed.
  package var name: String
  package var action: String
  package var isHandler: Bool
  package var location: SourceLocation?
  package var checkMode: Bool
  package var id: String

  package init(name: String, action: String, isHandler: Bool = false, location: SourceLocation? = nil, checkMode: Bool = false, id: String) {
    self.name = name
    self.action = action
    self.isHandler = isHandler
    self.location = location
    self.checkMode = checkMode
    self.id = id
  }
}

/// How a task ended on one host (or one loop item).
package enum HostTaskStatus: String, Sendable {
  case ok, changed, failed, skipped, unreachable
}

package struct HostTaskResult: Sendable {
  package var host: String
  /// `delegate_to` target, shown as `[host -> delegate]`.
  package var delegatedTo: String?
  package var status: HostTaskStatus
  /// Failed, but `ignore_errors`/`ignore_unreachable` let the host go on (`...ignoring`).
  package var ignored: Bool
  /// For a loop item: the label shown as `(item=...)`.
  package var itemLabel: String?
  /// For a loop's result: each item's label as Ansible's callbacks receive it
  /// (`_ansible_item_label`), the rendered `loop_control.label` with its native type, or
  /// the item itself; empty when not a loop.
  package var itemLabels: [Value] = []
  /// The result as registered (for loops the parent has `results`).
  package var result: ValueDict
  /// Shown with `--diff`.
  package var diff: [ValueDict]
  /// Debug's results: shown without bookkeeping keys and always expanded.
  package var isForDisplay: Bool
  /// `no_log`: callbacks show the censored result only.
  package var noLog: Bool
  /// Seconds the host spent on the task, for `--profile`.
  package var duration: Double
  /// Where the failure lies when it is narrower than the task: the argument whose
  /// template could not be rendered (Ansible's `<<< caused by >>>` origin).
  package var origin: SourceLocation?

  package init(
    host: String, delegatedTo: String? = nil, status: HostTaskStatus, ignored: Bool = false, itemLabel: String? = nil,
    result: ValueDict, diff: [ValueDict] = [], isForDisplay: Bool = false, noLog: Bool = false,
    duration: Double = 0
  ) {
    self.host = host
    self.delegatedTo = delegatedTo
    self.status = status
    self.ignored = ignored
    self.itemLabel = itemLabel
    self.result = result
    self.diff = diff
    self.isForDisplay = isForDisplay
    self.noLog = noLog
    self.duration = duration
  }
}

/// The counts of `PLAY RECAP`, per host, as Ansible keeps them: a changed task counts in
/// `ok` too; a rescued failure counts in `rescued`, not `failed`.
package struct HostStats: Sendable, Equatable {
  package var ok = 0
  package var changed = 0
  package var unreachable = 0
  package var failed = 0
  package var skipped = 0
  package var rescued = 0
  package var ignored = 0

  package init() {}
}

package struct Recap: Sendable {
  /// Every host that ran anything, with its counts.
  package var hosts: [String: HostStats]

  package init(hosts: [String: HostStats] = [:]) { self.hosts = hosts }
}
