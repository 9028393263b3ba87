/// A string-keyed dictionary that keeps insertion order, as Python dicts do, so that
/// iteration and rendering order match Jinja2.
package struct ValueDict: Sendable, Equatable {
  /// The key-value pairs in insertion order.
  package private(set) var entries: [(key: String, value: Value)] = []
  private var index: [String: Int] = [:]

  /// An empty dictionary.
  package init() {}

  /// A dictionary from pairs; a repeated key keeps its first position and last value.
  package init(_ pairs: [(String, Value)]) {
    for (k, v) in pairs { self[k] = v }
  }

  package var isEmpty: Bool { entries.isEmpty }
  package var count: Int { entries.count }
  package var keys: [String] { entries.map(\.key) }
  package var values: [Value] { entries.map(\.value) }

  /// Reads, inserts (at the end), replaces (in place) or removes (with nil) a value.
  package subscript(key: String) -> Value? {
    get { index[key].map { entries[$0].value } }
    set {
      if let value = newValue {
        if let i = index[key] {
          entries[i].value = value
        } else {
          index[key] = entries.count
          entries.append((key, value))
        }
      } else if let i = index[key] {
        entries.remove(at: i)
        index = [:]
        for (n, e) in entries.enumerated() { index[e.key] = n }
      }
    }
  }

  /// Dicts are equal when they hold the same pairs, whatever the order, as in Python.
  package static func == (lhs: ValueDict, rhs: ValueDict) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for e in lhs.entries where rhs[e.key] != e.value { return false }
    return true
  }
}
