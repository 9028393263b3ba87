import Foundation
import Glibc
import SwiftPlayCore

extension AdHocCommand {
  /// The playbook output: ansible-playbook's default text, or the json callback's document
  /// (`--output json` or ANSIBLE_STDOUT_CALLBACK=json, or its full name ansible.posix.json,
  /// to which ansible-core routes `json`); `--profile` adds the slowest tasks.
  func makeCallback(display: Display, environment: [String: String], options: RunOptions, isTerminal: Bool) -> any PlaybookCallback {
    let width = isTerminal ? Self.terminalWidth() : nil
    let format = playbookOptions.output ?? environment["ANSIBLE_STDOUT_CALLBACK"] ?? "default"
    var callbacks: [any PlaybookCallback] = []
    if format == "json" || format == "ansible.posix.json" {
      callbacks.append(JSONCallback(display: display))
    } else {
      callbacks.append(DefaultCallback(
        display: display,
        options: DefaultCallback.Options(verbosity: options.verbosity, diff: options.diff, terminalWidth: width, liveLine: isTerminal)))
    }
    if playbookOptions.profile { callbacks.append(ProfileCallback(display: display, terminalWidth: width)) }
    return callbacks.count == 1 ? callbacks[0] : CallbackGroup(callbacks)
  }

  static func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
