/// Several callbacks fed the same events in order, e.g. the default output and
/// `--profile`: the engine talks to one callback and need not know how many listen.
public final class CallbackGroup: PlaybookCallback {
  public let members: [any PlaybookCallback]

  public init(_ members: [any PlaybookCallback]) { self.members = members }

  public func playbookStarted(_ path: String) { members.forEach { $0.playbookStarted(path) } }
  public func playStarted(_ play: PlayEvent) { members.forEach { $0.playStarted(play) } }
  public func taskStarted(_ task: TaskEvent) { members.forEach { $0.taskStarted(task) } }
  public func hostStarted(_ host: String, task: TaskEvent) { members.forEach { $0.hostStarted(host, task: task) } }
  public func itemFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.itemFinished(result, task: task) } }
  public func hostFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.hostFinished(result, task: task) } }
  public func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {
    members.forEach { $0.included(file, hosts: hosts, item: item, task: task) }
  }
  public func includeFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.includeFinished(result, task: task) } }
  public func noHostsMatched(_ play: PlayEvent) { members.forEach { $0.noHostsMatched(play) } }
  public func noMoreHosts() { members.forEach { $0.noMoreHosts() } }
  public func asyncFinished(host: String, jid: String?, failed: Bool, task: TaskEvent) {
    members.forEach { $0.asyncFinished(host: host, jid: jid, failed: failed, task: task) }
  }
  /// A warning is printed once, by the first member: every callback would print it.
  public func warning(_ message: String) { members.first?.warning(message) }
  public func playbookFinished(_ recap: Recap, interrupted: Bool) {
    members.forEach { $0.playbookFinished(recap, interrupted: interrupted) }
  }
}
