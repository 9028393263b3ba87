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
  func isComplete(stdout: [UInt8], stderr: [UInt8]) -> Bool {
    stderr.hasSuffix(Array("\n\(end)\n".utf8)) && exitCode(stdout) != nil
  }

  /// The command's output, its end lines removed.
  func result(stdout: [UInt8], stderr: [UInt8]) -> CommandResult {
    let out = stdout[..<(stdout.lastRange(of: Array("\n\(end) ".utf8))?.lowerBound ?? stdout.endIndex)]
    let err = stderr.dropLast(end.utf8.count + 2)
    return CommandResult(
      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
      exitStatus: exitCode(stdout) ?? -1, exitSignal: nil)
  }

  /// The exit code on stdout's last line, once that line is whole.
  private func exitCode(_ stdout: [UInt8]) -> Int32? {
    guard stdout.last == UInt8(ascii: "\n"), let start = stdout.lastRange(of: Array("\n\(end) ".utf8)) else { return nil }
    return Int32(String(decoding: stdout[start.upperBound..<(stdout.count - 1)], as: UTF8.self))
  }
}

extension Array where Element == UInt8 {
  func hasSuffix(_ suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }

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
