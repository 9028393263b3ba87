/// Whether the commands of the task running now may appear in -vvv output. A `no_log`
/// task's commands carry its arguments, which no_log hides everywhere, so its commands
/// are logged as hidden. Read where a connection is called (a task-local value does not
/// follow work onto a connection's own thread).
package enum CommandLog {
  @TaskLocal package static var isHidden = false

  /// `command` as -vvv shows it.
  static func shown(_ command: String) -> String {
    isHidden ? "(hidden due to no_log: true)" : command
  }
}
