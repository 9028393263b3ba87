import Foundation
import ValueModel

/// The Python methods templates call on strings, dicts and lists (`s.split(',')`, `d.items()`).
enum Methods {
  static func call(_ object: Value, _ name: String, _ args: CallArguments) throws -> Value {
    switch object {
    case .string(let s): return try stringMethod(s, name, args)
    case .dict(let d): return try dictMethod(d, name, args)
    case .list(let l): return try listMethod(l, name, args)
    default: throw EvalError("'\(object.typeName)' object has no attribute '\(name)'")
    }
  }

  private static func dictMethod(_ d: ValueDict, _ name: String, _ args: CallArguments) throws -> Value {
    switch name {
    case "keys": return .list(d.keys.map { .string($0) })
    case "values": return .list(Array(d.values))
    case "items": return .list(d.elements.map { .list([.string($0.key), $0.value]) })
    case "get":
      let key = try args.get(0, "key")?.requireDefined().text ?? ""
      return d[key] ?? args.get(1, "default") ?? .null
    default: throw EvalError("'dict object' has no attribute '\(name)'")
    }
  }

  private static func listMethod(_ l: [Value], _ name: String, _ args: CallArguments) throws -> Value {
    let x = try args.get(0)?.requireDefined() ?? .null
    switch name {
    case "index":
      guard let i = l.firstIndex(where: { Operators.equals($0, x) }) else {
        throw EvalError("\(x.repr) is not in list")
      }
      return .int(i)
    case "count": return .int(l.filter { Operators.equals($0, x) }.count)
    default: throw EvalError("'list object' has no attribute '\(name)'")
    }
  }

  /// Python's `str.title()`: a letter is capitalised when the character before it is not cased.
  static func pythonTitle(_ s: String) -> String {
    var out = ""
    var previousCased = false
    for c in s {
      let cased = c.isLetter && (c.isUppercase || c.isLowercase)
      out += cased ? (previousCased ? c.lowercased() : c.uppercased()) : String(c)
      previousCased = cased
    }
    return out
  }

  /// `separator.join(parts)` within `Limits.maxSize`.
  static func join(_ parts: [String], separator: String) throws -> String {
    var bytes: Int? = Limits.product(separator.utf8.count, max(0, parts.count - 1))
    for part in parts { bytes = Limits.sum(bytes, part.utf8.count) }
    try Limits.checkString(bytes: bytes, "join")
    return parts.joined(separator: separator)
  }

  /// Fails before `s.replace(old, new)` would build more than `Limits.maxSize`; the
  /// matches are only counted when the worst case could pass the limit.
  private static func checkReplacement(_ s: String, _ old: String, _ new: String) throws {
    let growth = new.utf8.count - old.utf8.count
    guard growth > 0 else { return }
    let worst = old.isEmpty ? s.utf8.count + 1 : s.utf8.count / old.utf8.count
    guard let bound = Limits.product(worst, growth), bound <= Limits.maxSize - s.utf8.count else {
      let matches = old.isEmpty ? s.count + 1 : s.components(separatedBy: old).count - 1
      try Limits.checkString(bytes: Limits.sum(s.utf8.count, Limits.product(matches, growth)), "replace")
      return
    }
  }

  /// Python's `str.strip(chars)` family; nil chars means whitespace.
  static func strip(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
    let set = chars.map { Set($0) }
    func drop(_ c: Character) -> Bool { set.map { $0.contains(c) } ?? c.isWhitespace }
    var sub = Substring(s)
    if leading { sub = sub.drop(while: drop) }
    if trailing { while let last = sub.last, drop(last) { sub.removeLast() } }
    return String(sub)
  }

  /// Python's `str.split(sep, maxsplit)`.
  static func split(_ s: String, _ sep: String?, max: Int = -1) throws -> [Value] {
    guard let sep else {
      var parts: [String] = []
      var rest = Substring(s).drop(while: \.isWhitespace)
      while !rest.isEmpty {
        if max >= 0 && parts.count == max {
          parts.append(String(strip(String(rest), nil, leading: false, trailing: true)))
          break
        }
        let word = rest.prefix(while: { !$0.isWhitespace })
        parts.append(String(word))
        rest = rest.dropFirst(word.count).drop(while: \.isWhitespace)
      }
      return parts.map { .string($0) }
    }
    if sep.isEmpty { throw EvalError("empty separator") }
    var parts: [String] = []
    var rest = Substring(s)
    while max < 0 || parts.count < max, let r = rest.range(of: sep) {
      parts.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    parts.append(String(rest))
    return parts.map { .string($0) }
  }

  private static func stringMethod(_ s: String, _ name: String, _ args: CallArguments) throws -> Value {
    switch name {
    case "split":
      return .list(try split(s, try args.get(0, "sep").flatMap { $0 == .null ? nil : try $0.requireDefined().text },
                             max: try args.int(1, "maxsplit") ?? -1))
    case "startswith", "endswith":
      let arg = try args.get(0)?.requireDefined() ?? .string("")
      let options = (try? arg.iterated()).flatMap { arg.stringValue == nil ? $0 : nil } ?? [arg]
      return .bool(options.contains { name == "startswith" ? s.hasPrefix($0.text) : s.hasSuffix($0.text) })
    case "strip": return .string(strip(s, try args.string(0), leading: true, trailing: true))
    case "lstrip": return .string(strip(s, try args.string(0), leading: true, trailing: false))
    case "rstrip": return .string(strip(s, try args.string(0), leading: false, trailing: true))
    case "replace":
      let old = try args.string(0) ?? ""
      let new = try args.string(1) ?? ""
      try checkReplacement(s, old, new)
      if let count = try args.int(2), count >= 0 {
        var out = ""
        var rest = Substring(s)
        var n = 0
        while n < count, let r = rest.range(of: old) {
          out += rest[..<r.lowerBound] + new
          rest = rest[r.upperBound...]
          n += 1
        }
        return .string(out + rest)
      }
      return .string(s.replacingOccurrences(of: old, with: new))
    case "lower": return .string(s.lowercased())
    case "upper": return .string(s.uppercased())
    case "capitalize": return .string(StringFilters.capitalize(s))
    case "title": return .string(pythonTitle(s))
    case "format": return .string(try StringFormat.format(s, args))
    case "join":
      return .string(try join(try (args.get(0) ?? .list([])).iterated().map { try $0.requireDefined().text }, separator: s))
    case "find":
      let needle = try args.string(0) ?? ""
      guard let r = s.range(of: needle) else { return .int(-1) }
      return .int(s.distance(from: s.startIndex, to: r.lowerBound))
    case "count":
      let needle = try args.string(0) ?? ""
      return .int(needle.isEmpty ? s.count + 1 : s.components(separatedBy: needle).count - 1)
    case "splitlines" where s.isEmpty: return .list([])
    case "splitlines": return .list(s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .map { .string(String($0)) }.dropLast(s.last?.isNewline == true ? 1 : 0))
    case "isdigit": return .bool(!s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber })
    case "isalpha": return .bool(!s.isEmpty && s.allSatisfy(\.isLetter))
    case "isupper": return .bool(s.contains(where: \.isLetter) && s == s.uppercased())
    case "islower": return .bool(s.contains(where: \.isLetter) && s == s.lowercased())
    default: throw EvalError("'str object' has no attribute '\(name)'")
    }
  }
}
