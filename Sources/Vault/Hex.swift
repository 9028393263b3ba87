/// Lowercase hex as Python's `binascii.hexlify` writes it, and its strict inverse: the vault
/// body is hex of hex, so both directions are needed twice per file.
package enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  package static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return out
  }

  package static func encodeString<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    String(decoding: encode(bytes), as: UTF8.self)
  }

  /// Nil for an odd length or a character that is not a hex digit (either case).
  package static func decode<Text: Collection<UInt8>>(_ text: Text) -> [UInt8]? {
    guard text.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(text.count / 2)
    var high: UInt8?
    for character in text {
      guard let nibble = value(of: character) else { return nil }
      if let pending = high {
        out.append(pending << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    return out
  }

  private static func value(of character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
