import ValueModel

/// Reads Ansible's INI inventory format: host lines with `key=value` variables, `[group]`,
/// `[group:vars]` and `[group:children]` sections.
package struct INIInventoryParser {
  package init() {}

  package func parse(_ text: String, file: String, into inventory: inout Inventory) throws(InventoryError) {
    enum Section { case hosts(String?), vars(String), children(String) }
    var section = Section.hosts(nil)
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lineNumber = index + 1
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      func fail(_ message: String) -> InventoryError {
        InventoryError(file: file, line: lineNumber, message: message)
      }

      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else { throw fail("section header '\(line)' lacks its closing ']'") }
        let header = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        let parts = header.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty, !name.contains(" ") else {
          throw fail("invalid group name in '\(line)': use letters, digits and underscores")
        }
        switch parts.count == 2 ? parts[1] : "" {
        case "": section = .hosts(name); inventory.addGroup(name)
        case "vars": section = .vars(name); inventory.addGroup(name)
        case "children": section = .children(name); inventory.addGroup(name)
        case let other:
          throw fail("unknown section type ':\(other)' in '\(line)': use :vars or :children")
        }
        continue
      }

      switch section {
      case let .hosts(group):
        let words: [String]
        do { words = try ShellQuote.split(line) } catch { throw fail(error.description) }
        let tokens = words.prefix { !$0.hasPrefix("#") }
        guard var name = tokens.first else { continue }
        var vars: ValueDict = [:]
        for token in tokens.dropFirst() {
          guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
            throw fail("expected key=value after host '\(name)', found '\(token)'")
          }
          vars[String(token[..<equals])] = Self.literal(String(token[token.index(after: equals)...]))
        }
        if let (host, port) = Self.splitPort(name) {
          name = host
          vars["ansible_port"] = vars["ansible_port"] ?? .int(port)
        }
        let names: [String]
        do { names = try HostRange.expand(name) } catch { throw fail(error.description) }
        for expanded in names { inventory.addHost(expanded, vars: vars, group: group) }
      case let .vars(group):
        guard let equals = line.firstIndex(of: "=") else {
          throw fail("expected key=value in [\(group):vars], found '\(line)'")
        }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        let unquoted = Self.unquote(value)
        inventory.setGroupVars(group, [key: unquoted == value ? Self.literal(value) : .string(unquoted)])
      case let .children(group):
        guard let child = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, !child.hasPrefix("#") else { continue }
        if let loop = inventory.loop(addingChild: String(child), to: group) {
          throw .groupLoop(loop, file: file, line: lineNumber)
        }
        inventory.addChild(String(child), to: group)
      }
    }
  }

  /// `host:2222` names a port; IPv6 addresses (several colons) and the colons inside a
  /// range (`web[1:3]`) are left alone.
  static func splitPort(_ name: String) -> (String, Int)? {
    guard let colon = name.lastIndex(of: ":"), !name[colon...].contains("]") else { return nil }
    let head = name[..<colon]
    guard !head.contains(":") || head.contains("["), let port = Int(name[name.index(after: colon)...]) else { return nil }
    return (String(head), port)
  }

  /// Ansible reads INI values with Python's literal_eval: numbers and True/False/None get
  /// their type; anything else stays a string.
  static func literal(_ text: String) -> Value {
    // Python reads `0123` as a syntax error, so it stays a string (a password, a PIN).
    let leadingZero = text.count > 1 && (text.hasPrefix("0") || text.hasPrefix("-0") || text.hasPrefix("+0"))
    if !leadingZero, let number = Int(text) { return .int(number) }
    if text.contains("."), let number = Double(text), !text.hasSuffix("."), text.first != "." {
      return .double(number)
    }
    switch text {
    case "True": return .bool(true)
    case "False": return .bool(false)
    case "None": return .null
    default: return .string(text)
    }
  }

  static func unquote(_ text: String) -> String {
    for quote in ["'", "\""] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
      return String(text.dropFirst().dropLast())
    }
    return text
  }
}
