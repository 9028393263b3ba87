import Foundation
import Glibc

/// Ansible host patterns: `all` or `*`, a group, a host, globs, `~regex`, and lists joined
/// with `,` or `:`, where `!x` removes and `&x` intersects.
public struct HostPattern: Sendable {
  public let text: String

  public init(_ text: String) { self.text = text }

  /// The hosts matched, in inventory order, plus the terms that matched nothing (Ansible
  /// warns about those and goes on).
  /// `--limit` applied to `hosts`: `@file` names one host per line, anything else is a
  /// pattern. Returns the hosts kept, in their order.
  public static func limit(_ hosts: [String], to limit: String, in inventory: Inventory) throws -> [String] {
    let allowed: [String]
    if limit.hasPrefix("@") {
      let text = try String(contentsOfFile: String(limit.dropFirst()), encoding: .utf8)
      allowed = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    } else {
      allowed = HostPattern(limit).resolve(in: inventory).hosts
    }
    let kept = Set(allowed)
    return hosts.filter(kept.contains)
  }

  public func resolve(in inventory: Inventory) -> (hosts: [String], unmatched: [String]) {
    var selected: [String] = []
    var unmatched: [String] = []
    let terms = text.split(whereSeparator: { $0 == "," || $0 == ":" }).map(String.init)
    // Positive terms first, then intersections, then exclusions, as Ansible orders them.
    let positive = terms.filter { !$0.hasPrefix("&") && !$0.hasPrefix("!") }
    let ordered = positive + terms.filter { $0.hasPrefix("&") } + terms.filter { $0.hasPrefix("!") }
    // Only exclusions or intersections: Ansible starts from every host.
    if positive.isEmpty { selected = inventory.hosts(inGroup: "all") }
    for term in ordered {
      let name = term.hasPrefix("&") || term.hasPrefix("!") ? String(term.dropFirst()) : term
      let matched = match(name, in: inventory)
      if matched.isEmpty { unmatched.append(name) }
      if term.hasPrefix("&") {
        selected = selected.filter(matched.contains)
      } else if term.hasPrefix("!") {
        selected = selected.filter { !matched.contains($0) }
      } else {
        selected += matched.filter { !selected.contains($0) }
      }
    }
    return (selected, unmatched)
  }

  func match(_ term: String, in inventory: Inventory) -> [String] {
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
}
