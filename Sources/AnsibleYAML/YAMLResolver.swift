import Foundation
import Yams

/// YAML 1.1's implicit types (yaml.org/type: bool, float, int, merge, null, timestamp,
/// value) for plain scalars, in the forms and the order PyYAML's resolver tries them, and
/// their construction as PyYAML's `SafeConstructor` does it. Ansible reads every YAML text
/// this way, so `1e3` and `0o17` are strings, `017` is 15 and `1:30` is 90, where a YAML 1.2
/// resolver (Yams' default) would say otherwise.
package enum YAMLResolver {
  private static let rules: [(Tag.Name, NSRegularExpression?)] = [
    (.bool, pattern(#"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"#)),
    // A float needs a dot (or is base 60 with one, or inf/nan); the exponent needs a sign.
    (.float, pattern(
      #"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"#
        + #"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"#)),
    // Octal is YAML 1.1's leading 0 (`0o` is YAML 1.2 and stays a string).
    (.int, pattern(
      #"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"#)),
    (.merge, pattern("<<")),
    (.null, pattern("~|null|Null|NULL|")),
    (.timestamp, pattern(
      #"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"#
        + #"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"#)),
    (.value, pattern("=")),
  ]

  private static func pattern(_ text: String) -> NSRegularExpression? {
    try? NSRegularExpression(pattern: "^(?:" + text + ")$")
  }

  /// The tag of a plain scalar with no tag of its own: the first implicit type whose form
  /// it has, else `str`.
  package static func implicitTag(_ text: String) -> Tag.Name {
    let range = NSRange(text.startIndex..., in: text)
    for (tag, regex) in rules where regex?.firstMatch(in: text, range: range) != nil {
      return tag
    }
    return .str
  }

  /// Whether a plain scalar with this text reads back as something other than this string;
  /// a writer quotes such strings (PyYAML's emitter asks its resolver the same question).
  package static func readsAsOtherThanString(_ text: String) -> Bool {
    implicitTag(text) != .str
  }

  /// The value of a scalar of `tag` written as `text`, as PyYAML constructs it. Throws a
  /// message (no place: the caller knows it) for text the tag cannot hold.
  package static func construct(_ tag: Tag.Name, _ text: String) throws(ConstructionError) -> YAMLScalar {
    switch tag {
    case .null: return .null
    case .bool:
      switch text.lowercased() {
      case "yes", "true", "on": return .bool(true)
      case "no", "false", "off": return .bool(false)
      default: throw ConstructionError("'\(text)' is not a boolean")
      }
    case .int: return try int(text)
    case .float: return try float(text)
    case .timestamp: return .string(try YAMLTimestamp.isoFormat(text))
    case .str: return .string(text)
    default:
      // PyYAML's safe constructor has nothing for `=` (YAML 1.1's value key) or a stray `<<`.
      throw ConstructionError("could not determine a constructor for the tag '\(tag.rawValue)'")
    }
  }

  /// Why a scalar could not be constructed.
  package struct ConstructionError: Error {
    package let message: String
    init(_ message: String) { self.message = message }
  }

  /// PyYAML's int construction: underscores dropped, then binary, hex, old octal (leading
  /// 0), base 60 or decimal. Wider than 64 bits keeps the written text.
  static func int(_ text: String) throws(ConstructionError) -> YAMLScalar {
    let (negative, digits) = signed(text)
    // The sign goes with the digits, so the most negative 64-bit value fits.
    let sign = negative ? "-" : ""
    let number: Int?
    if digits == "0" {
      number = 0
    } else if digits.hasPrefix("0b") {
      number = Int(sign + digits.dropFirst(2), radix: 2)
    } else if digits.hasPrefix("0x") {
      number = Int(sign + digits.dropFirst(2), radix: 16)
    } else if digits.hasPrefix("0") {
      number = Int(sign + digits.dropFirst(), radix: 8)
    } else if digits.contains(":") {
      number = sexagesimal(digits).flatMap { Int(exactly: negative ? -$0 : $0) }
    } else {
      number = Int(sign + digits)
    }
    guard let number else {
      // A form that matched but is too wide for 64 bits keeps its text; anything else
      // (an explicit `!!int` on a word, a bare `0b`) is PyYAML's error.
      if wellFormed(digits) { return .string(text) }
      throw ConstructionError("invalid literal for int(): '\(text)'")
    }
    return .int(number)
  }

  /// Whether unsigned digits are an integer in one of YAML 1.1's notations.
  private static func wellFormed(_ digits: String) -> Bool {
    func all(_ body: Substring, _ allowed: String) -> Bool { !body.isEmpty && body.allSatisfy { allowed.contains($0) } }
    if digits.hasPrefix("0b") { return all(digits.dropFirst(2), "01") }
    if digits.hasPrefix("0x") { return all(digits.dropFirst(2), "0123456789abcdefABCDEF") }
    if digits.contains(":") { return all(Substring(digits), "0123456789:") }
    return all(Substring(digits), "0123456789")
  }

  /// PyYAML's float construction: underscores dropped, inf and nan in any case, base 60.
  static func float(_ text: String) throws(ConstructionError) -> YAMLScalar {
    let (negative, digits) = signed(text.lowercased())
    let magnitude: Double?
    switch digits {
    case ".inf": magnitude = .infinity
    case ".nan": return .float(.nan)
    default: magnitude = digits.contains(":") ? sexagesimal(digits) : Double(digits.hasSuffix(".") ? digits + "0" : digits)
    }
    guard let magnitude else { throw ConstructionError("could not convert string to float: '\(text)'") }
    return .float(negative ? -magnitude : magnitude)
  }

  /// The sign and the rest, without underscores.
  private static func signed(_ text: String) -> (Bool, String) {
    var digits = text.replacingOccurrences(of: "_", with: "")
    let negative = digits.hasPrefix("-")
    if digits.hasPrefix("-") || digits.hasPrefix("+") { digits.removeFirst() }
    return (negative, digits)
  }

  /// Base 60 (`1:30` is 90), YAML 1.1's notation for times and angles.
  private static func sexagesimal(_ digits: String) -> Double? {
    var value = 0.0
    for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
      guard let digit = Double(part.hasSuffix(".") ? part + "0" : part) else { return nil }
      value = value * 60 + digit
    }
    return value
  }
}
