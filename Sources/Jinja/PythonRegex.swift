import Foundation

/// Python `re` semantics on top of NSRegularExpression: pattern and replacement syntax are
/// translated, and match/search/findall follow Python's return shapes.
enum PythonRegex {
  static func compile(_ pattern: String, ignoreCase: Bool = false, multiline: Bool = false) throws -> NSRegularExpression {
    var p = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    p = p.replacingOccurrences(of: "\\Z", with: "\\z")
    var options: NSRegularExpression.Options = []
    if ignoreCase { options.insert(.caseInsensitive) }
    if multiline { options.insert(.anchorsMatchLines) }
    do {
      return try NSRegularExpression(pattern: p, options: options)
    } catch {
      throw EvalError("invalid regular expression '\(pattern)'")
    }
  }

  static func firstMatch(_ re: NSRegularExpression, _ s: String, anchored: Bool) -> NSTextCheckingResult? {
    let range = NSRange(s.startIndex..., in: s)
    return re.firstMatch(in: s, options: anchored ? [.anchored] : [], range: range)
  }

  static func group(_ m: NSTextCheckingResult, _ i: Int, in s: String) -> Value {
    guard i < m.numberOfRanges, let r = Range(m.range(at: i), in: s) else { return .none }
    return .string(String(s[r]))
  }

  /// Translates a Python replacement string (`\1`, `\g<name>`) to the ICU template syntax.
  static func template(_ repl: String, groups: [String: Int] = [:]) -> String {
    var out = ""
    var chars = Array(repl)[...]
    while let c = chars.popFirst() {
      if c == "$" {
        out += "\\$"
      } else if c == "\\", let n = chars.first {
        if n.isNumber {
          let digits = chars.prefix(while: { $0.isNumber }).prefix(2)
          chars = chars.dropFirst(digits.count)
          out += "$" + String(digits)
        } else if n == "g", chars.dropFirst().first == "<", let close = chars.firstIndex(of: ">") {
          let ref = String(chars[chars.index(chars.startIndex, offsetBy: 2)..<close])
          chars = chars[chars.index(after: close)...]
          out += "$" + (Int(ref).map(String.init) ?? groups[ref].map(String.init) ?? "0")
        } else {
          chars = chars.dropFirst()
          switch n {
          case "n": out += "\n"
          case "t": out += "\t"
          case "\\": out += "\\\\"
          default: out += "\\\\" + String(n)
          }
        }
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// Maps group names to their numbers, since ICU templates cannot refer to names.
  static func namedGroups(_ pattern: String) -> [String: Int] {
    var out: [String: Int] = [:]
    var number = 0
    var inClass = false
    var chars = Array(pattern)[...]
    while let c = chars.popFirst() {
      if c == "\\" {
        chars = chars.dropFirst()
      } else if inClass {
        if c == "]" { inClass = false }
      } else if c == "[" {
        inClass = true
      } else if c == "(" {
        guard chars.first == "?" else {
          number += 1
          continue
        }
        let rest = String(chars.prefix(while: { $0 != ">" }))
        for prefix in ["?P<", "?<"] where rest.hasPrefix(prefix) {
          let name = String(rest.dropFirst(prefix.count))
          if !name.isEmpty, !name.hasPrefix("="), !name.hasPrefix("!") {
            number += 1
            out[name] = number
          }
          break
        }
      }
    }
    return out
  }

  static func filter(_ name: String, _ s: String, _ args: CallArguments) throws -> Value {
    if name == "regex_escape" {
      // the characters Python's re.escape escapes
      let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}")
      return .string(s.map { special.contains($0) ? "\\" + String($0) : String($0) }.joined())
    }
    let pattern = try args.string(0, "regex") ?? ""
    let re = try compile(
      pattern, ignoreCase: args.bool(99, "ignorecase", default: false),
      multiline: args.bool(99, "multiline", default: false))
    let range = NSRange(s.startIndex..., in: s)
    switch name {
    case "regex_replace":
      let repl = template(try args.string(1, "replacement") ?? "", groups: namedGroups(pattern))
      let count = try args.int(99, "count") ?? 0
      if count <= 0 {
        return .string(re.stringByReplacingMatches(in: s, range: range, withTemplate: repl))
      }
      var out = ""
      var last = s.startIndex
      for m in re.matches(in: s, range: range).prefix(count) {
        guard let r = Range(m.range, in: s) else { continue }
        out += s[last..<r.lowerBound]
        out += re.replacementString(for: m, in: s, offset: 0, template: repl)
        last = r.upperBound
      }
      return .string(out + s[last...])
    case "regex_search":
      guard let m = firstMatch(re, s, anchored: false) else { return .none }
      let groups = try args.positional.dropFirst().map { try $0.requireDefined().text }
      if groups.isEmpty { return group(m, 0, in: s) }
      return .list(groups.map { g in
        if g.hasPrefix("\\g<"), g.hasSuffix(">") {
          let ref = String(g.dropFirst(3).dropLast())
          if let i = Int(ref) { return group(m, i, in: s) }
          let r = m.range(withName: ref)
          return Range(r, in: s).map { .string(String(s[$0])) } ?? .none
        }
        if g.hasPrefix("\\"), let i = Int(g.dropFirst()) { return group(m, i, in: s) }
        return .none
      })
    default:
      return .list(re.matches(in: s, range: range).map { m in
        if m.numberOfRanges == 1 { return group(m, 0, in: s) }
        if m.numberOfRanges == 2 { return group(m, 1, in: s).orEmpty }
        return .list((1..<m.numberOfRanges).map { group(m, $0, in: s).orEmpty })
      })
    }
  }
}

extension Value {
  /// Python's findall gives empty strings for groups that did not take part.
  fileprivate var orEmpty: Value { self == .none ? .string("") : self }
}
