import Foundation
import Glibc

/// The one way swiftplay runs a program on the controller: a local connection's command,
/// `ssh`, a vault password script or editor, a `pipe` lookup, the Python that finds
/// Ansible. Two shapes share the spawning:
/// - `run`: its own process group, stdin fed, stdout and stderr captured, within a
///   deadline after which the whole group is killed;
/// - `runOnTerminal`: our process group and terminal (a password script may prompt, an
///   editor must own the tty), stdout captured or not.
/// A child starts with no signal blocked and every signal at its default action: it
/// would otherwise inherit a thread's mask and our ignored SIGPIPE, and `yes | head -1`
/// or a timeout's alarm would misbehave in it. Blocking: call it off the cooperative pool.
package enum LocalProcess {
  package struct Outcome: Sendable {
    package var stdout: [UInt8]
    package var stderr: [UInt8]
    package var exitStatus: Int32?
    package var signal: Int32?
    package var timedOut: Bool

    /// The exit status, or 128 + the signal number, as a shell reports it.
    package var status: Int32 { exitStatus ?? 128 + (signal ?? 0) }
  }

  package struct Failure: Error, CustomStringConvertible, Sendable {
    package let description: String
  }

  /// Pipes are made and handed over under one lock, close-on-exec, so a program another
  /// thread starts at the same moment (or a daemon it leaves, like ssh's ControlPersist
  /// master) never inherits them and holds them open.
  private static let spawnLock = NSLock()

  /// Runs `argv` (argv[0] looked up in PATH) in a process group of its own, writing
  /// `stdin` to it and capturing its output; after `timeout` seconds the group is killed.
  /// `directory` and `environment` replace ours when given.
  package static func run(
    _ argv: [String], stdin: [UInt8] = [], timeout: Double? = nil, directory: String? = nil, environment: [String: String]? = nil
  ) throws(Failure) -> Outcome {
    spawnLock.lock()
    var input: [Int32] = [0, 0], output: [Int32] = [0, 0], errors: [Int32] = [0, 0]
    guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else {
      spawnLock.unlock()
      throw Failure(description: "cannot create pipes: \(errorText())")
    }
    for fd in input + output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[0], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
    // A folder is entered by the shell, not here: glibc's chdir action is not portable.
    var argv = argv
    if let directory { argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + argv }
    let spawned: Result<pid_t, Failure>
    spawned = spawn(argv, actions: &actions, ownGroup: true, searchPath: true, environment: environment)
    close(input[0]); close(output[1]); close(errors[1])
    spawnLock.unlock()
    guard case let .success(pid) = spawned else {
      close(input[1]); close(output[0]); close(errors[0])
      if case let .failure(failure) = spawned { throw failure }
      throw Failure(description: "cannot run \(argv[0])")
    }

    let deadline = Deadline.after(seconds: timeout)
    var outcome = Outcome(stdout: [], stderr: [], exitStatus: nil, signal: nil, timedOut: false)
    var stdinFD: Int32 = input[1]
    var written = 0
    if stdin.isEmpty { close(stdinFD); stdinFD = -1 } else { _ = fcntl(stdinFD, F_SETFL, O_NONBLOCK) }
    var streams: [Int32: Bool] = [output[0]: true, errors[0]: true]
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while streams.values.contains(true) {
      var fds = streams.filter(\.value).keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
      let ready = poll(&fds, nfds_t(fds.count), deadline.pollTimeout())
      if ready == 0 {
        outcome.timedOut = true
        break
      }
      for entry in fds where entry.revents != 0 {
        if entry.fd == stdinFD {
          let count = stdin[written...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
          if count > 0 { written += count }
          if count < 0 || written == stdin.count { close(stdinFD); stdinFD = -1 }
          continue
        }
        let count = read(entry.fd, &buffer, buffer.count)
        if count <= 0 { streams[entry.fd] = false; continue }
        if entry.fd == output[0] { outcome.stdout += buffer[0..<count] } else { outcome.stderr += buffer[0..<count] }
      }
    }
    if stdinFD >= 0 { close(stdinFD) }
    close(output[0]); close(errors[0])
    // The child may close its output and go on running: its exit is waited for within the
    // same deadline. On timeout the whole process group goes, pipelines and all.
    var waitStatus: Int32 = 0
    while !outcome.timedOut {
      let waited = waitpid(pid, &waitStatus, WNOHANG)
      if waited == pid || (waited < 0 && errno != EINTR) { break }
      if deadline.hasPassed { outcome.timedOut = true } else { usleep(2_000) }
    }
    if outcome.timedOut {
      kill(-pid, SIGKILL)
      while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
    }
    decode(waitStatus, into: &outcome)
    return outcome
  }

  /// Runs `argv` (argv[0] a path) in our process group on our terminal and waits; with
  /// `captureStdout` its standard output is read into the outcome. `ignoreInterrupts`:
  /// while it runs Ctrl-C goes to the child alone (as `system(3)` does), so an editor can
  /// handle it and our cleanup still happens.
  package static func runOnTerminal(_ argv: [String], captureStdout: Bool, ignoreInterrupts: Bool = false) throws(Failure) -> Outcome {
    var output: [Int32] = [-1, -1]
    if captureStdout {
      guard pipe(&output) == 0 else { throw Failure(description: "cannot create a pipe: \(errorText())") }
      for fd in output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }
    defer { for fd in output where fd >= 0 { close(fd) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if captureStdout { posix_spawn_file_actions_adddup2(&actions, output[1], 1) }
    var saved = (interrupt: sigaction(), quit: sigaction())
    if ignoreInterrupts {
      var ignore = sigaction()
      ignore.__sigaction_handler.sa_handler = SIG_IGN
      sigaction(SIGINT, &ignore, &saved.interrupt)
      sigaction(SIGQUIT, &ignore, &saved.quit)
    }
    defer {
      if ignoreInterrupts {
        sigaction(SIGINT, &saved.interrupt, nil)
        sigaction(SIGQUIT, &saved.quit, nil)
      }
    }
    let pid: pid_t
    switch spawn(argv, actions: &actions, ownGroup: false, searchPath: false, environment: nil) {
    case let .success(child): pid = child
    case let .failure(failure): throw failure
    }
    var outcome = Outcome(stdout: [], stderr: [], exitStatus: nil, signal: nil, timedOut: false)
    if captureStdout {
      close(output[1])
      output[1] = -1
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(output[0], &buffer, buffer.count)
        if count > 0 {
          outcome.stdout += buffer[0..<count]
        } else if count == 0 || errno != EINTR {
          break
        }
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    decode(status, into: &outcome)
    return outcome
  }

  /// Spawns with clean signal attributes (and, for `run`, a process group of its own so a
  /// timeout can end everything it started). Without `searchPath`, argv[0] is a path even
  /// without a slash (a vault password script named relative to here).
  private static func spawn(
    _ argv: [String], actions: inout posix_spawn_file_actions_t, ownGroup: Bool, searchPath: Bool, environment: [String: String]?
  ) -> Result<pid_t, Failure> {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigemptyset(&all)
    for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&all, signal) }
    posix_spawnattr_setsigdefault(&attributes, &all)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if ownGroup {
      posix_spawnattr_setpgroup(&attributes, 0)
      flags |= POSIX_SPAWN_SETPGROUP
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    let cEnvironment = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { cEnvironment?.forEach { free($0) } }
    var pid: pid_t = 0
    func attempt() -> Int32 {
      let spawner = searchPath ? posix_spawnp : posix_spawn
      if let cEnvironment {
        return cEnvironment.withUnsafeBufferPointer { env in
          spawner(&pid, argv[0], &actions, &attributes, cArguments, UnsafeMutablePointer(mutating: env.baseAddress))
        }
      }
      return spawner(&pid, argv[0], &actions, &attributes, cArguments, environ)
    }
    var status = attempt()
    // A script written a moment ago can still be open for writing in a child another
    // thread is forking right now (until that child's exec closes it): the kernel then says
    // ETXTBSY. It clears within milliseconds.
    for _ in 0..<50 where status == ETXTBSY {
      usleep(10_000)
      status = attempt()
    }
    guard status == 0 else { return .failure(Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(status)))")) }
    return .success(pid)
  }

  /// WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift cannot import.
  private static func decode(_ status: Int32, into outcome: inout Outcome) {
    let termination = status & 0x7f
    if termination == 0 { outcome.exitStatus = (status >> 8) & 0xff } else { outcome.signal = termination }
  }

  package static func errorText() -> String { String(cString: strerror(errno)) }
}
