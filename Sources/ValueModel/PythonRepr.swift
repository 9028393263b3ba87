/// Python's `repr` rules for floats and strings, so rendered values, results and messages
/// read exactly as CPython prints them (`Value.repr` builds on these).
package enum PythonRepr {
  /// Formats like Python's `repr(float)`: shortest round-trip digits, positional notation
  /// for exponents in -4..<16, scientific otherwise.
  package static func float(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let (negative, digits, exponent) = decompose(d)
    let sign = negative ? "-" : ""
    // exponent: value = 0.digits * 10^exponent; Python's decimal point exponent is exponent - 1
    let sciExp = exponent - 1
    if sciExp >= -4 && sciExp < 16 {
      if exponent <= 0 {
        return sign + "0." + String(repeating: "0", count: -exponent) + digits
      }
      if digits.count <= exponent {
        return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
      }
      let i = digits.index(digits.startIndex, offsetBy: exponent)
      return sign + digits[..<i] + "." + digits[i...]
    }
    var mantissa = String(digits.prefix(1))
    if digits.count > 1 { mantissa += "." + digits.dropFirst() }
    let expSign = sciExp < 0 ? "-" : "+"
    let expDigits = String(abs(sciExp))
    return sign + mantissa + "e" + expSign + (expDigits.count < 2 ? "0" : "") + expDigits
  }

  /// Splits Swift's shortest round-trip description into sign, significant digits and a
  /// decimal exponent such that value = 0.DIGITS × 10^exponent.
  private static func decompose(_ d: Double) -> (Bool, String, Int) {
    var s = "\(abs(d))"
    var exp = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exp = Int(s[s.index(after: e)...]) ?? 0
      s = String(s[..<e])
    }
    var intPart = s
    var fracPart = ""
    if let dot = s.firstIndex(of: ".") {
      intPart = String(s[..<dot])
      fracPart = String(s[s.index(after: dot)...])
    }
    var digits = intPart + fracPart
    var pointPos = intPart.count + exp
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      pointPos -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    return (d < 0, digits, pointPos)
  }

  /// Quotes a string like Python's `repr(str)`.
  package static func string(_ s: String) -> String {
    let q: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
    var out = String(q)
    for ch in s.unicodeScalars {
      switch ch {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if Character(ch) == q {
          out += "\\" + String(q)
        } else if ch.value < 0x20 || ch.value == 0x7f {
          out += "\\x" + (ch.value < 0x10 ? "0" : "") + String(ch.value, radix: 16)
        } else {
          out.unicodeScalars.append(ch)
        }
      }
    }
    out.append(q)
    return out
  }
}
