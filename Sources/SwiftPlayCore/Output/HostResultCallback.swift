/// A callback that reports only each host's result, as Ansible's ad-hoc outputs
/// (minimal, oneline, tree) do: banners, includes and the recap are not theirs to print,
/// so every other event does nothing unless the callback says otherwise.
public protocol HostResultCallback: PlaybookCallback {}

extension HostResultCallback {
  public func playbookStarted(_ path: String) {}
  public func playStarted(_ play: PlayEvent) {}
  public func taskStarted(_ task: TaskEvent) {}
  public func hostStarted(_ host: String, task: TaskEvent) {}
  public func itemFinished(_ result: HostTaskResult, task: TaskEvent) {}
  public func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {}
  public func noHostsMatched(_ play: PlayEvent) {}
  public func noMoreHosts() {}
  public func warning(_ message: String) {}
  public func playbookFinished(_ recap: Recap, interrupted: Bool) {}
}
