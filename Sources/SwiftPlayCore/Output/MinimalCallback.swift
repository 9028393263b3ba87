import ValueModel

/// Ansible's `minimal` callback, the default for ad-hoc commands: `host | CHANGED | rc=0 >>`
/// and the output for commands, `host | SUCCESS => {json}` else, `host | SKIPPED`,
/// `host | UNREACHABLE! => {json}`; with `--diff` each change's diff above its line.
package final class MinimalCallback: HostResultCallback {
  let display: Display
  let catalog: any ModuleCatalog
  let diff: Bool
  let verbosity: Int

  package init(display: Display, catalog: any ModuleCatalog, diff: Bool = false, verbosity: Int = 0) {
    self.display = display
    self.catalog = catalog
    self.diff = diff
    self.verbosity = verbosity
  }

  package func warning(_ message: String) { display.warning(message) }

  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {
    printDiff(result)
    AdHocResultText.warnings(result).forEach(display.warning)
    let host = result.host
    let color = AdHocResultText.color(result.status)
    let shown = AdHocResultText.shown(result, task: task, verbosity: verbosity, cleanDebug: true)
    switch result.status {
    case .skipped:
      display.out("\(host) | SKIPPED", color: color)
    case .unreachable:
      display.out("\(host) | UNREACHABLE! => \(JSON.dump(.dict(shown), indent: 4))", color: color)
    case .ok, .changed, .failed:
      let state = AdHocResultText.state(result.status)
      // An async job's result (it has `ansible_job_id`) shows whole when it succeeded, as Ansible's.
      let isJob = result.status != .failed && result.result["ansible_job_id"] != nil
      if !isJob, AdHocResultText.printsCommandOutput(result, task: task, catalog: catalog) {
        display.out("\(host) | \(state) | rc=\(AdHocResultText.returnCode(shown)) >>\n\(AdHocResultText.commandText(shown))", color: color)
      } else {
        let separator = result.status == .failed ? "FAILED!" : state
        display.out("\(host) | \(separator) => \(JSON.dump(.dict(shown), indent: 4))", color: color)
      }
    }
  }

  private func printDiff(_ result: HostTaskResult) {
    guard diff, !result.diff.isEmpty, result.status != .skipped, !result.noLog else { return }
    let text = DiffText.render(result.diff, colors: display.colors)
    guard !text.isEmpty else { return }
    // The diff ends with its own blank line; Display adds the last newline.
    display.out(String(text.dropLast()))
  }
}
