import ValueModel

/// What the ad-hoc callbacks share: the status word, whether a result is shown as a
/// command's output, and the mapping they dump, as Ansible's minimal, oneline and tree
/// callbacks have them.
enum AdHocResultText {
  /// `SUCCESS`, `CHANGED` or `FAILED` (skipped and unreachable have lines of their own).
  static func state(_ status: HostTaskStatus) -> String {
    switch status {
    case .failed: return "FAILED"
    case .changed: return "CHANGED"
    default: return "SUCCESS"
    }
  }

  static func color(_ status: HostTaskStatus) -> Color {
    switch status {
    case .failed: return .error
    case .changed: return .changed
    case .unreachable: return .unreachable
    case .skipped: return .skip
    case .ok: return .ok
    }
  }

  /// Command, shell, raw and script results are shown as `rc=N >>` and their output,
  /// unless the module itself broke (`module_stderr`), as in Ansible.
  static func printsCommandOutput(_ result: HostTaskResult, task: TaskEvent, catalog: any ModuleCatalog) -> Bool {
    guard catalog.moduleType(named: task.action)?.printsCommandOutput == true else { return false }
    return result.result["module_stderr"] == nil
  }

  /// The result without bookkeeping (and censored for `no_log`); debug's reduced to its
  /// message or variable when `cleanDebug`, as minimal shows it (oneline and tree do not).
  static func shown(_ result: HostTaskResult, task: TaskEvent, verbosity: Int, cleanDebug: Bool) -> ValueDict {
    ResultDisplay.cleaned(result, action: cleanDebug ? task.action : "", verbosity: verbosity)
  }

  /// `stdout`, `stderr` and `msg` run together, as minimal prints a command's output.
  static func commandText(_ shown: ValueDict) -> String {
    (shown["stdout"]?.plainText ?? "") + (shown["stderr"]?.plainText ?? "") + (shown["msg"]?.plainText ?? "")
  }

  /// The `rc` shown, -1 when the result has none.
  static func returnCode(_ shown: ValueDict) -> String { shown["rc"]?.plainText ?? "-1" }

  /// `warnings` of a result, printed on their own lines before it.
  static func warnings(_ result: HostTaskResult) -> [String] {
    guard !result.noLog, case let .list(warnings)? = result.result["warnings"] else { return [] }
    return warnings.map(\.plainText)
  }
}
