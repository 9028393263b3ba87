import Testing

@testable import SSH

/// Output gathered in mapped chunks comes back byte for byte, and as the text
/// `String(decoding:as:)` would make of it, wherever the chunk edges fall.
struct OutputBufferTests {
  /// Fills `buffer` with `bytes` the way a channel read does: as much as the space takes.
  func fill(_ buffer: inout OutputBuffer, with bytes: [UInt8], step: Int) throws {
    var offset = 0
    while offset < bytes.count {
      let part = Array(bytes[offset..<min(bytes.count, offset + step)])
      var taken = 0
      while taken < part.count {
        taken += try buffer.fill { space in
          let count = min(space.count, part.count - taken)
          space.copyBytes(from: part[taken..<(taken + count)])
          return count
        }
      }
      offset += part.count
    }
  }

  @Test(arguments: [1, 4096, 65_536, OutputBuffer.chunkSize + 3])
  func textAcrossChunkEdges(step: Int) throws {
    // A two-byte character straddles the first chunk edge; an invalid byte sits in the middle.
    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: OutputBuffer.chunkSize - 1) + Array("é".utf8)
    bytes += [0xFF] + Array(repeating: UInt8(ascii: "y"), count: OutputBuffer.chunkSize * 2) + Array("\n".utf8)
    var buffer = OutputBuffer()
    try fill(&buffer, with: bytes, step: step)
    #expect(buffer.count == bytes.count)
    #expect(buffer.bytes == bytes)
    let text = buffer.takeText()
    #expect(text == String(decoding: bytes, as: UTF8.self))
    #expect(buffer.count == 0)
    #expect(buffer.takeText() == "")
  }

  @Test func smallOutputsAndAppends() throws {
    var buffer = OutputBuffer()
    #expect(buffer.takeText() == "")
    try buffer.append(Array("ok\n".utf8))
    try buffer.append([UInt8](repeating: 0x41, count: OutputBuffer.chunkSize))
    #expect(buffer.count == 3 + OutputBuffer.chunkSize)
    let text = buffer.takeText()
    #expect(text.hasPrefix("ok\nAAA"))
    #expect(text.utf8.count == 3 + OutputBuffer.chunkSize)
  }

  /// A read that reports nothing (EAGAIN, an error) keeps nothing.
  @Test func failedReadsKeepNothing() throws {
    var buffer = OutputBuffer()
    #expect(try buffer.fill { _ in -37 } == -37)
    #expect(try buffer.fill { _ in 0 } == 0)
    #expect(buffer.count == 0)
  }

  /// End markers are read from, and cut off, the end, across a chunk edge.
  @Test func suffixAndRemoveLastAcrossAChunkEdge() throws {
    var buffer = OutputBuffer()
    let body = [UInt8](repeating: UInt8(ascii: "b"), count: OutputBuffer.chunkSize - 3)
    let marker = Array("\nEND 0\n".utf8)
    try buffer.append(body + marker)
    #expect(buffer.suffix(marker.count) == marker)
    #expect(buffer.suffix(1 << 30).count == buffer.count)
    buffer.removeLast(marker.count)
    #expect(buffer.count == body.count)
    #expect(buffer.suffix(2) == Array("bb".utf8))
    buffer.removeLast(1 << 30)
    #expect(buffer.count == 0)
    #expect(buffer.takeText() == "")
  }
}
