/// Global functions available in every template.
enum Globals {
  static func call(_ name: String, _ args: CallArguments) throws -> Value {
    switch name {
    case "range":
      let a = try args.int(0) ?? 0
      var (start, stop, step) = (0, a, 1)
      if args.positional.count >= 2 {
        start = a
        stop = try args.int(1) ?? 0
        step = try args.int(2) ?? 1
      }
      if step == 0 { throw EvalError("range() arg 3 must not be zero") }
      try Limits.checkList(items: rangeCount(start, stop, step), "range(\(start), \(stop), \(step))")
      return .list(stride(from: start, to: stop, by: step).map { .int($0) })
    case "dict", "namespace":
      var d = ValueDict()
      if let first = args.positional.first, case .dict(let base) = first { d = base }
      for e in args.keyword.entries { d[e.key] = e.value }
      return .dict(d)
    default:
      throw EvalError("'\(name)' is undefined")
    }
  }

  /// How many numbers `range(start, stop, step)` holds, or nil when more than Int.max.
  static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int? {
    let (low, high) = step > 0 ? (start, stop) : (stop, start)
    guard low < high else { return 0 }
    let (span, overflow) = high.subtractingReportingOverflow(low)
    if overflow { return nil }
    // any step of Int.max or more takes one number from a span no wider than Int.max
    return (span - 1) / (step == .min ? .max : abs(step)) + 1
  }
}
