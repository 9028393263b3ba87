/// The text form of vault data: a `$ANSIBLE_VAULT;VERSION;CIPHER[;LABEL]` header line,
/// then the hex body in 80-column lines. Inline `!vault |` values are the same text
/// indented, so parsing ignores the whitespace around every line.
package struct VaultEnvelope: Sendable, Equatable {
  package static let marker = "$ANSIBLE_VAULT"
  static let lineWidth = 80

  /// "1.1" or "1.2" (1.2 when a label is written).
  package var version: String
  package var cipher: String
  /// The vault id the data was encrypted with, when the header carries one.
  package var label: String?
  /// The hex payload: all body lines joined, without whitespace.
  var body: [UInt8]

  init(label: String?, body: [UInt8]) {
    self.version = label == nil ? "1.1" : "1.2"
    self.cipher = "AES256"
    self.label = label
    self.body = body
  }

  /// Whether `text` is vault data (starts with the vault marker, leading whitespace aside).
  package static func isVault(_ text: String) -> Bool {
    isVault(bytes: Array(text.utf8.prefix(4096)))
  }

  /// Whether file content is vault data, before it is known to be text.
  package static func isVault<Bytes: Collection<UInt8>>(bytes: Bytes) -> Bool {
    bytes.drop(while: isWhitespace).starts(with: marker.utf8)
  }

  /// Reads the header and body. `source` (a file name) is only for error messages.
  package static func parse(_ text: String, source: String? = nil) throws(VaultError) -> VaultEnvelope {
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
      .map { trim(Array($0)) }
      .filter { !$0.isEmpty }
    guard let headerBytes = lines.first, headerBytes.starts(with: marker.utf8) else {
      throw .notVault(source: source)
    }
    let header = String(decoding: headerBytes, as: UTF8.self)
    let fields = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
    guard fields.count >= 3, fields[0] == marker else {
      throw .malformed(source: source, reason: "the header '\(header)' needs at least $ANSIBLE_VAULT;VERSION;CIPHER")
    }
    guard ["1.1", "1.2"].contains(fields[1]), fields[2] == "AES256" else {
      throw .unsupported(source: source, header: header)
    }
    var envelope = VaultEnvelope(label: nil, body: Array(lines.dropFirst().joined()))
    envelope.version = fields[1]
    if fields.count >= 4, !fields[3].isEmpty { envelope.label = fields[3] }
    guard !envelope.body.isEmpty else {
      throw .malformed(source: source, reason: "there is a header but no encrypted data after it")
    }
    return envelope
  }

  /// The text ansible-vault writes for a file: header, 80-column body lines, final newline.
  package var text: String {
    lines.joined(separator: "\n") + "\n"
  }

  /// The header line, then the body in 80-column lines.
  package var lines: [String] {
    var header = "\(Self.marker);\(version);\(cipher)"
    if let label { header += ";\(label)" }
    var result = [header]
    var start = body.startIndex
    while start < body.endIndex {
      let end = body.index(start, offsetBy: Self.lineWidth, limitedBy: body.endIndex) ?? body.endIndex
      result.append(String(decoding: body[start..<end], as: UTF8.self))
      start = end
    }
    return result
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0d).contains(byte)
  }

  private static func trim(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    let start = bytes.firstIndex { !isWhitespace($0) } ?? bytes.endIndex
    let end = bytes.lastIndex { !isWhitespace($0) }.map { $0 + 1 } ?? start
    return bytes[start..<max(start, end)]
  }
}
