import Foundation
import Glibc

/// Asks the person at the controlling terminal for secrets, with echo off.
public enum Terminal {
  public enum PromptError: Error, CustomStringConvertible {
    case noTerminal(String)
    public var description: String {
      switch self {
      case let .noTerminal(prompt):
        return "cannot ask '\(prompt.trimmingCharacters(in: CharacterSet(charactersIn: " :")))': no terminal is attached; "
          + "run swiftplay from a terminal or give the secret another way"
      }
    }
  }

  /// Prints `prompt` on /dev/tty and reads one line without echo. The answer never touches
  /// stdout, stderr or the process's arguments.
  public static func readSecret(prompt: String) throws -> String {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw PromptError.noTerminal(prompt) }
    defer { close(fd) }
    var saved = termios()
    let isTerminal = tcgetattr(fd, &saved) == 0
    if isTerminal {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      quiet.c_lflag |= tcflag_t(ICANON)
      tcsetattr(fd, TCSAFLUSH, &quiet)
    }
    defer {
      if isTerminal { tcsetattr(fd, TCSAFLUSH, &saved) }
      _ = write(fd, "\n", 1)
    }
    _ = prompt.withCString { write(fd, $0, strlen($0)) }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
    if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether standard output is a terminal, for color decisions.
  public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
