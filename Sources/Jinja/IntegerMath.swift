import Foundation
import ValueModel

/// Python integer arithmetic on 64-bit integers: the same results wherever they fit, and
/// an error instead of a trap where Python's unbounded integers would go past 64 bits.
enum IntegerMath {
  /// Why a result is refused; Python itself would have computed it.
  static func overflow(_ what: String) -> EvalError {
    EvalError("integer overflow: \(what) does not fit in a 64-bit integer")
  }

  /// Python's `int(x)` of a float: truncates toward zero, refuses infinities and NaN.
  static func truncating(_ d: Double) throws -> Int {
    if d.isNaN { throw EvalError("cannot convert float NaN to integer") }
    if d.isInfinite { throw EvalError("cannot convert float infinity to integer") }
    guard let i = Int(exactly: d.rounded(.towardZero)) else { throw overflow(PythonRepr.float(d)) }
    return i
  }

  static func negate(_ x: Int) throws -> Int {
    let (r, o) = Int(0).subtractingReportingOverflow(x)
    if o { throw overflow("-(\(x))") }
    return r
  }

  static func magnitude(_ x: Int) throws -> Int {
    x < 0 ? try negate(x) : x
  }

  static func add(_ x: Int, _ y: Int) throws -> Int {
    let (r, o) = x.addingReportingOverflow(y)
    if o { throw overflow("\(x) + \(y)") }
    return r
  }

  static func subtract(_ x: Int, _ y: Int) throws -> Int {
    let (r, o) = x.subtractingReportingOverflow(y)
    if o { throw overflow("\(x) - \(y)") }
    return r
  }

  static func multiply(_ x: Int, _ y: Int) throws -> Int {
    let (r, o) = x.multipliedReportingOverflow(by: y)
    if o { throw overflow("\(x) * \(y)") }
    return r
  }

  /// Python's `//`: rounds toward negative infinity.
  static func floorDivide(_ x: Int, _ y: Int) throws -> Int {
    if y == 0 { throw EvalError("integer division or modulo by zero") }
    let (q, o) = x.dividedReportingOverflow(by: y)
    if o { throw overflow("\(x) // \(y)") }
    let r = x.remainderReportingOverflow(dividingBy: y).partialValue
    return (r != 0 && (r < 0) != (y < 0)) ? q - 1 : q
  }

  /// Python's `%`: the result takes the sign of the divisor.
  static func modulo(_ x: Int, _ y: Int) throws -> Int {
    if y == 0 { throw EvalError("integer division or modulo by zero") }
    // Int.min % -1 traps in Swift; its remainder is 0 in any case
    let m = x.remainderReportingOverflow(dividingBy: y).partialValue
    return m != 0 && (m < 0) != (y < 0) ? m + y : m
  }

  /// Python's `x ** y` for `y >= 0`, by squaring so `1 ** 10**18` takes 60 steps, not 10**18.
  static func power(_ x: Int, _ y: Int) throws -> Int {
    var result = 1
    var base = x
    var exponent = y
    while exponent > 0 {
      if exponent & 1 == 1 {
        let (p, o) = result.multipliedReportingOverflow(by: base)
        if o { throw overflow("\(x) ** \(y)") }
        result = p
      }
      exponent >>= 1
      if exponent > 0 {
        let (sq, o) = base.multipliedReportingOverflow(by: base)
        if o { throw overflow("\(x) ** \(y)") }
        base = sq
      }
    }
    return result
  }
}
