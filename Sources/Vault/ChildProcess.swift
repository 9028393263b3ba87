import Foundation
import Glibc

/// Runs a local program in our own process group, on our terminal: a vault password
/// script may prompt on the tty, and an editor must own it. Signals start at their
/// default action and unblocked in the child (swiftplay ignores SIGPIPE; threads block
/// signals), so the program behaves as it would from a shell.
enum ChildProcess {
  struct Outcome {
    var stdout: [UInt8]
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
  }

  /// Runs `argv` (argv[0] a path) and waits. With `captureStdout` its standard output is
  /// read into the outcome; otherwise all three standard streams are ours.
  /// `ignoreInterrupts`: while it runs, Ctrl-C goes to the child alone (as `system(3)`
  /// does), so an editor can handle it and our cleanup of the plaintext still happens.
  static func run(_ argv: [String], captureStdout: Bool, ignoreInterrupts: Bool = false) throws(VaultError) -> Outcome {
    var output: [Int32] = [-1, -1]
    if captureStdout {
      guard pipe(&output) == 0 else { throw .io(path: argv[0], reason: "cannot create a pipe: \(errorText())") }
      // Close-on-exec, so no other program started meanwhile holds the write end open
      // (Glibc's module does not export pipe2).
      for fd in output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }
    defer { for fd in output where fd >= 0 { close(fd) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if captureStdout { posix_spawn_file_actions_adddup2(&actions, output[1], 1) }

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
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

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

    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    var spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
    // A script written a moment ago can still be open for writing in a child that another
    // thread is forking right now (until that child's exec closes it): the kernel then says
    // ETXTBSY. It clears within milliseconds.
    for _ in 0..<50 where spawned == ETXTBSY {
      usleep(10_000)
      spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
    }
    guard spawned == 0 else {
      throw .io(path: argv[0], reason: "cannot run it: \(String(cString: strerror(spawned)))")
    }
    var stdout: [UInt8] = []
    if captureStdout {
      close(output[1])
      output[1] = -1
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(output[0], &buffer, buffer.count)
        if count > 0 {
          stdout += buffer[0..<count]
        } else if count == 0 || errno != EINTR {
          break
        }
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift cannot import.
    let signal = status & 0x7f
    return Outcome(stdout: stdout, status: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
