import Foundation
import Glibc
import SSH

/// Runs a local program with separate stdout and stderr pipes, feeding stdin, within a
/// deadline. Blocking: call it from a `DedicatedThread`.
enum Subprocess {
  private static let spawnLock = NSLock()

  struct Outcome {
    var stdout: [UInt8]
    var stderr: [UInt8]
    var exitStatus: Int32?
    var signal: Int32?
    var timedOut: Bool

    /// The outcome as a connection reports a command's.
    var commandResult: CommandResult {
      CommandResult(
        stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
        exitStatus: exitStatus, exitSignal: signal.map(Signals.name))
    }
  }

  /// A child starts in a process group of its own, with no signal blocked and every signal
  /// at its default action. Without
  /// this it would inherit the spawning thread's mask (threads often block signals) and our
  /// ignored SIGPIPE, and `yes | head -1` or `kill -TERM` would misbehave in it.
  private static func cleanSignalAttributes() -> posix_spawnattr_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigemptyset(&all)
    for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&all, signal) }
    posix_spawnattr_setsigdefault(&attributes, &all)
    // Its own process group, so a timeout can end everything it started.
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
    return attributes
  }

  static func run(_ argv: [String], stdin: [UInt8] = [], timeout: Double? = nil) throws -> Outcome {
    // Pipes are close-on-exec, and made and handed over under one lock, so a program that
    // another thread starts at the same moment (or a daemon it leaves behind, like ssh's
    // ControlPersist master) never inherits them and holds them open.
    spawnLock.lock()
    var input: [Int32] = [0, 0], output: [Int32] = [0, 0], errors: [Int32] = [0, 0]
    guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else {
      spawnLock.unlock()
      throw ConnectionError.failed("cannot create pipes: \(String(cString: strerror(errno)))")
    }
    for fd in input + output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[0], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2)

    var attributes = cleanSignalAttributes()
    defer { posix_spawnattr_destroy(&attributes) }

    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, environ)
    close(input[0]); close(output[1]); close(errors[1])
    spawnLock.unlock()
    guard status == 0 else {
      close(input[1]); close(output[0]); close(errors[0])
      throw ConnectionError.failed("cannot run \(argv[0]): \(String(cString: strerror(status)))")
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
    let termination = waitStatus & 0x7f
    if termination == 0 { outcome.exitStatus = (waitStatus >> 8) & 0xff } else { outcome.signal = termination }
    return outcome
  }
}
