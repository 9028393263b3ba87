/// What a YAML scalar stands for once resolved and constructed, as PyYAML's `SafeLoader`
/// (and so Ansible's loader) builds it. Neither value model of the program holds dates or
/// integers wider than 64 bits, so a timestamp is its ISO text (what Ansible's JSON and
/// `debug` show) and an integer too wide for `Int` keeps its digits as a string.
package enum YAMLScalar: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
}
