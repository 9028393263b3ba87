import ValueModel

/// Ansible's `oneline` callback (`-o`): one line per host, newlines escaped.
package final class OneLineCallback: HostResultCallback {
  let display: Display
  let catalog: any ModuleCatalog
  let verbosity: Int

  package init(display: Display, catalog: any ModuleCatalog, verbosity: Int = 0) {
    self.display = display
    self.catalog = catalog
    self.verbosity = verbosity
  }

  package func warning(_ message: String) { display.warning(message) }

  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {
    AdHocResultText.warnings(result).forEach(display.warning)
    let host = result.host
    let color = AdHocResultText.color(result.status)
    let shown = AdHocResultText.shown(result, task: task, verbosity: verbosity, cleanDebug: false)
    switch result.status {
    case .skipped:
      display.out("\(host) | SKIPPED", color: color)
    case .unreachable:
      display.out("\(host) | UNREACHABLE!: \(shown["msg"]?.plainText ?? "")", color: color)
    case .ok, .changed, .failed:
      let state = AdHocResultText.state(result.status)
      if AdHocResultText.printsCommandOutput(result, task: task, catalog: catalog) {
        var line = "\(host) | \(state) | rc=\(AdHocResultText.returnCode(shown)) | (stdout) \(Self.escape(shown["stdout"]?.plainText ?? ""))"
        if let stderr = shown["stderr"]?.plainText, !stderr.isEmpty { line += " (stderr) \(Self.escape(stderr))" }
        display.out(line, color: color)
      } else {
        // Ansible indents display results (debug's) even here, then drops the newlines.
        let flat = JSON.dump(.dict(shown), indent: result.isForDisplay ? 4 : 0).replacingOccurrences("\n", with: "")
        display.out("\(host) | \(result.status == .failed ? "FAILED!" : state) => \(flat)", color: color)
      }
    }
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences("\n", with: "\\n").replacingOccurrences("\r", with: "\\r")
  }
}
