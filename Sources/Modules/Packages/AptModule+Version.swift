/// Debian version ordering, as dpkg --compare-versions and apt_pkg.version_compare order
/// versions: epoch first, then the upstream version, then the Debian revision, each
/// compared by dpkg's verrevcmp (`~` before everything, even the end; letters before other
/// characters; digit runs as numbers).
enum DebianVersion {
  /// Negative, zero or positive as `a` is lower than, equal to or higher than `b`.
  static func compare(_ a: String, _ b: String) -> Int {
    let (epochA, upstreamA, revisionA) = split(a)
    let (epochB, upstreamB, revisionB) = split(b)
    if epochA != epochB { return epochA < epochB ? -1 : 1 }
    let upstream = verrevcmp(Array(upstreamA.utf8), Array(upstreamB.utf8))
    if upstream != 0 { return upstream }
    return verrevcmp(Array(revisionA.utf8), Array(revisionB.utf8))
  }

  static func split(_ version: String) -> (epoch: Int, upstream: Substring, revision: Substring) {
    var rest = Substring(version)
    var epoch = 0
    if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
      epoch = number
      rest = rest[rest.index(after: colon)...]
    }
    guard let dash = rest.lastIndex(of: "-") else { return (epoch, rest, "") }
    return (epoch, rest[..<dash], rest[rest.index(after: dash)...])
  }

  static func order(_ c: UInt8?) -> Int {
    guard let c else { return 0 }
    if isDigit(c) { return 0 }
    if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { return Int(c) }
    if c == UInt8(ascii: "~") { return -1 }
    return Int(c) + 256
  }

  static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }

  static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var i = 0
    var j = 0
    func at(_ bytes: [UInt8], _ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
    while i < a.count || j < b.count {
      while (at(a, i).map { !isDigit($0) } ?? false) || (at(b, j).map { !isDigit($0) } ?? false) {
        let difference = order(at(a, i)) - order(at(b, j))
        if difference != 0 { return difference < 0 ? -1 : 1 }
        i += 1
        j += 1
      }
      while at(a, i) == 48 { i += 1 }
      while at(b, j) == 48 { j += 1 }
      var first = 0
      while isDigit(at(a, i)) && isDigit(at(b, j)) {
        if first == 0, let x = at(a, i), let y = at(b, j) { first = Int(x) - Int(y) }
        i += 1
        j += 1
      }
      if isDigit(at(a, i)) { return 1 }
      if isDigit(at(b, j)) { return -1 }
      if first != 0 { return first < 0 ? -1 : 1 }
    }
    return 0
  }
}
