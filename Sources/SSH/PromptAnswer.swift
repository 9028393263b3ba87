/// How a command that starts behind a password prompt (sudo -S) is driven: the prompt is
/// answered once, on the command's standard input; the command's own output begins after
/// the success marker line. Nothing before the marker (the prompt) reaches the caller,
/// and the caller's standard input is sent only once the command itself runs, so neither
/// the password nor the prompt ever mixes with the command's streams.
package struct PromptAnswer: Sendable {
  package var prompt: [UInt8]
  /// nil: no password was given; a prompt then ends the command with `.missing`.
  package var answer: [UInt8]?
  package var marker: [UInt8]
  /// Seconds to reach the marker: an escalation tool that asks something unexpected (a
  /// PAM prompt of its own) must end in an error, never wait forever.
  package var timeout: Double

  package init(prompt: String, answer: String?, marker: String, timeout: Double = 10) {
    self.prompt = Array(prompt.utf8)
    self.answer = answer.map { Array(($0 + "\n").utf8) }
    self.marker = Array((marker + "\n").utf8)
    self.timeout = timeout
  }

  /// How a prompted command ended before it could start.
  package enum Refusal: Error, Sendable, Equatable {
    /// The prompt came back after the answer: the password is wrong (never retried).
    case incorrect
    /// A prompt came and there was no answer to give.
    case missing
    /// The command ended before its marker without asking, saying this (sudo's "a
    /// password is required" under -n, "you must have a tty", "not in the sudoers file").
    case ended(String)
    /// Neither the prompt nor the marker came in time; what the command said so far.
    case timedOut(String)
  }
}

extension Array where Element == UInt8 {
  /// Where `needle` starts in the array, if it is there.
  func firstRange(of needle: [UInt8]) -> Range<Int>? {
    guard !needle.isEmpty, needle.count <= count else { return nil }
    for start in 0...(count - needle.count) where self[start] == needle[0] {
      if Array(self[start..<(start + needle.count)]) == needle { return start..<(start + needle.count) }
    }
    return nil
  }
}
