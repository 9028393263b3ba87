import Foundation
import ValueModel

/// Filters that work on text.
enum StringFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments) throws -> Value? {
    switch name {
    case "lower": return .string(value.text.lowercased())
    case "upper": return .string(value.text.uppercased())
    case "capitalize": return .string(capitalize(value.text))
    case "title": return .string(title(value.text))
    case "trim":
      return .string(Methods.strip(value.text, try args.string(0, "chars"), leading: true, trailing: true))
    case "replace":
      return try Methods.call(.string(value.text), "replace", args)
    case "split":
      let sep = try args.get(0, "seperator").flatMap { $0 == .null ? nil : try $0.requireDefined().text }
      return .list(try Methods.split(value.text, sep, max: try args.int(1, "maxsplit") ?? -1))
    case "basename":
      let p = value.text
      guard let slash = p.lastIndex(of: "/") else { return .string(p) }
      return .string(String(p[p.index(after: slash)...]))
    case "dirname":
      let p = value.text
      guard let slash = p.lastIndex(of: "/") else { return .string("") }
      var head = String(p[...slash])
      if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
      return .string(head)
    case "quote": return .string(shellQuote(value.text))
    case "b64encode": return .string(Data(value.text.utf8).base64EncodedString())
    case "b64decode":
      guard let data = Data(base64Encoded: value.text, options: .ignoreUnknownCharacters),
        let s = String(data: data, encoding: .utf8)
      else { throw EvalError("invalid base64 input") }
      return .string(s)
    case "regex_replace", "regex_search", "regex_findall", "regex_escape":
      return try PythonRegex.filter(name, value.text, args)
    case "indent":
      let width = try args.int(0, "width") ?? 4
      let lines = value.text.split(separator: "\n", omittingEmptySubsequences: false)
      let padding = Limits.product(max(0, width), lines.count)
      try Limits.checkString(bytes: Limits.sum(padding, value.text.utf8.count), "indent(\(width))")
      let pad = String(repeating: " ", count: max(0, width))
      let first = args.bool(1, "first", default: false)
      let blank = args.bool(2, "blank", default: false)
      return .string(lines.enumerated().map { i, line in
        if i == 0 && !first { return String(line) }
        if line.isEmpty && !blank { return "" }
        return pad + line
      }.joined(separator: "\n"))
    case "center":
      let width = try args.int(0, "width") ?? 80
      let s = value.text
      try Limits.checkString(bytes: Limits.sum(width, s.utf8.count), "center(\(width))")
      let pad = width > s.count ? width - s.count : 0
      let left = pad / 2 + (pad % 2 == 1 && width % 2 == 1 ? 1 : 0)
      return .string(String(repeating: " ", count: left) + s + String(repeating: " ", count: pad - left))
    case "wordcount":
      return .int(value.text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).count)
    default: return nil
    }
  }

  static func capitalize(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst().lowercased()
  }

  /// Jinja2's `title`: a word starts after whitespace or one of `-([{<`.
  static func title(_ s: String) -> String {
    var out = ""
    var atStart = true
    for c in s {
      if c.isWhitespace || "-([{<".contains(c) {
        out.append(c)
        atStart = true
      } else {
        out += atStart ? c.uppercased() : c.lowercased()
        atStart = false
      }
    }
    return out
  }

  /// Python's `shlex.quote`.
  static func shellQuote(_ s: String) -> String {
    if s.isEmpty { return "''" }
    let safe = s.unicodeScalars.allSatisfy {
      ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || "@%+=:,./-_".unicodeScalars.contains($0)))
    }
    if safe { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
  }
}
