import ValueModel

/// What the engine needs of the playbook loader at run time: the files and roles that
/// `include_tasks` and `include_role` name, read when a host reaches them.
package protocol IncludeLoader: Sendable {
  func loadIncludedTasks(_ path: String, inheriting parent: PlaybookTask, vars: ValueDict) throws(PlaybookError) -> [TaskNode]
  func loadRole(
    _ name: String, from directory: String, tasksFrom: String?, parameters: ValueDict, inheriting parent: PlaybookTask?
  ) throws(PlaybookError) -> Role
}
