internal import CLibSSH2
import LocalProcess

/// A command that stays running to serve many requests over one channel: a privileged
/// shell, started once per host with one password exchange, then fed one request at a
/// time. The caller frames each request so that its end shows on both streams; this
/// class only moves bytes and knows nothing of shells.
package final class ShellChannel {
  let channel: Channel
  private var stdout = OutputBuffer()
  private var stderr = OutputBuffer()
  /// False after any failure: a request cut off halfway leaves the streams out of step.
  package private(set) var isUsable = true
  static let ended = SSHError.library(operation: "running a command in the privileged shell", code: 0, message: "the shell ended")

  /// Starts `command` and passes its prompt; throws `PromptAnswer.Refusal` when it cannot.
  package init(channel: Channel, command: String, prompt: PromptAnswer, deadline: Deadline) throws {
    self.channel = channel
    try channel.start(command, pty: false, deadline: deadline)
    var (out, err): ([UInt8], [UInt8]) = ([], [])
    try channel.passPrompt(prompt, stdout: &out, stderr: &err, deadline: deadline)
    try stdout.append(out)
    try stderr.append(err)
  }

  /// Sends `request`, then reads until `isComplete(stdout, stderr)`; returns both streams
  /// (held once, as a plain command's are) and starts the next request from empty buffers.
  package func exchange(
    _ request: [UInt8], deadline: Deadline, isComplete: (OutputBuffer, OutputBuffer) -> Bool
  ) throws -> (stdout: OutputBuffer, stderr: OutputBuffer) {
    guard isUsable else { throw Self.ended }
    isUsable = false
    do {
      var written = 0
      while !isComplete(stdout, stderr) {
        var progressed = false
        if written < request.count {
          let sent = try channel.writeSome(request, from: written, "writing to the shell")
          if sent > 0 { written += sent; progressed = true }
        }
        if try channel.readSome(&stdout, &stderr) { progressed = true }
        if progressed { continue }
        if libssh2_channel_eof(channel.raw) != 0 { throw Self.ended }
        try channel.session.waitForSocket("command", deadline)
      }
    } catch SSHError.timeout {
      throw SSHError.commandTimeout(seconds: deadline.seconds)
    }
    defer { (stdout, stderr) = (OutputBuffer(), OutputBuffer()) }
    isUsable = true
    return (stdout, stderr)
  }
}
