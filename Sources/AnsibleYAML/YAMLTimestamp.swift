import Foundation

/// YAML 1.1 timestamps as text. PyYAML builds a `date` or `datetime`; the program's value
/// models have neither, so a timestamp becomes the ISO form Ansible's JSON output and
/// `debug` show for it (`2001-12-14`, `2001-12-14T21:59:43.100000-05:00`).
enum YAMLTimestamp {
  private static let parts = try? NSRegularExpression(
    pattern: #"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?"#
      + #"(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$"#)

  static func isoFormat(_ text: String) throws(YAMLResolver.ConstructionError) -> String {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = parts?.firstMatch(in: text, range: range) else {
      throw YAMLResolver.ConstructionError("'\(text)' is not a timestamp")
    }
    func group(_ index: Int) -> String? {
      Range(match.range(at: index), in: text).map { String(text[$0]) }
    }
    func number(_ index: Int) -> Int { group(index).flatMap { Int($0) } ?? 0 }
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    var out = "\(padded(number(1), 4))-\(padded(number(2), 2))-\(padded(number(3), 2))"
    guard group(4) != nil else { return out }
    out += "T\(padded(number(4), 2)):\(padded(number(5), 2)):\(padded(number(6), 2))"
    // Microseconds: the first six digits of the fraction, shown only when not zero.
    let fraction = String((group(7) ?? "").prefix(6))
    let micro = Int(fraction + String(repeating: "0", count: 6 - fraction.count)) ?? 0
    if micro != 0 { out += "." + padded(micro, 6) }
    if group(8) == "Z" {
      out += "+00:00"
    } else if let sign = group(9) {
      out += "\(sign)\(padded(number(10), 2)):\(padded(number(11), 2))"
    }
    return out
  }
}
