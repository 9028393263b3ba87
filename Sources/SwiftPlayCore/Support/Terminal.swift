import Foundation
import Glibc

/// Asks the person at the controlling terminal for secrets, with echo off.
package enum Terminal {
  package enum PromptError: Error, CustomStringConvertible {
    case noTerminal(String)
    package var description: String {
      switch self {
      case let .noTerminal(prompt):
        return "cannot ask '\(prompt.trimmingCharacters(in: CharacterSet(charactersIn: " :")))': no terminal is attached; "
          + "run swiftplay from a terminal or give the secret another way"
      }
    }
  }

  /// Prints `prompt` on /dev/tty and reads one line without echo (with echo when `echo`,
  /// for answers that are not secret). The answer never touches stdout, stderr or the
  /// process's arguments.
  package static func readSecret(prompt: String, echo: Bool = false) throws -> String {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw PromptError.noTerminal(prompt) }
    defer { close(fd) }
    var saved = termios()
    let isTerminal = !echo && tcgetattr(fd, &saved) == 0
    if isTerminal {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      quiet.c_lflag |= tcflag_t(ICANON)
      // Ctrl-C at the prompt must not leave the terminal without echo.
      EchoRestorer.arm(fd: fd, settings: saved)
      tcsetattr(fd, TCSAFLUSH, &quiet)
    }
    defer {
      if isTerminal {
        tcsetattr(fd, TCSAFLUSH, &saved)
        EchoRestorer.disarm()
      }
      if !echo { _ = write(fd, "\n", 1) }
    }
    _ = prompt.withCString { write(fd, $0, strlen($0)) }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
    if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether standard output is a terminal, for color decisions.
  package static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

/// Puts the terminal back when SIGINT or SIGTERM arrives during a prompt, then lets the
/// signal end the process as usual. Only async-signal-safe calls run in the handler.
private enum EchoRestorer {
  nonisolated(unsafe) static var fd: Int32 = -1
  nonisolated(unsafe) static var settings = termios()

  static func arm(fd: Int32, settings: termios) {
    Self.settings = settings
    Self.fd = fd
    for signal in [SIGINT, SIGTERM] {
      Glibc.signal(signal) { number in
        if EchoRestorer.fd >= 0 { tcsetattr(EchoRestorer.fd, TCSAFLUSH, &EchoRestorer.settings) }
        Glibc.signal(number, SIG_DFL)
        raise(number)
      }
    }
  }

  static func disarm() {
    fd = -1
    for signal in [SIGINT, SIGTERM] { Glibc.signal(signal, SIG_DFL) }
  }
}
