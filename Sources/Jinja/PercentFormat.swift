import Foundation
import ValueModel

/// Python's `"%s-%d" % (a, b)` string formatting, which older playbooks still use.
enum PercentFormat {
  /// Formats `template` with `args` (a tuple's items) or a mapping for `%(name)s`.
  static func format(_ template: String, args: [Value], mapping: ValueDict?) throws -> String {
    var out = ""
    var next = 0
    var chars = Array(template)[...]
    while let c = chars.popFirst() {
      guard c == "%" else {
        out.append(c)
        continue
      }
      var value: Value?
      if chars.first == "(" {
        guard let close = chars.firstIndex(of: ")") else { throw EvalError("incomplete format key") }
        let key = String(chars[chars.index(after: chars.startIndex)..<close])
        chars = chars[chars.index(after: close)...]
        guard let mapping, let v = mapping[key] else { throw EvalError("format requires a mapping with key '\(key)'") }
        value = v
      }
      let flags = String(chars.prefix(while: { "-+ 0#".contains($0) }))
      chars = chars.dropFirst(flags.count)
      let width = String(chars.prefix(while: \.isNumber))
      chars = chars.dropFirst(width.count)
      var precision: Int?
      if chars.first == "." {
        chars = chars.dropFirst()
        let p = String(chars.prefix(while: \.isNumber))
        chars = chars.dropFirst(p.count)
        precision = p.isEmpty ? 0 : Int(p) ?? Int.max
        // a float printed with that many digits is as big as a string that long
        try Limits.checkString(bytes: precision, "'%.\(p)f' formatting")
      }
      guard let type = chars.popFirst() else { throw EvalError("incomplete format") }
      if type == "%" {
        out.append("%")
        continue
      }
      if value == nil {
        guard next < args.count else { throw EvalError("not enough arguments for format string") }
        value = args[next]
        next += 1
      }
      let v = try (value ?? .null).requireDefined()
      try Limits.checkText(v, "'%' formatting")
      var body: String
      switch type {
      case "s": body = v.text
      case "r": body = v.repr
      case "d", "i", "x", "X", "o":
        guard let n = v.asNumber else { throw EvalError("%\(type) format: a number is required, not \(v.typeName)") }
        let i: Int = if case .int(let x) = n { x } else { try IntegerMath.truncating(Operators.toDouble(n)) }
        let radix = type == "x" || type == "X" ? 16 : (type == "o" ? 8 : 10)
        body = String(i.magnitude, radix: radix, uppercase: type == "X")
        if i < 0 { body = "-" + body } else if flags.contains("+") { body = "+" + body }
      case "f", "F", "e", "E", "g", "G":
        guard v.asNumber != nil else { throw EvalError("must be real number, not \(v.typeName)") }
        let spec = "%" + (flags.contains("+") ? "+" : "") + ".\(precision ?? 6)" + String(type)
        body = String(format: spec, Operators.toDouble(v))
      default:
        throw EvalError("unsupported format character '\(type)'")
      }
      if type == "s" || type == "r", let precision { body = String(body.prefix(precision)) }
      let w = width.isEmpty ? 0 : Int(width) ?? Int.max
      try Limits.checkString(bytes: w, "'%\(width)\(type)' formatting")
      let pad = max(0, w - body.count)
      if flags.contains("-") {
        body += String(repeating: " ", count: pad)
      } else if flags.contains("0") && type != "s" && type != "r" {
        let sign = body.first == "-" || body.first == "+" ? String(body.removeFirst()) : ""
        body = sign + String(repeating: "0", count: pad) + body
      } else {
        body = String(repeating: " ", count: pad) + body
      }
      try Limits.checkString(bytes: Limits.sum(out.utf8.count, body.utf8.count), "'%' formatting")
      out += body
    }
    if next < args.count && mapping == nil { throw EvalError("not all arguments converted during string formatting") }
    return out
  }
}
