/// Hostile YAML for the loader-limit tests, written out so each test shows what it feeds.
enum YAMLBombs {
  /// The "billion laughs": `levels` anchors, each a list of nine aliases of the one before,
  /// as mapping entries indented by `indent` spaces. Level 6 is the first whose aliases
  /// take the document past a million values (level 5 stands for 597871 of them).
  static func laughs(levels: Int = 9, indent: Int = 0) -> String {
    let pad = String(repeating: " ", count: indent)
    var lines = [pad + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1..<levels {
      let aliases = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
      lines.append(pad + "l\(level): &l\(level) [\(aliases)]")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Column (1-based) of the first alias on a `laughs` line.
  static func firstAliasColumn(level: Int, indent: Int = 0) -> Int {
    indent + "l\(level): &l\(level) [".count + 1
  }

  /// `depth` nested flow lists around one value.
  static func nested(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
  }
}
