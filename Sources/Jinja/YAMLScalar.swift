import Foundation

/// YAML 1.1's implicit scalar types (null, bool, int, float, timestamp, merge, value), as
/// PyYAML resolves them: what a plain scalar read by `YAMLReader` becomes, and when a string
/// written by `YAML.dump` must be quoted (it would read back as another type, or its
/// characters are YAML syntax).
enum YAMLScalar {
  /// YAML 1.1 implicit types (yaml.org/type), each as a whole-string pattern, in the
  /// forms PyYAML's resolver recognises.
  private static let nullType = pattern(#"~|null|Null|NULL"#)
  private static let boolType = pattern(#"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"#)
  private static let intType = pattern(
    #"[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"#)
  private static let floatType = pattern(
    #"[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9][0-9_]*([eE][-+][0-9]+)?"#
      + #"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"#)
  private static let timestampType = pattern(
    #"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?"#
      + #"([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?"#)
  private static let mergeOrValueType = pattern(#"<<|="#)
  private static let implicitTypes = [nullType, boolType, intType, floatType, timestampType, mergeOrValueType].compactMap { $0 }

  private static func pattern(_ p: String) -> NSRegularExpression? {
    try? NSRegularExpression(pattern: "^(?:" + p + ")$")
  }

  private static func matches(_ regex: NSRegularExpression?, _ s: String) -> Bool {
    regex?.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
  }

  /// The value of a plain (unquoted) scalar, as PyYAML's SafeLoader builds it: null, bool,
  /// int (binary, octal with a leading 0, hex, base 60), float, or else the string itself.
  /// Timestamps stay strings (Python would make a date, which prints the same).
  static func resolve(_ s: String) throws -> Value {
    if s.isEmpty || matches(nullType, s) { return .none }
    if matches(boolType, s) { return .bool(["yes", "true", "on"].contains(s.lowercased())) }
    if matches(intType, s) { return try int(s) }
    if matches(floatType, s) { return try float(s) }
    if matches(mergeOrValueType, s) {
      throw EvalError("could not determine a constructor for the plain value '\(s)' (quote it to make it a string)")
    }
    return .string(s)
  }

  /// PyYAML's `construct_yaml_int`, also used for the `!!int` tag.
  static func int(_ text: String) throws -> Value {
    let (sign, digits) = signed(text)
    let value: Int?
    if digits == "0" {
      value = 0
    } else if digits.hasPrefix("0b") {
      value = Int(digits.dropFirst(2), radix: 2)
    } else if digits.hasPrefix("0x") {
      value = Int(digits.dropFirst(2), radix: 16)
    } else if digits.hasPrefix("0") {
      value = Int(digits, radix: 8)
    } else if digits.contains(":") {
      value = sexagesimal(digits).flatMap { Int(exactly: $0) }
    } else {
      value = Int(digits)
    }
    guard let value else {
      if matches(intType, text) { throw EvalError("integer '\(text)' does not fit in 64 bits") }
      throw EvalError("invalid literal for int(): '\(text)'")
    }
    return .int(sign * value)
  }

  /// PyYAML's `construct_yaml_float`, also used for the `!!float` tag.
  static func float(_ text: String) throws -> Value {
    let (sign, digits) = signed(text.lowercased())
    let magnitude: Double?
    switch digits {
    case ".inf": magnitude = .infinity
    case ".nan": return .double(.nan)
    default: magnitude = digits.contains(":") ? sexagesimal(digits) : Double(digits)
    }
    guard let magnitude else { throw EvalError("could not convert string to float: '\(text)'") }
    return .double(Double(sign) * magnitude)
  }

  /// The sign and the rest, without underscores.
  private static func signed(_ text: String) -> (Int, String) {
    var digits = text.replacingOccurrences(of: "_", with: "")
    var sign = 1
    if digits.hasPrefix("-") { sign = -1 }
    if digits.hasPrefix("-") || digits.hasPrefix("+") { digits.removeFirst() }
    return (sign, digits)
  }

  /// Base 60, `1:30` = 90, YAML 1.1's notation for times and angles.
  private static func sexagesimal(_ digits: String) -> Double? {
    var value = 0.0
    for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
      guard let d = Double(part) else { return nil }
      value = value * 60 + d
    }
    return value
  }

  static func needsQuotes(_ s: String, inFlow: Bool) -> Bool {
    if s.isEmpty || s.hasPrefix("---") || s.hasPrefix("...") { return true }
    if s.first?.isWhitespace == true || s.last?.isWhitespace == true { return true }
    if implicitTypes.contains(where: { matches($0, s) }) { return true }
    let chars = Array(s)
    for (i, ch) in chars.enumerated() {
      let followedBySpace = i + 1 == chars.count || chars[i + 1] == " "
      let precededBySpace = i > 0 && chars[i - 1] == " "
      if i == 0 {
        if "#,[]{}&*!|>'\"%@`".contains(ch) { return true }
        if "?:-".contains(ch), followedBySpace { return true }
        if "?:".contains(ch), inFlow { return true }
      } else {
        if ",?[]{}".contains(ch), inFlow { return true }
        if ch == ":", followedBySpace || inFlow { return true }
        if ch == "#", precededBySpace { return true }
      }
    }
    return false
  }
}
