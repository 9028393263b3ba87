import Foundation
import SSH

/// Runs every command of another connection as another user through sudo or su, the way
/// `become: true` asks. The password, when there is one, goes on the escalation tool's
/// standard input, only once it asks, never on a command line, in an environment or in a
/// file. Over libssh2, commands without input run in one long-lived privileged shell per
/// host and become user, so a playbook pays for one password exchange per host, not one
/// per task.
package final class BecomeConnection: Connection {
  let inner: any Connection
  let method: String
  let user: String
  let password: String?
  /// `become_flags`; nil for the method's default (sudo: `-H -S -n`, su: none).
  let flags: String?

  package init(_ inner: any Connection, method: String, user: String, password: String?, flags: String? = nil) {
    self.inner = inner
    self.method = method
    self.user = user
    self.password = password
    self.flags = flags
  }

  package var settings: ConnectionSettings { inner.settings }

  /// With a `timeout`, the limit is set inside the escalation (`HostTimeout`): only the
  /// become user may kill what the command started.
  package func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    try await HostTimeout.enforce(timeout) { () throws(ConnectionError) in
      try await escalated(command, stdin: stdin, timeout: timeout)
    }
  }

  private func escalated(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    guard let ssh = inner as? LibSSH2Connection else { return try await runWithoutPrompt(command, stdin: stdin, timeout: timeout) }
    let key = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let prompt = PromptAnswer(
      prompt: promptText(key), answer: password, marker: "BECOME-SUCCESS-\(key)", timeout: settings.connectTimeout)
    do {
      if stdin.isEmpty, !ssh.needsTerminalForBecome {
        let launch = escalate("echo BECOME-SUCCESS-\(key); exec /bin/sh", key: key)
        return try await ssh.exchange(
          shell: [method, user, flags ?? "", password ?? ""].joined(separator: "\u{0}"), launch: launch,
          prompt: prompt, request: ShellRequest(command: command, limit: timeout), timeout: timeout)
      }
      return try await runOnce(ssh, command, stdin: stdin, timeout: timeout, key: key, prompt: prompt)
    } catch let .refused(.ended(output)) where output.contains("must have a tty") && !ssh.needsTerminalForBecome {
      // sudo's `requiretty`: from now on this host gets a terminal for every become.
      ssh.needsTerminalForBecome = true
      return try await escalated(command, stdin: stdin, timeout: timeout)
    } catch let .refused(refusal) {
      throw .failed(message(for: refusal))
    }
  }

  /// One channel for one command, on a terminal when the host requires one. A terminal
  /// has no end of input, so the command's input is counted out to it by `head -c`.
  private func runOnce(
    _ ssh: LibSSH2Connection, _ command: String, stdin: [UInt8], timeout: Double?, key: String, prompt: PromptAnswer
  ) async throws(ConnectionError) -> CommandResult {
    let pty = ssh.needsTerminalForBecome
    let limited = timeout.map { HostTimeout.limited(command, seconds: $0, shell: "/bin/sh") } ?? command
    var body = limited
    if pty {
      let child = "/bin/sh -c \(ShellQuote.quote(limited))"
      body = stdin.isEmpty ? child + " </dev/null" : "head -c \(stdin.count) | " + child
    }
    let line = escalate("echo BECOME-SUCCESS-\(key); " + body, key: key)
    return try await ssh.run(line, stdin: stdin, timeout: timeout, prompt: prompt, pty: pty)
  }

  /// The command line that runs `script` as the become user: Ansible's shapes, with the
  /// prompt made unique for sudo (su's prompt cannot be chosen).
  func escalate(_ script: String, key: String) -> String {
    let shell = "/bin/sh -c " + ShellQuote.quote(script)
    if method == "su" {
      return "su \(flags.map { $0 + " " } ?? "")\(ShellQuote.quote(user)) -c \(ShellQuote.quote(shell))"
    }
    var sudoFlags = flags ?? "-H -S -n"
    if password != nil {
      // Ansible drops -n when there is a password to give, and names its own prompt.
      sudoFlags = sudoFlags.split(separator: " ").filter { $0 != "-n" }.joined(separator: " ")
        + " -p " + ShellQuote.quote(promptText(key))
    }
    return "sudo \(sudoFlags) -u \(ShellQuote.quote(user)) \(shell)"
  }

  /// What sudo is told to ask with; su asks "Password:" in its own words.
  private func promptText(_ key: String) -> String {
    method == "su" ? "assword:" : "[sudo via swiftplay, key=\(key)] password:"
  }

  /// Ansible's wording for each way escalation can fail.
  func message(for refusal: PromptAnswer.Refusal) -> String {
    switch refusal {
    case .incorrect: return "Incorrect \(method) password"
    case .missing: return missingPassword
    case let .timedOut(output):
      return "Timeout (\(formatSeconds(settings.connectTimeout))s) waiting for privilege escalation prompt: \(output)"
    case let .ended(output):
      if output.contains("a password is required") { return missingPassword }
      let said = output.trimmingCharacters(in: .whitespacesAndNewlines)
      return "\(method) did not run the command: \(said.isEmpty ? "it ended without a word" : said)"
    }
  }

  private var missingPassword: String {
    "Missing \(method) password: run with -K (--ask-become-pass) or set ansible_become_password"
  }

  /// Other transports send all input at once: sudo -k -S always reads the password line
  /// first, so it never reaches the command.
  private func runWithoutPrompt(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    let quoted = ShellQuote.quote(timeout.map { HostTimeout.limited(command, seconds: $0, shell: "/bin/sh") } ?? command)
    if method == "su" {
      let input = password.map { Array(($0 + "\n").utf8) } ?? []
      return try await inner.run("su \(ShellQuote.quote(user)) -c \(quoted)", stdin: input + stdin, timeout: timeout)
    }
    var input = stdin
    let wrapped: String
    if let password {
      wrapped = "sudo -k -S -p '' -H -u \(ShellQuote.quote(user)) /bin/sh -c \(quoted)"
      input = Array((password + "\n").utf8) + stdin
    } else {
      wrapped = "sudo -n -H -u \(ShellQuote.quote(user)) /bin/sh -c \(quoted)"
    }
    var result = try await inner.run(wrapped, stdin: input, timeout: timeout)
    if result.rc != 0, result.stderr.contains("a password is required") || result.stderr.contains("incorrect password") {
      result.stderr = "Missing sudo password (or it is wrong): run with -K (--ask-become-pass)\n"
    }
    return result
  }

  /// The file arrives on the become user's side through the command's input: written by
  /// that user into a private (0600) temporary file beside `path`, given its mode, then
  /// renamed into place. No world-readable copy exists at any moment.
  package func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    let result = try await run(pipedUploadScript(to: path, size: bytes.count, mode: mode), stdin: bytes, timeout: nil)
    if result.rc != 0 {
      throw .failed("could not write \(path) as \(user): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
  }

  /// As base64: command output travels as text, which would mangle a binary file.
  package func download(_ path: String) async throws(ConnectionError) -> [UInt8] {
    let result = try await run("base64 < \(ShellQuote.quote(path))", stdin: [], timeout: nil)
    guard result.rc == 0, let data = Data(base64Encoded: result.stdout, options: .ignoreUnknownCharacters) else {
      throw .failed("could not read \(path) as \(user): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    return [UInt8](data)
  }

  package func close() async { await inner.close() }
}
