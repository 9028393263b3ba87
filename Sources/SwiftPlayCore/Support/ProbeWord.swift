import Vault

/// A path (or other value) carried back in a probe's line-based output as hex, so a name
/// holding a newline or any other byte (all legal in a file name) cannot split the line it
/// sits in or end up as a different name.
package enum ProbeWord {
  /// A shell line that prints `key=` then the hex bytes of shell variable `variable`. `key`
  /// and `variable` are this code's own identifiers, never input.
  package static func echo(_ key: String, variable: String) -> String {
    "printf '%s=' \(key); printf '%s' \"$\(variable)\" | \(hexOfInput)"
  }

  /// A shell line that prints `key=` then the hex bytes of what `command` writes; `command`
  /// is this code's own text, with any input in it quoted.
  package static func echo(_ key: String, output command: String) -> String {
    "printf '%s=' \(key); { \(command); } | \(hexOfInput)"
  }

  /// Hex of standard input on one line, then a newline.
  private static let hexOfInput = "od -An -v -tx1 | tr -d ' \\n'; echo"

  /// The bytes `echo` printed, given the text after `key=`; nil when it is not whole hex.
  package static func bytes(_ hex: Substring) -> [UInt8]? {
    Hex.decode(hex.utf8)
  }

  /// The value `echo` printed, given the text after `key=`; nil when it is not whole hex
  /// or not UTF-8.
  package static func decode(_ hex: Substring) -> String? {
    bytes(hex).flatMap { String(validating: $0, as: UTF8.self) }
  }
}
