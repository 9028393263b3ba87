/// Loose version comparison as Ansible's `version` test does by default: digit runs compare
/// as numbers, letter runs as text.
enum Version {
  enum Part: Equatable {
    /// The digits without leading zeros, so any length compares exactly (Python's int()
    /// has no limit; `Int(...) ?? 0` turned a 20-digit part into 0).
    case number(String)
    case word(String)
  }

  static func parts(_ s: String) -> [Part] {
    var out: [Part] = []
    var current = ""
    var isDigit = false
    func flush() {
      guard !current.isEmpty else { return }
      out.append(isDigit ? .number(String(current.drop(while: { $0 == "0" }))) : .word(current))
      current = ""
    }
    for c in s {
      if c.isNumber {
        if !isDigit { flush() }
        isDigit = true
        current.append(c)
      } else if c.isLetter {
        if isDigit { flush() }
        isDigit = false
        current.append(c)
      } else {
        flush()
      }
    }
    flush()
    return out
  }

  static func compare(_ a: String, _ b: String) throws -> Int {
    let x = parts(a)
    let y = parts(b)
    for (p, q) in zip(x, y) where p != q {
      switch (p, q) {
      case (.number(let m), .number(let n)):
        if m.count != n.count { return m.count < n.count ? -1 : 1 }
        return m < n ? -1 : 1
      case (.word(let m), .word(let n)): return m < n ? -1 : 1
      default: throw EvalError("cannot compare versions '\(a)' and '\(b)'")
      }
    }
    return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
  }

  static func test(_ a: String, _ b: String, op: String) throws -> Bool {
    let c = try compare(a, b)
    switch op {
    case "==", "=", "eq": return c == 0
    case "!=", "<>", "ne": return c != 0
    case "<", "lt": return c < 0
    case "<=", "le": return c <= 0
    case ">", "gt": return c > 0
    case ">=", "ge": return c >= 0
    default: throw EvalError("invalid operator type (\(op))")
    }
  }
}
