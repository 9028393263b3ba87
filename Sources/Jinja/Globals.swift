import ValueModel

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
      let count = try rangeCount(start, stop, step)
      try Limits.checkList(items: count, "range(\(start), \(stop), \(step))")
      return .list(rangeValues(start, step, count).map { .int($0) })
    case "dict", "namespace":
      var d = ValueDict()
      switch args.positional.first {
      case let .dict(base)?: d = base
      case let .list(pairs)?:
        // `dict(keys | zip(values))`: each item one key and its value, as Python's dict()
        // takes them; keys are text in this value model, as YAML keys are.
        for (index, pair) in pairs.enumerated() {
          guard case let .list(parts) = pair, parts.count == 2 else {
            let length = if case let .list(parts) = pair { parts.count } else { 1 }
            throw EvalError("dictionary update sequence element #\(index) has length \(length); 2 is required")
          }
          d[parts[0].text] = parts[1]
        }
      default: break
      }
      for e in args.keyword.elements { d[e.key] = e.value }
      return .dict(d)
    default:
      throw EvalError("'\(name)' is undefined")
    }
  }

  /// How many numbers `range(start, stop, step)` holds (step is not 0).
  static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) throws -> Int {
    let (low, high) = step > 0 ? (start, stop) : (stop, start)
    guard low < high else { return 0 }
    // the span and the count are worked out unsigned, where they cannot overflow
    let span = UInt(bitPattern: high &- low)
    let count = (span - 1) / step.magnitude + 1
    guard let n = Int(exactly: count) else { throw IntegerMath.overflow("the length of range(\(start), \(stop), \(step))") }
    return n
  }

  /// The numbers of a range by index: Swift's `stride` would trap stepping past Int.max
  /// after the last one; `start + i * step` wraps only in between and lands in range.
  static func rangeValues(_ start: Int, _ step: Int, _ count: Int) -> [Int] {
    (0..<count).map { start &+ $0 &* step }
  }
}
