/// Runs every command of another connection as another user through sudo or su, the way
/// `become: true` asks. The password, when there is one, goes on sudo's standard input
/// (over libssh2: only once sudo asks for it), never on a command line or in an
/// environment.
public final class BecomeConnection: Connection {
  let inner: any Connection
  let method: String
  let user: String
  let password: String?

  public init(_ inner: any Connection, method: String, user: String, password: String?) {
    self.inner = inner
    self.method = method
    self.user = user
    self.password = password
  }

  public var settings: ConnectionSettings { inner.settings }

  public func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    let quoted = ShellQuote.quote(command)
    if method == "su" {
      return try await inner.run("su \(ShellQuote.quote(user)) -c \(quoted)", stdin: stdin, timeout: timeout)
    }
    if let prompting = inner as? LibSSH2Connection {
      // A prompt and a marker no command prints by chance: sudo asks on stderr, the answer
      // goes to its stdin once, and the task's output starts after the marker.
      let key = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      let prompt = "[sudo via swiftplay, key=\(key)] password:"
      let marker = "BECOME-SUCCESS-\(key)"
      let line = "sudo -H -S -p \(ShellQuote.quote(prompt)) -u \(ShellQuote.quote(user)) /bin/sh -c "
        + ShellQuote.quote("echo \(marker); " + command)
      return try await prompting.run(line, stdin: stdin, timeout: timeout, prompt: prompt, password: password, marker: marker)
    }
    // Other transports send everything at once: -k makes sudo always read the password
    // line, so it never reaches the command.
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

  public func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    // Written as the login user beside /tmp, then moved into place as the become user.
    let staging = "/tmp/.swiftplay-become-\(UInt32.random(in: 0...UInt32.max))"
    try await inner.upload(bytes, to: staging, mode: 0o644)
    let target = ShellQuote.quote(path)
    let temporary = ShellQuote.quote(temporaryPath(beside: path))
    let script = "cp \(ShellQuote.quote(staging)) \(temporary) && chmod \(String(mode, radix: 8)) \(temporary) && "
      + "mv -f \(temporary) \(target)"
    let result = try await run(script, stdin: [], timeout: nil)
    _ = try? await inner.run("rm -f \(ShellQuote.quote(staging))", stdin: [], timeout: nil)
    if result.rc != 0 {
      throw .failed("could not write \(path) as \(user): \(result.stderr)")
    }
  }

  public func download(_ path: String) async throws(ConnectionError) -> [UInt8] {
    let result = try await run("cat \(ShellQuote.quote(path))", stdin: [], timeout: nil)
    guard result.rc == 0 else { throw .failed("could not read \(path) as \(user): \(result.stderr)") }
    return Array(result.stdout.utf8)
  }

  public func close() async { await inner.close() }
}
