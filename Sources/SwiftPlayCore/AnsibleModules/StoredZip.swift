/// A zip archive whose entries are stored uncompressed: what Python's `zipimport` reads
/// to import a module and its module_utils from one file. Stored, not deflated, because
/// the payload travels over a local or SSH channel once per task and Python imports it
/// straight away; the format is PKWARE's APPNOTE (local headers, central directory, end
/// record), with no extra fields and fixed timestamps so equal inputs give equal bytes.
struct StoredZip {
  private var bytes: [UInt8] = []
  private var central: [UInt8] = []
  private var count = 0

  /// Adds `data` under `name` (a `/`-separated path inside the archive).
  mutating func add(_ name: String, _ data: [UInt8]) {
    let nameBytes = Array(name.utf8)
    let crc = Self.crc32(data)
    let offset = bytes.count
    // 1980-01-01 00:00, the earliest time zip can say: the same bytes on every run.
    let time: UInt16 = 0, date: UInt16 = (0 << 9) | (1 << 5) | 1
    bytes += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(time) + le16(date)
    bytes += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count))
    bytes += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + data
    central += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(time) + le16(date)
    central += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count))
    central += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0)
    central += le32(0o100644 << 16) + le32(UInt32(offset)) + nameBytes
    count += 1
  }

  /// The whole archive.
  var archive: [UInt8] {
    let start = bytes.count
    return bytes + central + le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
      + le32(UInt32(central.count)) + le32(UInt32(start)) + le16(0)
  }

  private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
  private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xff) } }

  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  /// The CRC-32 (IEEE 802.3) zip stores for each entry.
  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xffff_ffff
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
    return crc ^ 0xffff_ffff
  }
}
