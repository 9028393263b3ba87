import Foundation
import Glibc
import Synchronization

/// Gives the system's `ssh` a login password (`ansible_password`, `-k`) through
/// SSH_ASKPASS while keeping it off every command line, out of every environment and off
/// the disk: a private folder (0700) holds a named pipe (0600) and a helper script that
/// only answers password prompts, with what it reads from the pipe; a thread of ours
/// writes the password into the pipe each time a helper opens it. `ssh` learns only the
/// helper's path (`SSH_ASKPASS_REQUIRE=force`, so no terminal or DISPLAY is needed); a
/// host-key question gets no answer, so it fails as under BatchMode.
final class OpenSSHAskpass: Sendable {
  /// The helper ssh runs; put in ssh's environment as SSH_ASKPASS.
  let helper: String
  private let folder: String
  private let fifo: String
  private let stopped: Atomic<Bool>

  init(password: String, under parent: String) throws {
    folder = parent + "/askpass-" + UUID().uuidString
    fifo = folder + "/pipe"
    helper = folder + "/askpass"
    stopped = Atomic(false)
    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    guard mkdir(folder, 0o700) == 0, mkfifo(fifo, 0o600) == 0 else {
      throw ConnectionError.failed("cannot prepare the password helper in \(parent): \(String(cString: strerror(errno)))")
    }
    // One line, read by the shell itself: the helper never holds the pipe past it.
    let script = "#!/bin/sh\ncase \"$1\" in\n  *assword*) IFS= read -r line < \(ShellQuote.quote(fifo)) && printf '%s\\n' \"$line\"; exit ;;\n"
      + "esac\nexit 1\n"
    guard FileManager.default.createFile(atPath: helper, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700]) else {
      throw ConnectionError.failed("cannot write the password helper \(helper)")
    }
    let line = Array((password + "\n").utf8)
    let pipe = fifo
    Thread.detachNewThread { [self] in
      // Each open returns when a helper opens the pipe to read; the stop opens it too.
      while !stopped.load(ordering: .acquiring) {
        let fd = open(pipe, O_WRONLY | O_CLOEXEC)
        if fd < 0 {
          if errno == EINTR { continue }
          return
        }
        if !stopped.load(ordering: .acquiring) { line.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) } }
        // Until that reader is gone (POLLERR on the write end), so it gets the line once.
        var entry = pollfd(fd: fd, events: 0, revents: 0)
        while poll(&entry, 1, 1000) >= 0, entry.revents & Int16(POLLERR | POLLHUP) == 0, !stopped.load(ordering: .acquiring) {}
        close(fd)
      }
    }
  }

  /// The environment entries that make ssh ask the helper (paths only, no secret).
  var environment: [String] { ["SSH_ASKPASS=" + helper, "SSH_ASKPASS_REQUIRE=force"] }

  /// Ends the writer thread and removes the folder.
  func stop() {
    guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
    // Opening the pipe to read releases the writer's pending open; it sees the stop.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    if reader >= 0 { close(reader) }
    unlink(helper)
    unlink(fifo)
    rmdir(folder)
  }

  deinit { stop() }
}
