import Foundation
import ValueModel

/// Less central filters: path helpers, math, `format`, `extract` and `product`.
enum MoreFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments) throws -> Value? {
    switch name {
    case "format":
      return .string(try PercentFormat.format(value.text, args: args.positional, mapping: args.keyword.isEmpty ? nil : args.keyword))
    case "path_join":
      let parts: [String] = if case .list(let l) = value { l.map(\.text) } else { [value.text] }
      var path = ""
      for part in parts {
        if part.hasPrefix("/") || path.isEmpty {
          path = part
        } else {
          path += (path.hasSuffix("/") ? "" : "/") + part
        }
      }
      return .string(path)
    case "splitext":
      let p = value.text
      let base = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
      let name = p[base...]
      guard let dot = name.lastIndex(of: "."), name[name.startIndex..<dot].contains(where: { $0 != "." }) else {
        return .list([.string(p), .string("")])
      }
      return .list([.string(String(p[..<dot])), .string(String(p[dot...]))])
    case "extract":
      guard let container = args.get(0, "container") else { throw EvalError("extract requires a container") }
      var v = try Operators.item(try container.requireDefined(), value, path: "extract")
      if let more = args.get(1, "morekeys") {
        let keys: [Value] = if case .list(let l) = more { l } else { [more] }
        for k in keys { v = try Operators.item(try v.requireDefined(), k, path: "extract") }
      }
      return v
    case "product":
      var result: [[Value]] = [[]]
      let lists = try ([value] + args.positional).map { try $0.iterated() }
      var total: Int? = 1
      for list in lists { total = total.flatMap { Limits.product($0, list.count) } }
      try Limits.checkList(items: total, "product")
      for list in lists {
        result = result.flatMap { prefix in list.map { prefix + [$0] } }
      }
      return .list(result.map { .list($0) })
    case "log":
      let x = Operators.toDouble(try number(value))
      guard let base = args.get(0, "base") else { return .double(Foundation.log(x)) }
      return .double(Foundation.log(x) / Foundation.log(Operators.toDouble(try number(base))))
    case "pow":
      let y = try number(args.get(0, "y") ?? .int(1))
      return .double(Foundation.pow(Operators.toDouble(try number(value)), Operators.toDouble(y)))
    case "root":
      let base = Operators.toDouble(try number(args.get(0, "base") ?? .int(2)))
      let x = Operators.toDouble(try number(value))
      return .double(base == 2 ? x.squareRoot() : Foundation.pow(x, 1 / base))
    default:
      return try EncodingFilters.apply(name, value, args)
    }
  }

  private static func number(_ v: Value) throws -> Value {
    guard let n = v.asNumber else { throw EvalError("a number is required, not \(v.typeName)") }
    return n
  }
}
