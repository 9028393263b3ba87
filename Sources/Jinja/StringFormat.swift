import Foundation
import ValueModel

/// A subset of Python's `str.format`: `{}`, `{0}`, `{name}`, `{{`/`}}` and simple specs.
enum StringFormat {
  static func format(_ template: String, _ args: CallArguments) throws -> String {
    var out = ""
    var auto = 0
    var chars = Array(template)[...]
    while let c = chars.first {
      chars = chars.dropFirst()
      if c == "}" {
        guard chars.first == "}" else { throw EvalError("single '}' encountered in format string") }
        chars = chars.dropFirst()
        out.append("}")
        continue
      }
      guard c == "{" else {
        out.append(c)
        continue
      }
      if chars.first == "{" {
        chars = chars.dropFirst()
        out.append("{")
        continue
      }
      guard let close = chars.firstIndex(of: "}") else { throw EvalError("single '{' encountered in format string") }
      let field = String(chars[..<close])
      chars = chars[chars.index(after: close)...]
      let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let key = parts.first.map(String.init) ?? ""
      let spec = parts.count > 1 ? String(parts[1]) : ""
      let value: Value
      if key.isEmpty {
        guard auto < args.positional.count else { throw EvalError("replacement index \(auto) out of range") }
        value = args.positional[auto]
        auto += 1
      } else if let i = Int(key) {
        guard i < args.positional.count else { throw EvalError("replacement index \(i) out of range") }
        value = args.positional[i]
      } else {
        guard let v = args.keyword[key] else { throw EvalError("missing format key '\(key)'") }
        value = v
      }
      let piece = try applySpec(try value.requireDefined(), spec)
      try Limits.checkString(bytes: Limits.sum(out.utf8.count, piece.utf8.count), "format()")
      out += piece
    }
    return out
  }

  /// Supports fill/align/width and `.Nf`, the specs templates actually use.
  private static func applySpec(_ v: Value, _ spec: String) throws -> String {
    try Limits.checkText(v, "format()")
    if spec.isEmpty { return v.text }
    var s = Array(spec)[...]
    var fill: Character = " "
    var align: Character?
    if s.count >= 2, "<>^".contains(s[s.index(after: s.startIndex)]) {
      fill = s.removeFirst()
      align = s.removeFirst()
    } else if let f = s.first, "<>^".contains(f) {
      align = s.removeFirst()
    }
    if s.first == "0", align == nil {
      fill = "0"
      align = "="
    }
    let widthText = String(s.prefix(while: { $0.isNumber }))
    s = s.dropFirst(widthText.count)
    var body = v.text
    if s.first == "." {
      s = s.dropFirst()
      let p = String(s.prefix(while: { $0.isNumber }))
      s = s.dropFirst(p.count)
      guard s.first == "f" else { throw EvalError("unsupported format spec '\(spec)'") }
      let precision = p.isEmpty ? 0 : Int(p) ?? Int.max
      try Limits.checkString(bytes: precision, "format spec '\(spec)'")
      s = s.dropFirst()
      body = String(format: "%.\(precision)f", Operators.toDouble(v))
    } else if s.first == "d" || s.first == "s" {
      s = s.dropFirst()
    }
    guard s.isEmpty else { throw EvalError("unsupported format spec '\(spec)'") }
    let width = widthText.isEmpty ? 0 : Int(widthText) ?? Int.max
    try Limits.checkString(bytes: width, "format spec '\(spec)'")
    let pad = max(0, width - body.count)
    let isNumber = v.asNumber != nil
    switch align ?? (isNumber ? ">" : "<") {
    case "<": return body + String(repeating: fill, count: pad)
    case "^": return String(repeating: fill, count: pad / 2) + body + String(repeating: fill, count: pad - pad / 2)
    case "=":
      if body.hasPrefix("-") { return "-" + String(repeating: fill, count: pad) + body.dropFirst() }
      return String(repeating: fill, count: pad) + body
    default: return String(repeating: fill, count: pad) + body
    }
  }
}
