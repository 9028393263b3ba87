import Foundation

/// When a string must be quoted in YAML output: when it would read back as another type
/// (YAML 1.1's implicit null, bool, int, float, timestamp, merge and value types, which
/// PyYAML resolves), or when its characters are YAML syntax.
enum YAMLScalar {
  /// YAML 1.1 implicit types (yaml.org/type), each as a whole-string pattern.
  private static let implicitTypes: [NSRegularExpression] = [
    #"~|null|Null|NULL"#,
    #"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"#,
    #"[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"#,
    #"[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9][0-9_]*([eE][-+][0-9]+)?"#
      + #"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"#,
    #"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?"#
      + #"([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?"#,
    #"<<|="#,
  ].compactMap { try? NSRegularExpression(pattern: "^(?:" + $0 + ")$") }

  static func needsQuotes(_ s: String, inFlow: Bool) -> Bool {
    if s.isEmpty || s.hasPrefix("---") || s.hasPrefix("...") { return true }
    if s.first?.isWhitespace == true || s.last?.isWhitespace == true { return true }
    let range = NSRange(s.startIndex..., in: s)
    if implicitTypes.contains(where: { $0.firstMatch(in: s, range: range) != nil }) { return true }
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
