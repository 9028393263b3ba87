extension Array {
  /// Sorts keeping equal elements in their original order, as Python's sort does, and
  /// lets the comparison fail (mixed types) instead of trapping.
  mutating func sortStable(by less: (Element, Element) throws -> Bool) throws {
    var indexed = Array<(Int, Element)>(enumerated().map { ($0.offset, $0.element) })
    var failure: Error?
    indexed.sort { a, b in
      do {
        if try less(a.1, b.1) { return true }
        if try less(b.1, a.1) { return false }
        return a.0 < b.0
      } catch {
        failure = error
        return false
      }
    }
    if let failure { throw failure }
    self = indexed.map(\.1)
  }
}
