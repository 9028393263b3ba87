import ValueModel

/// A set of values with Python's equality (`1 == 1.0 == True`), hashed where Python can
/// hash, so `unique`, `union` and friends take linear time on large lists instead of
/// comparing every pair (100,000 items were ten billion comparisons).
struct ValueSet {
  private var keys: Set<String> = []
  /// Lists and dicts, which Python cannot hash either; compared one by one.
  private var unhashable: [Value] = []

  init(_ values: [Value] = []) {
    for v in values { insert(v) }
  }

  /// A text equal for exactly the values Python's `==` finds equal, for scalars.
  static func key(_ v: Value) -> String? {
    switch v {
    case .null: return "N"
    case .undefined: return nil
    case .string(let s): return "s" + s
    case .bool(let b): return b ? "n1" : "n0"
    case .int(let i): return "n" + String(i)
    case .double(let d):
      if let i = Int(exactly: d) { return "n" + String(i) }
      return "d" + String(d.bitPattern == (-0.0).bitPattern ? 0 : d)
    case .list, .dict: return nil
    }
  }

  func contains(_ v: Value) -> Bool {
    if let k = Self.key(v) { return keys.contains(k) }
    return unhashable.contains { Operators.equals($0, v) }
  }

  /// Adds `v`; returns whether it was new.
  @discardableResult
  mutating func insert(_ v: Value) -> Bool {
    if let k = Self.key(v) { return keys.insert(k).inserted }
    if unhashable.contains(where: { Operators.equals($0, v) }) { return false }
    unhashable.append(v)
    return true
  }
}
