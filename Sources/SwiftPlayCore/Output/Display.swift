import Foundation
import Glibc

/// The terminal colors Ansible uses for each kind of line.
package enum Color: String, Sendable {
  case ok = "0;32"
  case changed = "0;33"
  case error = "0;31"
  case unreachable = "1;31"
  case warning = "1;35"
  case verbose = "0;34"
  /// Skipped hosts, `included:` lines, `...ignoring` and diff hunk headers.
  case skip = "0;36"
  /// `task path:` at -vv.
  case debug = "1;30"
}

/// The one place that writes to stdout and stderr, whole lines at a time under a lock, so
/// hosts finishing together never interleave their output.
package final class Display: @unchecked Sendable {
  /// Receives each finished line (newline included) and whether it belongs on stderr.
  package typealias Sink = @Sendable (_ line: String, _ toStandardError: Bool) -> Void

  package let colors: Bool
  private let lock = NSLock()
  private let sink: Sink

  package init(colors: Bool, sink: @escaping Sink = Display.standardStreams) {
    self.colors = colors
    self.sink = sink
  }

  /// Writes with write(2): a reader that went away (`swiftplay ... | head`) costs the
  /// rest of the output, not a crash, as FileHandle.write would make it.
  package static let standardStreams: Sink = { line, toStandardError in
    let fd = toStandardError ? STDERR_FILENO : STDOUT_FILENO
    var bytes = Array(line.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      bytes = bytes.dropFirst(written)
    }
  }

  /// Colors as Ansible decides them: on for a terminal, off when NO_COLOR or
  /// ANSIBLE_NOCOLOR is set, on whatever the output when ANSIBLE_FORCE_COLOR is set.
  package static func wantsColor(environment: [String: String], config: AnsibleConfig, isTerminal: Bool) -> Bool {
    if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
    if config.bool("nocolor") { return false }
    if config.bool("force_color") { return true }
    return isTerminal
  }

  package func out(_ text: String, color: Color? = nil) { write(text, color: color, toStandardError: false) }

  package func err(_ text: String, color: Color? = nil) { write(text, color: color, toStandardError: true) }

  /// Writes `text` as it is, without color or newline: for a status line redrawn in place
  /// with `\r`, which must share the lock with every other line.
  package func raw(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    sink(text, false)
  }

  package func warning(_ text: String) { err("[WARNING]: \(text)", color: .warning) }

  package func error(_ text: String) { err("ERROR! \(text)", color: .error) }

  /// Ansible colors each line separately, so a pager that cuts lines keeps its colors.
  func paint(_ text: String, _ color: Color?) -> String {
    guard colors, let color else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { "\u{1B}[\(color.rawValue)m\($0)\u{1B}[0m" }.joined(separator: "\n")
  }

  private func write(_ text: String, color: Color?, toStandardError: Bool) {
    let line = paint(text, color) + "\n"
    lock.lock()
    defer { lock.unlock() }
    sink(line, toStandardError)
  }
}
