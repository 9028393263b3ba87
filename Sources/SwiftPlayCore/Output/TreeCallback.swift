import Foundation
import ValueModel

/// Ansible's `tree` callback (`-t DIR` in ad-hoc mode): each host's result written to
/// `DIR/<host>` as JSON (one line; debug's indented), beside the output on the terminal.
/// The folder is made when the first result arrives; skipped hosts leave no file.
package final class TreeCallback: HostResultCallback {
  let directory: String
  let display: Display
  let verbosity: Int

  package init(directory: String, display: Display, verbosity: Int = 0) {
    self.directory = (directory as NSString).expandingTildeInPath
    self.display = display
    self.verbosity = verbosity
  }

  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {
    guard result.status != .skipped else { return }
    let shown = AdHocResultText.shown(result, task: task, verbosity: verbosity, cleanDebug: false)
    write(JSON.dump(.dict(shown), indent: result.isForDisplay ? 4 : nil), for: result.host)
  }

  /// The file's text as Ansible writes it: no final newline.
  func write(_ text: String, for host: String) {
    // A host name is a file name here: one that would leave the folder is refused.
    guard !host.isEmpty, host != ".", host != "..", !host.contains("/"), !host.contains("\0") else {
      display.warning("Unable to write to '\(host)''s file: the host name is no file name")
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      display.warning("Unable to access or create the configured directory (\(directory)): \(Self.reason(error))")
      return
    }
    let path = directory + "/" + host
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
      display.warning("Unable to write to '\(host)''s file: \(Self.reason(error)): '\(path)'")
    }
  }

  /// The system's words for a file error (`Not a directory`), not Foundation's wrapper.
  static func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    return nsError.localizedDescription
  }
}
