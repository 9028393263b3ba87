import Foundation
import Glibc
import SSH

/// Runs a local program with separate stdout and stderr pipes, feeding stdin, within a
/// deadline. Blocking: call it from a `DedicatedThread`.
enum Subprocess {
  struct Outcome {
    var stdout: [UInt8]
    var stderr: [UInt8]
    var exitStatus: Int32?
    var signal: Int32?
    var timedOut: Bool
  }

  static func run(_ argv: [String], stdin: [UInt8] = [], timeout: Double? = nil) throws -> Outcome {
    var input: [Int32] = [0, 0], output: [Int32] = [0, 0], errors: [Int32] = [0, 0]
    guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else {
      throw ConnectionError.failed("cannot create pipes: \(String(cString: strerror(errno)))")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[0], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
    for fd in input + output + errors { posix_spawn_file_actions_addclose(&actions, fd) }

    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, argv[0], &actions, nil, cArguments, environ)
    close(input[0]); close(output[1]); close(errors[1])
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
    signal(SIGPIPE, SIG_IGN)

    while streams.values.contains(true) {
      var fds = streams.filter(\.value).keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
      let ready = poll(&fds, nfds_t(fds.count), deadline.pollTimeout())
      if ready == 0 {
        kill(pid, SIGKILL)
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
    var waitStatus: Int32 = 0
    while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
    let termination = waitStatus & 0x7f
    if termination == 0 { outcome.exitStatus = (waitStatus >> 8) & 0xff } else { outcome.signal = termination }
    return outcome
  }
}
