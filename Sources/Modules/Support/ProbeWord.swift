/// A path (or other value) carried back in a probe's line-based output as hex, so a name
/// holding a newline or any other byte (all legal in a file name) cannot split the line it
/// sits in or end up as a different name.
enum ProbeWord {
  /// A shell line that prints `key=` then the hex bytes of shell variable `variable`. `key`
  /// and `variable` are this code's own identifiers, never input.
  static func echo(_ key: String, variable: String) -> String {
    "printf '%s=' \(key); printf '%s' \"$\(variable)\" | od -An -v -tx1 | tr -d ' \\n'; echo"
  }

  /// The value `echo` printed, given the text after `key=`; nil when it is not whole hex
  /// or not UTF-8.
  static func decode(_ hex: Substring) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for character in hex.utf8 {
      guard let digit = nibble(character) else { return nil }
      if let first = high {
        bytes.append(first << 4 | digit)
        high = nil
      } else {
        high = digit
      }
    }
    guard high == nil else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func nibble(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
