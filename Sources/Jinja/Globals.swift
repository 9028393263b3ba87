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
}
