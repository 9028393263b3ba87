/// `--shard I/N`: the I-th of N disjoint slices of an inventory, cut as AWX's job slicing
/// cuts them, so N controllers (or N pods) can share one fleet.
///
/// AWX sorts the inventory's hosts by name and gives slice I (from 1) the hosts at
/// positions I-1, I-1+N, I-1+2N, … of that list. A host's slice therefore depends only on
/// the inventory's host names: the same inventory gives the same slices on every run,
/// whatever the order the sources list the hosts in and whatever `--limit` says. As in AWX
/// the slice is taken from the whole inventory first; the playbook's patterns and
/// `--limit` then apply inside it, so a limit may leave a slice with nothing to do.
package struct InventoryShard: Sendable, Equatable, CustomStringConvertible {
  /// 1...count.
  package let index: Int
  package let count: Int

  /// A bad `--shard` value, told as a usage error (exit 5).
  package struct ParseError: Error, CustomStringConvertible, Equatable {
    package let message: String
    package var description: String { message }
  }

  package init(index: Int, count: Int) throws(ParseError) {
    guard count >= 1 else {
      throw ParseError(message: "--shard \(index)/\(count): the number of slices must be at least 1 (e.g. --shard 1/3)")
    }
    guard (1...count).contains(index) else {
      throw ParseError(message: "--shard \(index)/\(count): slices are numbered 1 to \(count): use --shard 1/\(count) to --shard \(count)/\(count)")
    }
    self.index = index
    self.count = count
  }

  /// Reads `I/N`, as `--shard` takes it.
  package init(parsing text: String) throws(ParseError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Self.number(parts[0]), let count = Self.number(parts[1]) else {
      throw ParseError(message: "--shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not '\(text)'")
    }
    try self.init(index: index, count: count)
  }

  package var description: String { "\(index)/\(count)" }

  /// The hosts of this slice among `names`, in name order.
  package func hosts(of names: [String]) -> [String] {
    Self.sortedByName(names).enumerated().compactMap { position, name in position % count == index - 1 ? name : nil }
  }

  /// Reduces `inventory` to this slice's hosts, as AWX hands each slice job an inventory
  /// holding only its own hosts: groups, `hostvars` and every pattern see no others.
  package func apply(to inventory: inout Inventory) {
    inventory.keepHosts(Set(hosts(of: inventory.hostNames)))
  }

  /// Names in code point order (Python's `sorted`), which no locale changes.
  static func sortedByName(_ names: [String]) -> [String] {
    names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
  }

  /// Digits only: `+2`, ` 2` and `2.0` are no slice numbers.
  private static func number(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(text)
  }
}
