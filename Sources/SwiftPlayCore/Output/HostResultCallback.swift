/// A callback that reports only each host's result, as Ansible's ad-hoc outputs
/// (minimal, oneline, tree) do: banners, includes and the recap are not theirs to print,
/// so every other event does nothing unless the callback says otherwise.
package protocol HostResultCallback: PlaybookCallback {}

extension HostResultCallback {
  package func playbookStarted(_ path: String) {}
  package func playStarted(_ play: PlayEvent) {}
  package func taskStarted(_ task: TaskEvent) {}
  package func hostStarted(_ host: String, task: TaskEvent) {}
  package func itemFinished(_ result: HostTaskResult, task: TaskEvent) {}
  package func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {}
  package func noHostsMatched(_ play: PlayEvent) {}
  package func noMoreHosts() {}
  package func warning(_ message: String) {}
  package func playbookFinished(_ recap: Recap, interrupted: Bool) {}
}
