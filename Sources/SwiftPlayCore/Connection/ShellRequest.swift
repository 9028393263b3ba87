import SSH

/// One command sent to a long-lived privileged shell, framed so that its end shows on
/// both streams: the command runs in a child `sh -c` (its own environment, working
/// folder and exit code; a syntax error ends the child, not the shell), then the shell
/// prints an end line with the exit code on stdout and one on stderr. The random key
/// makes the end line one that no command prints by chance.
struct ShellRequest {
  let command: String
  /// Seconds after which the host kills the command's process group (`HostTimeout`); the
  /// shell itself lives on and answers the next request.
  var limit: Double? = nil
  let end = "SWIFTPLAY-END-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)

  /// The line the shell reads. The command's stdin is /dev/null: the shell's own input
  /// carries the next requests and must not be read by a command.
  var line: [UInt8] {
    let body = limit.map { HostTimeout.limited(command, seconds: $0, shell: "/bin/sh") } ?? command
    return Array(("/bin/sh -c \(ShellQuote.quote(body)) </dev/null; "
      + "printf '\\n%s %d\\n' \(end) \"$?\"; printf '\\n%s\\n' \(end) >&2\n").utf8)
  }

  /// True once both end lines have arrived.
  func isComplete(stdout: OutputBuffer, stderr: OutputBuffer) -> Bool {
    let endLine = Array("\n\(end)\n".utf8)
    return stderr.suffix(endLine.count) == endLine && exitLine(stdout) != nil
  }

  /// The command's output, its end lines removed, taken out of the buffers.
  func result(stdout: inout OutputBuffer, stderr: inout OutputBuffer) -> CommandResult {
    let exit = exitLine(stdout)
    stdout.removeLast(exit?.length ?? 0)
    stderr.removeLast(end.utf8.count + 2)
    return CommandResult(stdout: stdout.takeText(), stderr: stderr.takeText(), exitStatus: exit?.code ?? -1, exitSignal: nil)
  }

  /// The exit code on stdout's last line once that line is whole, and how many bytes the
  /// end line (with the newline before it) takes.
  private func exitLine(_ stdout: OutputBuffer) -> (code: Int32, length: Int)? {
    let tail = stdout.suffix(1024)
    guard tail.last == UInt8(ascii: "\n"), let start = tail.lastRange(of: Array("\n\(end) ".utf8)),
      let code = Int32(String(decoding: tail[start.upperBound..<(tail.count - 1)], as: UTF8.self))
    else { return nil }
    return (code, tail.count - start.lowerBound)
  }
}

extension Array where Element == UInt8 {
  /// Where `needle` last starts, looking only at the last kilobyte (end lines are short).
  func lastRange(of needle: [UInt8]) -> Range<Int>? {
    guard !needle.isEmpty, needle.count <= count else { return nil }
    for start in stride(from: count - needle.count, through: Swift.max(0, count - 1024), by: -1)
    where self[start] == needle[0] && Array(self[start..<(start + needle.count)]) == needle {
      return start..<(start + needle.count)
    }
    return nil
  }
}
