/// The template module's `output_encoding`: the Python codecs a rendered template is
/// commonly written in, encoding as Python's `str.encode` does (the `utf-16`/`utf-32`
/// codecs start with a byte-order mark and write little-endian, as on this machine).
enum OutputEncoding: Equatable {
  case utf8, latin1, ascii
  case utf16(bigEndian: Bool, bom: Bool)
  case utf32(bigEndian: Bool, bom: Bool)

  /// The codec Python would pick for `name` (case, `-`, `_` and spaces ignored); nil when
  /// it is not one of these.
  init?(_ name: String) {
    let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
    switch key {
    case "utf8", "u8", "utf", "": self = .utf8
    case "latin1", "iso88591", "l1", "latin", "8859", "cp819": self = .latin1
    case "ascii", "usascii", "646": self = .ascii
    case "utf16", "u16": self = .utf16(bigEndian: false, bom: true)
    case "utf16le": self = .utf16(bigEndian: false, bom: false)
    case "utf16be": self = .utf16(bigEndian: true, bom: false)
    case "utf32", "u32": self = .utf32(bigEndian: false, bom: true)
    case "utf32le": self = .utf32(bigEndian: false, bom: false)
    case "utf32be": self = .utf32(bigEndian: true, bom: false)
    default: return nil
    }
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// The bytes of `text`, or Python's message for the first character the codec cannot hold.
  func encode(_ text: String) -> Result<[UInt8], Failure> {
    switch self {
    case .utf8:
      return .success(Array(text.utf8))
    case .latin1, .ascii:
      let limit: UInt32 = self == .ascii ? 128 : 256
      var out: [UInt8] = []
      for (position, scalar) in text.unicodeScalars.enumerated() {
        guard scalar.value < limit else {
          let codec = self == .ascii ? "ascii" : "latin-1"
          return .failure(Failure(description:
            "'\(codec)' codec can't encode character '\(Self.escaped(scalar))' in position \(position): ordinal not in range(\(limit))"))
        }
        out.append(UInt8(scalar.value))
      }
      return .success(out)
    case .utf16(let bigEndian, let bom):
      var out: [UInt8] = []
      for unit in (bom ? [0xFEFF] : []) + Array(text.utf16) { Self.append(UInt32(unit), bytes: 2, bigEndian: bigEndian, to: &out) }
      return .success(out)
    case .utf32(let bigEndian, let bom):
      var out: [UInt8] = []
      for value in (bom ? [0xFEFF] : []) + text.unicodeScalars.map(\.value) { Self.append(value, bytes: 4, bigEndian: bigEndian, to: &out) }
      return .success(out)
    }
  }

  private static func append(_ value: UInt32, bytes: Int, bigEndian: Bool, to out: inout [UInt8]) {
    let shifts = (0..<bytes).map { $0 * 8 }
    for shift in bigEndian ? shifts.reversed() : shifts { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }

  /// How Python's error message shows a character: `\xe9`, `\u20ac`, `\U0001f600`.
  private static func escaped(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16)
    if scalar.value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
    if scalar.value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
    return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
  }
}
