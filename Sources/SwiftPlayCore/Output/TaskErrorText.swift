/// The `[ERROR]: Task failed: ...` block ansible-core 2.19 prints above a failed or
/// unreachable host: the message, the task's origin and the lines leading to it with a
/// caret, so a user sees which task of which file failed without -vv.
package enum TaskErrorText {
  /// Actions whose own code fails (Ansible's action plugins) rather than a module on the
  /// host: their failures read `Action failed:`, the others `Module failed:`.
  static var actionPlugins: Set<String> { EngineActions.actionPlugins }

  /// The first line's text for a failed or unreachable result.
  package static func headline(_ result: HostTaskResult, action: String) -> String {
    let message = result.result["msg"]?.plainText ?? ""
    if result.status == .unreachable {
      return message.hasPrefix("Task failed: ") ? message : "Task failed: " + message
    }
    if message.hasPrefix("Task failed: ") { return message }
    let short = action.split(separator: ".").last.map(String.init) ?? action
    let kind = actionPlugins.contains(short) ? "Action failed" : "Module failed"
    return message.isEmpty ? "Task failed: \(kind)." : "Task failed: \(kind): \(message)"
  }

  /// The whole block, ending with an empty line; the excerpt is left out when the file
  /// cannot be read.
  /// A `cause` (the argument that failed to render, and what went wrong there) follows
  /// as Ansible's `<<< caused by >>>` part.
  package static func render(
    headline: String, location: SourceLocation?, source: String?,
    cause: (message: String, location: SourceLocation, source: String?)? = nil
  ) -> String {
    var text = block(headline: "[ERROR]: " + headline, location: location, source: source)
    if let cause {
      if !text.hasSuffix("\n") { text += "\n" }
      text += "\n<<< caused by >>>\n\n" + block(headline: cause.message, location: cause.location, source: cause.source)
    }
    return text
  }

  static func block(headline: String, location: SourceLocation?, source: String?) -> String {
    var lines = [headline]
    guard let location else { return lines.joined(separator: "\n") }
    lines.append("Origin: \(location)")
    lines.append("")
    if let source {
      let fileLines = source.split(separator: "\n", omittingEmptySubsequences: false)
      if location.line >= 1 && location.line <= fileLines.count {
        let first = max(1, location.line - 2)
        let width = String(location.line).count
        for number in first...location.line {
          let label = String(repeating: " ", count: width - String(number).count) + String(number)
          let text = fileLines[number - 1]
          lines.append(text.isEmpty ? label : label + " " + text)
        }
        lines.append(String(repeating: " ", count: width + location.column) + "^ column \(location.column)")
        lines.append("")
      }
    }
    return lines.joined(separator: "\n")
  }
}
