/// A line diff in unified format that picks the same hunks as Python's `difflib`, which is
/// what `ansible-playbook --diff` prints: users compare the two outputs line by line, so
/// "a correct diff" is not enough, it has to be the same diff.
///
/// The matching is difflib's (Ratcliff/Obershelp): take the longest common run of lines,
/// recurse on both sides of it; lines frequent in long texts are not used as anchors.
package struct UnifiedDiff {
  /// One edit of `a` into `b`, as half-open line ranges.
  struct Opcode: Equatable {
    enum Tag { case equal, replace, delete, insert }
    var tag: Tag
    var a: Range<Int>
    var b: Range<Int>
  }

  let a: [String]
  let b: [String]
  /// For each line of `b`, where it occurs (ascending); popular lines are left out.
  private let positions: [String: [Int]]

  /// `a` and `b` are lines with their line ends kept, as `splitlines(keepends=True)`.
  init(_ a: [String], _ b: [String]) {
    self.a = a
    self.b = b
    var positions: [String: [Int]] = [:]
    for (index, line) in b.enumerated() { positions[line, default: []].append(index) }
    if b.count >= 200 {
      let limit = b.count / 100 + 1
      positions = positions.filter { $0.value.count <= limit }
    }
    self.positions = positions
  }

  /// The unified diff of two texts with `context` lines around each change, or "" when
  /// they are equal.
  package static func text(before: String, after: String, fromFile: String, toFile: String, context: Int = 3) -> String {
    lines(before: before, after: after, fromFile: fromFile, toFile: toFile, context: context).joined()
  }

  /// The diff's lines, each ending in a newline; a line that had none carries the note
  /// `\ No newline at end of file` (so a color covers both, as in Ansible's output).
  package static func lines(before: String, after: String, fromFile: String, toFile: String, context: Int = 3) -> [String] {
    let diff = UnifiedDiff(lines(before), lines(after))
    let groups = diff.groupedOpcodes(context: context)
    guard !groups.isEmpty else { return [] }
    var out = ["--- \(fromFile)\n", "+++ \(toFile)\n"]
    for group in groups {
      guard let first = group.first, let last = group.last else { continue }
      out.append("@@ -\(range(first.a.lowerBound, last.a.upperBound)) +\(range(first.b.lowerBound, last.b.upperBound)) @@\n")
      for code in group {
        if code.tag == .equal {
          out += diff.a[code.a].map { " " + $0 }
          continue
        }
        if code.tag != .insert { out += diff.a[code.a].map { "-" + $0 } }
        if code.tag != .delete { out += diff.b[code.b].map { "+" + $0 } }
      }
    }
    return out.map { $0.hasSuffix("\n") ? $0 : $0 + "\n\\ No newline at end of file\n" }
  }

  /// Lines with their ends, split where Python's `splitlines` splits text files.
  static func lines(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for character in text {
      current.append(character)
      if character == "\n" || character == "\r\n" || character == "\r" {
        result.append(current)
        current = ""
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  /// `@@` ranges: `start,length`, just `start` for one line, `start-1,0` for none.
  static func range(_ start: Int, _ stop: Int) -> String {
    let length = stop - start
    if length == 1 { return "\(start + 1)" }
    return "\(length == 0 ? start : start + 1),\(length)"
  }

  /// The longest run of equal lines inside the given ranges, leftmost in `a` first.
  func longestMatch(_ aRange: Range<Int>, _ bRange: Range<Int>) -> (a: Int, b: Int, size: Int) {
    var best = (a: aRange.lowerBound, b: bRange.lowerBound, size: 0)
    var runs: [Int: Int] = [:]
    for i in aRange {
      var next: [Int: Int] = [:]
      for j in positions[a[i]] ?? [] {
        if j < bRange.lowerBound { continue }
        if j >= bRange.upperBound { break }
        let size = (runs[j - 1] ?? 0) + 1
        next[j] = size
        if size > best.size { best = (i - size + 1, j - size + 1, size) }
      }
      runs = next
    }
    // Popular lines were no anchors, but they still extend a run on either side.
    while best.a > aRange.lowerBound, best.b > bRange.lowerBound, a[best.a - 1] == b[best.b - 1] {
      best = (best.a - 1, best.b - 1, best.size + 1)
    }
    while best.a + best.size < aRange.upperBound, best.b + best.size < bRange.upperBound,
      a[best.a + best.size] == b[best.b + best.size]
    {
      best.size += 1
    }
    return best
  }

  /// Equal runs in order, adjacent ones merged, ending with an empty run at both ends.
  func matchingBlocks() -> [(a: Int, b: Int, size: Int)] {
    var queue = [(0..<a.count, 0..<b.count)]
    var blocks: [(a: Int, b: Int, size: Int)] = []
    while let (aRange, bRange) = queue.popLast() {
      let match = longestMatch(aRange, bRange)
      guard match.size > 0 else { continue }
      blocks.append(match)
      if aRange.lowerBound < match.a && bRange.lowerBound < match.b {
        queue.append((aRange.lowerBound..<match.a, bRange.lowerBound..<match.b))
      }
      if match.a + match.size < aRange.upperBound && match.b + match.size < bRange.upperBound {
        queue.append((match.a + match.size..<aRange.upperBound, match.b + match.size..<bRange.upperBound))
      }
    }
    blocks.sort { ($0.a, $0.b) < ($1.a, $1.b) }
    var merged: [(a: Int, b: Int, size: Int)] = []
    for block in blocks {
      if let last = merged.last, last.a + last.size == block.a, last.b + last.size == block.b {
        merged[merged.count - 1].size += block.size
      } else {
        merged.append(block)
      }
    }
    merged.append((a.count, b.count, 0))
    return merged
  }

  func opcodes() -> [Opcode] {
    var codes: [Opcode] = []
    var i = 0
    var j = 0
    for block in matchingBlocks() {
      if i < block.a && j < block.b {
        codes.append(Opcode(tag: .replace, a: i..<block.a, b: j..<block.b))
      } else if i < block.a {
        codes.append(Opcode(tag: .delete, a: i..<block.a, b: j..<block.b))
      } else if j < block.b {
        codes.append(Opcode(tag: .insert, a: i..<block.a, b: j..<block.b))
      }
      i = block.a + block.size
      j = block.b + block.size
      if block.size > 0 { codes.append(Opcode(tag: .equal, a: block.a..<i, b: block.b..<j)) }
    }
    return codes
  }

  /// The hunks: changes with up to `context` equal lines around them; changes closer
  /// than twice that share a hunk.
  func groupedOpcodes(context n: Int) -> [[Opcode]] {
    var codes = opcodes()
    if codes.isEmpty { codes = [Opcode(tag: .equal, a: 0..<1, b: 0..<1)] }
    if let first = codes.first, first.tag == .equal {
      codes[0].a = max(first.a.lowerBound, first.a.upperBound - n)..<first.a.upperBound
      codes[0].b = max(first.b.lowerBound, first.b.upperBound - n)..<first.b.upperBound
    }
    if let last = codes.last, last.tag == .equal {
      codes[codes.count - 1].a = last.a.lowerBound..<min(last.a.upperBound, last.a.lowerBound + n)
      codes[codes.count - 1].b = last.b.lowerBound..<min(last.b.upperBound, last.b.lowerBound + n)
    }
    var groups: [[Opcode]] = []
    var group: [Opcode] = []
    for var code in codes {
      if code.tag == .equal && code.a.count > 2 * n {
        group.append(Opcode(
          tag: .equal, a: code.a.lowerBound..<min(code.a.upperBound, code.a.lowerBound + n),
          b: code.b.lowerBound..<min(code.b.upperBound, code.b.lowerBound + n)))
        groups.append(group)
        group = []
        code.a = max(code.a.lowerBound, code.a.upperBound - n)..<code.a.upperBound
        code.b = max(code.b.lowerBound, code.b.upperBound - n)..<code.b.upperBound
      }
      group.append(code)
    }
    if !group.isEmpty && !(group.count == 1 && group[0].tag == .equal) { groups.append(group) }
    return groups
  }
}
