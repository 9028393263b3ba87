import AnsibleYAML

/// When `to_yaml` must quote a string, as PyYAML's emitter decides: when it would read back
/// as another type (the loader's own resolver says so) or its characters are YAML syntax.
enum YAMLQuoting {
  static func needsQuotes(_ s: String, inFlow: Bool) -> Bool {
    if s.isEmpty || s.hasPrefix("---") || s.hasPrefix("...") { return true }
    if s.first?.isWhitespace == true || s.last?.isWhitespace == true { return true }
    if YAMLResolver.readsAsOtherThanString(s) { return true }
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
