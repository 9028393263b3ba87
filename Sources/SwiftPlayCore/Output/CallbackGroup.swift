/// Several callbacks fed the same events in order, e.g. the default output and
/// `--profile`: the engine talks to one callback and need not know how many listen.
package final class CallbackGroup: PlaybookCallback {
  package let members: [any PlaybookCallback]

  package init(_ members: [any PlaybookCallback]) { self.members = members }

  package func playbookStarted(_ path: String) { members.forEach { $0.playbookStarted(path) } }
  package func playStarted(_ play: PlayEvent) { members.forEach { $0.playStarted(play) } }
  package func taskStarted(_ task: TaskEvent) { members.forEach { $0.taskStarted(task) } }
  package func hostStarted(_ host: String, task: TaskEvent) { members.forEach { $0.hostStarted(host, task: task) } }
  package func itemFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.itemFinished(result, task: task) } }
  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.hostFinished(result, task: task) } }
  package func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {
    members.forEach { $0.included(file, hosts: hosts, item: item, task: task) }
  }
  package func includeFinished(_ result: HostTaskResult, task: TaskEvent) { members.forEach { $0.includeFinished(result, task: task) } }
  package func noHostsMatched(_ play: PlayEvent) { members.forEach { $0.noHostsMatched(play) } }
  package func noMoreHosts() { members.forEach { $0.noMoreHosts() } }
  package func asyncFinished(host: String, jid: String?, failed: Bool, task: TaskEvent) {
    members.forEach { $0.asyncFinished(host: host, jid: jid, failed: failed, task: task) }
  }
  /// A warning is printed once, by the first member: every callback would print it.
  package func warning(_ message: String) { members.first?.warning(message) }
  package func playbookFinished(_ recap: Recap, interrupted: Bool) {
    members.forEach { $0.playbookFinished(recap, interrupted: interrupted) }
  }
}
