import Foundation

/// SHA-1 and MD5 for the `hash`, `sha1` and `md5` filters (SHA-256 and SHA-512 live in
/// `SHA2`). The Jinja target has no dependencies, and these digests are small enough to
/// carry; SHA-1 and MD5 identify content (as Ansible uses them), they are not for security.
public enum Digest {
  /// Lower-case hex SHA-1, as `sha1sum` prints it: what copy compares with the host's file.
  public static func sha1Hex(_ bytes: [UInt8]) -> String { hex(words: sha1(bytes)) }

  /// Lower-case hex MD5, as `md5sum` prints it: the `md5sum` fetch returns.
  public static func md5Hex(_ bytes: [UInt8]) -> String { hex(words: md5(bytes).map(\.byteSwapped)) }

  /// Lower-case hex digest of `bytes` with the named algorithm, or nil if unsupported.
  static func hex(_ algorithm: String, _ bytes: [UInt8]) -> String? {
    switch algorithm {
    case "sha1": return sha1Hex(bytes)
    case "md5": return hex(words: md5(bytes).map(\.byteSwapped))
    case "sha256": return SHA2.sha256(bytes).map(hexByte).joined()
    case "sha512": return SHA2.sha512(bytes).map(hexByte).joined()
    default: return nil
    }
  }

  private static func hex(words: [UInt32]) -> String {
    words.map { word in
      let s = String(word, radix: 16)
      return String(repeating: "0", count: 8 - s.count) + s
    }.joined()
  }

  /// The raw 16-byte MD5 digest, for MD5-crypt.
  static func md5Bytes(_ bytes: [UInt8]) -> [UInt8] {
    md5(bytes).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  private static func hexByte(_ b: UInt8) -> String {
    (b < 16 ? "0" : "") + String(b, radix: 16)
  }

  /// Pads to a multiple of 64 bytes with the message length in bits, big- or little-endian.
  private static func padded(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
    var data = bytes
    let bits = UInt64(bytes.count) &* 8
    data.append(0x80)
    while data.count % 64 != 56 { data.append(0) }
    for i in 0..<8 {
      let shift = bigEndian ? UInt64(56 - 8 * i) : UInt64(8 * i)
      data.append(UInt8(truncatingIfNeeded: bits >> shift))
    }
    return data
  }

  private static func sha1(_ bytes: [UInt8]) -> [UInt32] {
    var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    let data = padded(bytes, bigEndian: true)
    for chunk in stride(from: 0, to: data.count, by: 64) {
      var w = [UInt32](repeating: 0, count: 80)
      for i in 0..<16 {
        let j = chunk + 4 * i
        w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
      }
      for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
      var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
      for i in 0..<80 {
        let (f, k): (UInt32, UInt32) = switch i {
        case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
        case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
        case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
        default: (b ^ c ^ d, 0xCA62_C1D6)
        }
        let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
        (e, d, c, b, a) = (d, c, rotl(b, 30), a, t)
      }
      h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
    }
    return h
  }

  private static let md5Shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]

  /// MD5's sine-derived constants, computed rather than tabulated.
  private static let md5K: [UInt32] = (0..<64).map { i in
    UInt32(truncatingIfNeeded: Int64((abs(sin(Double(i + 1))) * 4_294_967_296).rounded(.down)))
  }

  private static func md5(_ bytes: [UInt8]) -> [UInt32] {
    var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476]
    let data = padded(bytes, bigEndian: false)
    for chunk in stride(from: 0, to: data.count, by: 64) {
      let m: [UInt32] = (0..<16).map { i in
        let j = chunk + 4 * i
        return UInt32(data[j]) | UInt32(data[j + 1]) << 8 | UInt32(data[j + 2]) << 16 | UInt32(data[j + 3]) << 24
      }
      var (a, b, c, d) = (h[0], h[1], h[2], h[3])
      for i in 0..<64 {
        let (f, g): (UInt32, Int) = switch i {
        case 0..<16: ((b & c) | (~b & d), i)
        case 16..<32: ((d & b) | (~d & c), (5 * i + 1) % 16)
        case 32..<48: (b ^ c ^ d, (3 * i + 5) % 16)
        default: (c ^ (b | ~d), (7 * i) % 16)
        }
        let shift = md5Shifts[(i / 16) * 4 + i % 4]
        let sum = a &+ f &+ md5K[i] &+ m[g]
        (a, d, c) = (d, c, b)
        b = b &+ rotl(sum, shift)
      }
      h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
    }
    return h
  }

  private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
}
