import Foundation
import Glibc

/// Ansible host patterns: `all` or `*`, a group, a host, globs, `~regex`, and lists joined
/// with `,` or `:`, where `!x` removes and `&x` intersects.
package struct HostPattern: Sendable {
  package let text: String

  package init(_ text: String) { self.text = text }

  /// The hosts matched, in inventory order, plus the terms that matched nothing (Ansible
  /// warns about those and goes on).
  /// `--limit` applied to `hosts`: `@file` names one host per line, anything else is a
  /// pattern. Returns the hosts kept, in their order.
  package static func limit(_ hosts: [String], to limit: String, in inventory: Inventory) throws -> [String] {
    let allowed: [String]
    if limit.hasPrefix("@") {
      let text = try ControllerFile.readText(String(limit.dropFirst()))
      allowed = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    } else {
      allowed = HostPattern(limit).resolve(in: inventory).hosts
    }
    let kept = Set(allowed)
    return hosts.filter(kept.contains)
  }

  package func resolve(in inventory: Inventory) -> (hosts: [String], unmatched: [String]) {
    var selected: [String] = []
    var unmatched: [String] = []
    let terms = Self.terms(of: text)
    // Positive terms first, then intersections, then exclusions, as Ansible orders them.
    let positive = terms.filter { !$0.hasPrefix("&") && !$0.hasPrefix("!") }
    let ordered = positive + terms.filter { $0.hasPrefix("&") } + terms.filter { $0.hasPrefix("!") }
    // Only exclusions or intersections: Ansible starts from every host.
    if positive.isEmpty { selected = inventory.hosts(inGroup: "all") }
    for term in ordered {
      let name = term.hasPrefix("&") || term.hasPrefix("!") ? String(term.dropFirst()) : term
      let matched = match(name, in: inventory)
      if matched.isEmpty { unmatched.append(name) }
      // Sets answer "is it there?": a range of 100000 hosts must not cost its square.
      let matchedSet = Set(matched)
      if term.hasPrefix("&") {
        selected = selected.filter(matchedSet.contains)
      } else if term.hasPrefix("!") {
        selected = selected.filter { !matchedSet.contains($0) }
      } else {
        let already = Set(selected)
        var added = Set<String>()
        selected += matched.filter { !already.contains($0) && added.insert($0).inserted }
      }
    }
    return (selected, unmatched)
  }

  /// The terms of a pattern, split at `,` and `:` except inside a `[...]` subscript.
  static func terms(of text: String) -> [String] {
    var terms: [String] = []
    var current = ""
    var depth = 0
    for character in text {
      switch character {
      case "[": depth += 1
      case "]": depth = max(0, depth - 1)
      case ",", ":" where depth == 0:
        if !current.isEmpty { terms.append(current) }
        current = ""
        continue
      default: break
      }
      current.append(character)
    }
    if !current.isEmpty { terms.append(current) }
    return terms
  }

  func match(_ term: String, in inventory: Inventory) -> [String] {
    if let (base, pick) = Self.subscripted(term) { return pick(match(base, in: inventory)) }
    if term == "all" || term == "*" { return inventory.hosts(inGroup: "all") }
    if inventory.groups[term] != nil { return inventory.hosts(inGroup: term) }
    if inventory.host(named: term) != nil { return [term] }
    if term.hasPrefix("~") {
      // A regular expression, searched for anywhere in group and host names (re.search).
      guard let regex = try? NSRegularExpression(pattern: String(term.dropFirst())) else { return [] }
      func matches(_ name: String) -> Bool {
        regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
      }
      let fromGroups = Set(inventory.groups.keys.filter(matches).flatMap { inventory.hosts(inGroup: $0) })
      return inventory.hostNames.filter { fromGroups.contains($0) || matches($0) }
    }
    if term.contains(where: { "*?[".contains($0) }) {
      let groups = inventory.groups.keys.filter { fnmatch(term, $0, 0) == 0 }
      let fromGroups = Set(groups.flatMap { inventory.hosts(inGroup: $0) })
      return inventory.hostNames.filter { fromGroups.contains($0) || fnmatch(term, $0, 0) == 0 }
    }
    return []
  }

  /// `group[0]`, `group[-1]`, `group[1:3]` (inclusive, as Ansible), `group[1:]` and
  /// `group[1-3]`: the base term and a function picking from its hosts. Nil when the term
  /// ends in no numeric subscript; `web[ab]` stays a glob. As in Ansible, a numeric
  /// bracket is always a subscript.
  static func subscripted(_ term: String) -> (String, @Sendable ([String]) -> [String])? {
    // A regular expression keeps its brackets: `~web[13]` is a character class.
    guard !term.hasPrefix("~"), term.hasSuffix("]"), let open = term.lastIndex(of: "["), open > term.startIndex else { return nil }
    let base = String(term[..<open])
    let inside = term[term.index(after: open)..<term.index(before: term.endIndex)]
    if let index = Int(inside) {
      return (base, { hosts in
        let position = index < 0 ? hosts.count + index : index
        return hosts.indices.contains(position) ? [hosts[position]] : []
      })
    }
    guard let separator = inside.firstIndex(where: { $0 == ":" || $0 == "-" }),
      let start = Int(inside[..<separator]), start >= 0
    else { return nil }
    let endText = inside[inside.index(after: separator)...]
    let end = endText.isEmpty ? nil : Int(endText)
    if !endText.isEmpty && end == nil { return nil }
    return (base, { hosts in
      let last = min(end ?? hosts.count - 1, hosts.count - 1)
      return start <= last ? Array(hosts[start...last]) : []
    })
  }
}
