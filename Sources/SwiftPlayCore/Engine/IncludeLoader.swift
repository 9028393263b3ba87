/// What the engine needs of the playbook loader at run time: the files and roles that
/// `include_tasks` and `include_role` name, read when a host reaches them.
package protocol IncludeLoader: Sendable {
  func loadIncludedTasks(_ path: String, inheriting parent: PlaybookTask, vars: [String: JSONValue]) throws(PlaybookError) -> [TaskNode]
  func loadRole(
    _ name: String, from directory: String, tasksFrom: String?, parameters: [String: JSONValue], inheriting parent: PlaybookTask?
  ) throws(PlaybookError) -> Role
}
