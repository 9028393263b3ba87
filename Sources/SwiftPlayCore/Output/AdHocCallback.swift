/// How one host's ad-hoc run ended.
public enum HostOutcome: Sendable {
  case completed(ModuleResult)
  case unreachable(String)
}

/// Prints ad-hoc results as they arrive.
public protocol AdHocCallback: Sendable {
  func hostFinished(_ host: String, _ outcome: HostOutcome, printsCommandOutput: Bool)
}

/// Ansible's `minimal` callback, the default for ad-hoc commands:
/// `host | CHANGED | rc=0 >>` and the output for commands, `host | SUCCESS => {json}` else.
public struct MinimalCallback: AdHocCallback {
  let display: Display

  public init(display: Display) { self.display = display }

  public func hostFinished(_ host: String, _ outcome: HostOutcome, printsCommandOutput: Bool) {
    switch outcome {
    case let .unreachable(message):
      display.out("\(host) | UNREACHABLE! => \(PythonJSON.dump(Self.unreachableJSON(message), indent: 4))", color: .unreachable)
    case let .completed(result):
      let (state, color) = Self.state(result)
      if printsCommandOutput {
        let values = result.values
        let text = (values["stdout"]?.text ?? "") + (values["stderr"]?.text ?? "") + (values["msg"]?.text ?? "")
        display.out("\(host) | \(state) | rc=\(values["rc"]?.text ?? "-1") >>\n\(text)", color: color)
      } else {
        let separator = result.failed ? "FAILED!" : state
        display.out("\(host) | \(separator) => \(PythonJSON.dump(.object(result.shown), indent: 4))", color: color)
      }
    }
  }

  static func state(_ result: ModuleResult) -> (String, Color) {
    if result.failed { return ("FAILED", .error) }
    return result.changed ? ("CHANGED", .changed) : ("SUCCESS", .ok)
  }

  static func unreachableJSON(_ message: String) -> JSONValue {
    .object(["changed": false, "msg": .string(message), "unreachable": true])
  }
}

/// Ansible's `oneline` callback (`-o`): one line per host, newlines escaped.
public struct OneLineCallback: AdHocCallback {
  let display: Display

  public init(display: Display) { self.display = display }

  public func hostFinished(_ host: String, _ outcome: HostOutcome, printsCommandOutput: Bool) {
    switch outcome {
    case let .unreachable(message):
      display.out("\(host) | UNREACHABLE!: \(message)", color: .unreachable)
    case let .completed(result):
      let (state, color) = MinimalCallback.state(result)
      let values = result.values
      if printsCommandOutput {
        var line = "\(host) | \(state) | rc=\(values["rc"]?.text ?? "-1") | (stdout) \(Self.escape(values["stdout"]?.text ?? ""))"
        if let stderr = values["stderr"]?.text, !stderr.isEmpty { line += " (stderr) \(Self.escape(stderr))" }
        display.out(line, color: color)
      } else {
        // Ansible indents display results (debug's) even here, then drops the newlines.
        let indent = result.isForDisplay ? 4 : 0
        let flat = PythonJSON.dump(.object(result.json), indent: indent).replacingOccurrences("\n", with: "")
        display.out("\(host) | \(result.failed ? "FAILED!" : state) => \(flat)", color: color)
      }
    }
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences("\n", with: "\\n").replacingOccurrences("\r", with: "\\r")
  }
}
