/// One host's line of `PLAY RECAP`, in Ansible's columns: the name padded to 26, then
/// `name=count` fields padded to 4, each colored when not zero.
package enum RecapLine {
  package static func render(host: String, stats: HostStats, colors: Bool) -> String {
    let hostColor: Color = stats.failed > 0 || stats.unreachable > 0 ? .error : stats.changed > 0 ? .changed : .ok
    let padding = String(repeating: " ", count: max(0, 26 - host.count))
    let name = colors ? paint(host, hostColor) + padding : host + padding
    let fields: [(String, Int, Color)] = [
      ("ok", stats.ok, .ok), ("changed", stats.changed, .changed), ("unreachable", stats.unreachable, .unreachable),
      ("failed", stats.failed, .error), ("skipped", stats.skipped, .skip), ("rescued", stats.rescued, .ok),
      ("ignored", stats.ignored, .warning),
    ]
    let counts = fields.map { label, count, color -> String in
      let text = "\(label)=\(count)"
      let field = text + String(repeating: " ", count: max(0, label.count + 5 - text.count))
      return colors && count != 0 ? paint(field, color) : field
    }
    return "\(name) : " + counts.joined(separator: " ")
  }

  static func paint(_ text: String, _ color: Color) -> String { "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" }
}
