internal import CLibSSH2
import Glibc

/// What one remote command produced. Output is kept as bytes: decoding is the caller's call.
public struct ExecResult: Sendable {
  public var stdout: [UInt8]
  public var stderr: [UInt8]
  /// The exit status, or nil when the command was killed by a signal.
  public var exitStatus: Int32?
  /// The signal name without "SIG" (e.g. "KILL") when the command was killed by one.
  public var exitSignal: String?
}

/// One SSH channel running one command. Holds its session alive.
public final class Channel {
  let session: Session
  let raw: OpaquePointer

  init(session: Session, raw: OpaquePointer) {
    self.session = session
    self.raw = raw
  }

  deinit { libssh2_channel_free(raw) }

  /// Runs `command` to completion: feeds `stdin` (then EOF), collects stdout and stderr apart,
  /// and returns the exit status or signal. Reading and writing are interleaved so neither
  /// side's window can fill and stall the other.
  public func execute(
    _ command: String, stdin: [UInt8] = [], deadline: Deadline, prompt: PromptAnswer? = nil
  ) throws -> ExecResult {
    do {
      return try run(command, stdin: stdin, deadline: deadline, prompt: prompt)
    } catch SSHError.timeout {
      throw SSHError.commandTimeout(seconds: deadline.seconds)
    }
  }

  private func run(_ command: String, stdin: [UInt8], deadline: Deadline, prompt: PromptAnswer?) throws -> ExecResult {
    try session.retry("starting command", deadline) {
      shim_channel_exec(raw, command, UInt32(command.utf8.count))
    }
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var written = 0
    var eofSent = false
    var buffer = [CChar](repeating: 0, count: 32 * 1024)
    // Behind a prompt, the command's input waits until its success marker shows.
    var started = prompt == nil
    var answered = false

    while true {
      var progressed = false
      if let prompt, !started {
        if let marker = stdout.firstRange(of: prompt.marker) {
          stdout.removeSubrange(0..<marker.upperBound)
          stderr.removeAll()
          started = true
          progressed = true
        } else if let asked = stderr.firstRange(of: prompt.prompt) {
          stderr.removeSubrange(asked)
          guard let answer = prompt.answer else { throw PromptAnswer.Refusal.missing }
          // A second prompt means the first answer was wrong: never try again.
          guard !answered else { throw PromptAnswer.Refusal.incorrect }
          try writeAll(answer, deadline)
          answered = true
          progressed = true
        }
      }
      if started && !eofSent {
        if written < stdin.count {
          let sent = stdin.withUnsafeBufferPointer { input in
            input.baseAddress!.advanced(by: written).withMemoryRebound(to: CChar.self, capacity: stdin.count - written) {
              shim_channel_write(raw, $0, stdin.count - written)
            }
          }
          if sent > 0 { written += sent; progressed = true }
          else if sent != Int(LIBSSH2_ERROR_EAGAIN) { throw session.lastError("writing to the command", code: Int32(sent)) }
        }
        if written == stdin.count {
          let code = libssh2_channel_send_eof(raw)
          if code == 0 { eofSent = true; progressed = true }
          else if code != LIBSSH2_ERROR_EAGAIN { throw session.lastError("closing the command's input", code: code) }
        }
      }
      for (stream, sink) in [(Int32(0), 0), (SSH_EXTENDED_DATA_STDERR, 1)] {
        let count = shim_channel_read(raw, stream, &buffer, buffer.count)
        if count > 0 {
          let bytes = buffer[0..<count].map { UInt8(bitPattern: $0) }
          if sink == 0 { stdout += bytes } else { stderr += bytes }
          progressed = true
        } else if count < 0 && count != Int(LIBSSH2_ERROR_EAGAIN) {
          throw session.lastError("reading the command's output", code: Int32(count))
        }
      }
      if progressed { continue }
      if libssh2_channel_eof(raw) != 0 { break }
      try session.waitForSocket("command", deadline)
    }

    if !started {
      // The command never began (sudo refused): what it said is the whole story.
      stderr = stdout + stderr
      stdout = []
    }
    try session.retry("closing the channel", deadline) { libssh2_channel_close(raw) }
    try session.retry("closing the channel", deadline) { libssh2_channel_wait_closed(raw) }
    return ExecResult(stdout: stdout, stderr: stderr, exitStatus: exitStatus(), exitSignal: exitSignal())
  }

  private func exitSignal() -> String? {
    var name: UnsafeMutablePointer<CChar>?
    var length = 0
    libssh2_channel_get_exit_signal(raw, &name, &length, nil, nil, nil, nil)
    guard let name else { return nil }
    defer { free(name) }
    return String(cString: name)
  }

  private func exitStatus() -> Int32? {
    exitSignal() == nil ? libssh2_channel_get_exit_status(raw) : nil
  }

  /// Writes all of `bytes` to the command's input (a password answer: a few bytes).
  private func writeAll(_ bytes: [UInt8], _ deadline: Deadline) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBufferPointer { input in
        input.baseAddress!.advanced(by: sent).withMemoryRebound(to: CChar.self, capacity: bytes.count - sent) {
          shim_channel_write(raw, $0, bytes.count - sent)
        }
      }
      if count > 0 { sent += count; continue }
      guard count == Int(LIBSSH2_ERROR_EAGAIN) else { throw session.lastError("answering the password prompt", code: Int32(count)) }
      try session.waitForSocket("answering the password prompt", deadline)
    }
  }
}
