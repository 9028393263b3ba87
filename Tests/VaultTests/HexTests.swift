import Testing

@testable import Vault

struct HexTests {
  @Test func roundTrip() {
    let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
    #expect(Hex.encodeString(bytes) == "00017f80abff")
    #expect(Hex.decode(Array("00017F80abff".utf8)) == bytes)
  }

  @Test func rejectsOddLengthAndNonHex() {
    #expect(Hex.decode(Array("abc".utf8)) == nil)
    #expect(Hex.decode(Array("zz".utf8)) == nil)
  }
}
