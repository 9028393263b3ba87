internal import CLibSSH2
import Glibc
import LocalProcess

/// What one remote command produced. Output is kept as bytes, held once: decoding is the
/// caller's call.
package struct ExecResult: Sendable {
  package var stdout: OutputBuffer
  package var stderr: OutputBuffer
  /// The exit status, or nil when the command was killed by a signal.
  package var exitStatus: Int32?
  /// The signal name without "SIG" (e.g. "KILL") when the command was killed by one.
  package var exitSignal: String?
}

/// One SSH channel running one command. Holds its session alive.
package final class Channel {
  let session: Session
  let raw: OpaquePointer

  init(session: Session, raw: OpaquePointer) {
    self.session = session
    self.raw = raw
  }

  deinit { libssh2_channel_free(raw) }

  /// Runs `command` to completion: feeds `stdin` (then EOF), collects stdout and stderr apart,
  /// and returns the exit status or signal. Reading and writing are interleaved so neither
  /// side's window can fill and stall the other. With `pty`, the command gets a terminal
  /// in raw mode (no echo, no line editing, no newline translation; stderr joins stdout),
  /// for sudo's `requiretty`; a terminal has no end of input, so such commands must not
  /// read to the end of `stdin`.
  package func execute(
    _ command: String, stdin: [UInt8] = [], deadline: Deadline, prompt: PromptAnswer? = nil, pty: Bool = false
  ) throws -> ExecResult {
    do {
      return try run(command, stdin: stdin, deadline: deadline, prompt: prompt, pty: pty)
    } catch SSHError.timeout {
      throw SSHError.commandTimeout(seconds: deadline.seconds)
    }
  }

  private func run(_ command: String, stdin: [UInt8], deadline: Deadline, prompt: PromptAnswer?, pty: Bool) throws -> ExecResult {
    try start(command, pty: pty, deadline: deadline)
    var stdout = OutputBuffer()
    var stderr = OutputBuffer()
    // Behind a prompt, the command's input waits until its success marker shows.
    if let prompt {
      var (promptOut, promptErr): ([UInt8], [UInt8]) = ([], [])
      try passPrompt(prompt, stdout: &promptOut, stderr: &promptErr, deadline: deadline)
      try stdout.append(promptOut)
      try stderr.append(promptErr)
    }
    var written = 0
    var eofSent = false
    while true {
      var progressed = false
      if !eofSent {
        if written < stdin.count {
          let sent = try writeSome(stdin, from: written, "writing to the command")
          if sent > 0 { written += sent; progressed = true }
        }
        if written == stdin.count {
          let code = libssh2_channel_send_eof(raw)
          if code == 0 { eofSent = true; progressed = true }
          else if code != LIBSSH2_ERROR_EAGAIN { throw session.lastError("closing the command's input", code: code) }
        }
      }
      if try readSome(&stdout, &stderr) { progressed = true }
      if progressed { continue }
      if libssh2_channel_eof(raw) != 0 { break }
      try session.waitForSocket("command", deadline)
    }
    try finish(deadline)
    return ExecResult(stdout: stdout, stderr: stderr, exitStatus: exitStatus(), exitSignal: exitSignal())
  }

  /// Starts `command`, on a raw-mode terminal when `pty`.
  func start(_ command: String, pty: Bool, deadline: Deadline) throws {
    if pty {
      // RFC 4254 terminal modes, each an opcode and a 32-bit value, all off: ISIG 50,
      // ICANON 51, ECHO 53, IEXTEN 59, ICRNL 36, IXON 38, OPOST 70; then TTY_OP_END.
      var modes: [CChar] = []
      for opcode in [50, 51, 53, 59, 36, 38, 70] as [CChar] { modes += [opcode, 0, 0, 0, 0] }
      modes.append(0)
      _ = try session.retry("asking for a terminal", deadline) {
        libssh2_channel_request_pty_ex(raw, "xterm", 5, modes, UInt32(modes.count), 200, 50, 0, 0)
      }
    }
    _ = try session.retry("starting command", deadline) {
      shim_channel_exec(raw, command, UInt32(command.utf8.count))
    }
  }

  /// Reads until the prompt's marker line, answering the prompt once on the way; throws a
  /// `PromptAnswer.Refusal` when the command cannot get past it.
  func passPrompt(_ prompt: PromptAnswer, stdout: inout [UInt8], stderr: inout [UInt8], deadline: Deadline) throws {
    let limit = Deadline.after(seconds: prompt.timeout)
    var answered = false
    while true {
      if let marker = stdout.firstRange(of: prompt.marker) {
        stdout.removeSubrange(0..<marker.upperBound)
        stderr.removeAll()
        return
      }
      // Over a terminal the prompt comes on stdout, otherwise on stderr.
      if Self.take(prompt.prompt, from: &stderr) || Self.take(prompt.prompt, from: &stdout) {
        guard let answer = prompt.answer else { throw PromptAnswer.Refusal.missing }
        // A second prompt means the first answer was wrong: never try again.
        guard !answered else { throw PromptAnswer.Refusal.incorrect }
        try writeAll(answer, deadline)
        answered = true
        continue
      }
      if try readSome(&stdout, &stderr) { continue }
      if libssh2_channel_eof(raw) != 0 {
        // su says "Authentication failure" and ends where sudo would ask again.
        if answered { throw PromptAnswer.Refusal.incorrect }
        throw PromptAnswer.Refusal.ended(String(decoding: stdout + stderr, as: UTF8.self))
      }
      do { try session.waitForSocket("command", limit) } catch SSHError.timeout {
        throw PromptAnswer.Refusal.timedOut(String(decoding: stdout + stderr, as: UTF8.self))
      }
    }
  }

  /// Removes the first `needle` from `bytes`; false when it is not there.
  static func take(_ needle: [UInt8], from bytes: inout [UInt8]) -> Bool {
    guard let range = bytes.firstRange(of: needle) else { return false }
    bytes.removeSubrange(range)
    return true
  }

  /// One read from each stream, straight into the buffers; true when anything came.
  func readSome(_ stdout: inout OutputBuffer, _ stderr: inout OutputBuffer) throws -> Bool {
    let out = try read(stream: 0, into: &stdout)
    let err = try read(stream: SSH_EXTENDED_DATA_STDERR, into: &stderr)
    return out || err
  }

  private func read(stream: Int32, into buffer: inout OutputBuffer) throws -> Bool {
    let count = try buffer.fill { space in
      shim_channel_read(raw, stream, space.baseAddress?.assumingMemoryBound(to: CChar.self), space.count)
    }
    if count < 0 && count != Int(LIBSSH2_ERROR_EAGAIN) {
      throw session.lastError("reading the command's output", code: Int32(count))
    }
    return count > 0
  }

  /// One read from each stream; true when anything came. For prompts and the framed
  /// requests of a privileged shell, which look at the bytes as they come.
  func readSome(_ stdout: inout [UInt8], _ stderr: inout [UInt8]) throws -> Bool {
    var buffer = [CChar](repeating: 0, count: 32 * 1024)
    var progressed = false
    for stream in [Int32(0), SSH_EXTENDED_DATA_STDERR] {
      let count = shim_channel_read(raw, stream, &buffer, buffer.count)
      if count > 0 {
        let bytes = buffer[0..<count].map { UInt8(bitPattern: $0) }
        if stream == 0 { stdout += bytes } else { stderr += bytes }
        progressed = true
      } else if count < 0 && count != Int(LIBSSH2_ERROR_EAGAIN) {
        throw session.lastError("reading the command's output", code: Int32(count))
      }
    }
    return progressed
  }

  /// Writes what the channel takes now of `bytes[offset...]`; 0 when it would block.
  func writeSome(_ bytes: [UInt8], from offset: Int, _ operation: String) throws -> Int {
    let sent = bytes.withUnsafeBufferPointer { input in
      input.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: bytes.count - offset) {
        shim_channel_write(raw, $0, bytes.count - offset)
      }
    }
    if sent >= 0 { return sent }
    guard sent == Int(LIBSSH2_ERROR_EAGAIN) else { throw session.lastError(operation, code: Int32(sent)) }
    return 0
  }

  /// Writes all of `bytes` to the command's input, waiting while the window is full.
  func writeAll(_ bytes: [UInt8], _ deadline: Deadline) throws {
    var sent = 0
    while sent < bytes.count {
      let count = try writeSome(bytes, from: sent, "writing to the command")
      if count > 0 { sent += count } else { try session.waitForSocket("writing to the command", deadline) }
    }
  }

  /// Closes the channel and waits for the server's close.
  func finish(_ deadline: Deadline) throws {
    _ = try session.retry("closing the channel", deadline) { libssh2_channel_close(raw) }
    _ = try session.retry("closing the channel", deadline) { libssh2_channel_wait_closed(raw) }
  }

  private func exitSignal() -> String? {
    var name: UnsafeMutablePointer<CChar>?
    var length = 0
    libssh2_channel_get_exit_signal(raw, &name, &length, nil, nil, nil, nil)
    guard let name else { return nil }
    defer { free(name) }
    return String(cString: name)
  }

  func exitStatus() -> Int32? {
    exitSignal() == nil ? libssh2_channel_get_exit_status(raw) : nil
  }
}
