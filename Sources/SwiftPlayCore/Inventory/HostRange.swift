/// Ansible's host ranges: `node[01:20]`, `db-[a:f]`, `web[1:9:2]`; several brackets in one
/// name expand as all their combinations, in order.
package enum HostRange {
  /// Names one pattern may stand for: far more hosts than any inventory lists, and a bound
  /// on what a typo such as `web[1:9999999999]` allocates.
  package static let maxNames = 100_000

  /// The names `pattern` stands for; a name without brackets stands for itself.
  package static func expand(_ pattern: String) throws(HostRangeError) -> [String] {
    try expand(pattern, whole: pattern)
  }

  private static func expand(_ pattern: String, whole: String) throws(HostRangeError) -> [String] {
    guard let open = pattern.firstIndex(of: "["), let close = pattern[open...].firstIndex(of: "]") else {
      return [pattern]
    }
    let head = String(pattern[..<open])
    let body = pattern[pattern.index(after: open)..<close]
    let tails = try expand(String(pattern[pattern.index(after: close)...]), whole: whole)
    let middles = try values(body, in: whole)
    let (count, overflow) = middles.count.multipliedReportingOverflow(by: tails.count)
    guard !overflow, count <= maxNames else {
      throw HostRangeError(pattern: whole, reason: "it stands for more than \(maxNames) hosts")
    }
    return middles.flatMap { middle in tails.map { head + middle + $0 } }
  }

  static func values(_ body: Substring, in pattern: String) throws(HostRangeError) -> [String] {
    let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 2 || parts.count == 3 else {
      throw HostRangeError(pattern: pattern, reason: "a range is [start:end] or [start:end:step]")
    }
    let step = parts.count == 3 ? Int(parts[2]) : 1
    guard let step, step > 0 else { throw HostRangeError(pattern: pattern, reason: "the step must be a positive number") }
    let (start, end) = (parts[0], parts[1])
    if let first = Int(start.isEmpty ? "0" : start), let last = Int(end) {
      guard first <= last else { throw HostRangeError(pattern: pattern, reason: "the range goes backwards") }
      // Counted before anything is made: the stride alone could be billions of names.
      let (span, overflow) = last.subtractingReportingOverflow(first)
      guard !overflow, span / step < maxNames else {
        throw HostRangeError(pattern: pattern, reason: "it stands for more than \(maxNames) hosts")
      }
      // A leading zero fixes the width: [01:10] gives 01, 02 ... 10.
      let width = start.hasPrefix("0") && start.count > 1 ? start.count : 0
      return stride(from: first, through: last, by: step).map { number in
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
      }
    }
    guard start.count == 1, end.count == 1, let first = start.unicodeScalars.first, let last = end.unicodeScalars.first,
      first.properties.isAlphabetic, last.properties.isAlphabetic, first.value <= last.value
    else {
      throw HostRangeError(pattern: pattern, reason: "use numbers ([01:20]) or single letters ([a:f]) in a range")
    }
    return stride(from: first.value, through: last.value, by: step).compactMap { Unicode.Scalar($0).map { String($0) } }
  }
}

package struct HostRangeError: Error, CustomStringConvertible {
  package let pattern: String
  package let reason: String
  package var description: String { "invalid host range '\(pattern)': \(reason)" }
}
