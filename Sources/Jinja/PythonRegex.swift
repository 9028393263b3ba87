import Foundation
import ValueModel

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

  static func firstMatch(_ re: NSRegularExpression, _ s: String, anchored: Bool) throws -> NSTextCheckingResult? {
    try matches(re, s, anchored: anchored, limit: 1).first
  }

  /// The matches of `re` in `s` (at most `limit`), failing instead of running for hours
  /// when the pattern backtracks catastrophically (`(a+)+$` on a long run of `a`).
  static func matches(
    _ re: NSRegularExpression, _ s: String, anchored: Bool = false, limit: Int = .max
  ) throws -> [NSTextCheckingResult] {
    let range = NSRange(s.startIndex..., in: s)
    // ICU reports progress once per start position and about every ten thousand
    // backtracking steps, so what passes the string's length is backtracking.
    let budget = range.length + Limits.maxRegexTicks
    var ticks = 0
    var found: [NSTextCheckingResult] = []
    var exhausted = false
    var options: NSRegularExpression.MatchingOptions = [.reportProgress]
    if anchored { options.insert(.anchored) }
    re.enumerateMatches(in: s, options: options, range: range) { result, _, stop in
      if let result {
        found.append(result)
        if found.count >= limit { stop.pointee = true }
      } else {
        ticks += 1
        if ticks > budget {
          exhausted = true
          stop.pointee = true
        }
      }
    }
    if exhausted {
      throw EvalError(
        "regular expression '\(re.pattern)' gave up on a \(range.length)-character string after \(Limits.maxRegexTicks) "
          + "rounds of backtracking (nested repetition such as (a+)+ backtracks catastrophically)")
    }
    return found
  }

  /// `s` with each match replaced by `template` (ICU syntax), the first `count` only when
  /// `count` is positive, within `Limits.maxSize`.
  static func replace(_ re: NSRegularExpression, _ s: String, template: String, count: Int) throws -> String {
    var out = ""
    var last = s.startIndex
    for m in try matches(re, s, limit: count > 0 ? count : .max) {
      guard let r = Range(m.range, in: s) else { continue }
      let piece = re.replacementString(for: m, in: s, offset: 0, template: template)
      let before = s[last..<r.lowerBound]
      try Limits.checkString(bytes: Limits.sum(out.utf8.count, before.utf8.count + piece.utf8.count), "regex_replace")
      out += before
      out += piece
      last = r.upperBound
    }
    try Limits.checkString(bytes: Limits.sum(out.utf8.count, s[last...].utf8.count), "regex_replace")
    return out + s[last...]
  }

  static func group(_ m: NSTextCheckingResult, _ i: Int, in s: String) -> Value {
    // a negative group number (`'\\-1'`) reached range(at:) and trapped
    guard (0..<m.numberOfRanges).contains(i), let r = Range(m.range(at: i), in: s) else { return .null }
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
    switch name {
    case "regex_replace":
      let repl = template(try args.string(1, "replacement") ?? "", groups: namedGroups(pattern))
      return .string(try replace(re, s, template: repl, count: try args.int(99, "count") ?? 0))
    case "regex_search":
      guard let m = try firstMatch(re, s, anchored: false) else { return .null }
      let groups = try args.positional.dropFirst().map { try $0.requireDefined().text }
      if groups.isEmpty { return group(m, 0, in: s) }
      // Python raises for a group the pattern does not have
      func numbered(_ i: Int) throws -> Value {
        guard (0..<m.numberOfRanges).contains(i) else { throw EvalError("no such group: \(i)") }
        return group(m, i, in: s)
      }
      return .list(try groups.map { g in
        if g.hasPrefix("\\g<"), g.hasSuffix(">") {
          let ref = String(g.dropFirst(3).dropLast())
          if let i = Int(ref) { return try numbered(i) }
          let r = m.range(withName: ref)
          return Range(r, in: s).map { .string(String(s[$0])) } ?? .null
        }
        if g.hasPrefix("\\"), let i = Int(g.dropFirst()) { return try numbered(i) }
        return .null
      })
    default:
      return .list(try matches(re, s).map { m in
        if m.numberOfRanges == 1 { return group(m, 0, in: s) }
        if m.numberOfRanges == 2 { return group(m, 1, in: s).orEmpty }
        return .list((1..<m.numberOfRanges).map { group(m, $0, in: s).orEmpty })
      })
    }
  }
}

extension Value {
  /// Python's findall gives empty strings for groups that did not take part.
  fileprivate var orEmpty: Value { self == .null ? .string("") : self }
}
