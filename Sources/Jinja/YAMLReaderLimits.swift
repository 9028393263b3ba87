/// What `YAMLReader` allows one text: how deep it nests and how many values its aliases
/// may repeat, as safe YAML loaders bound them.
///
/// The reader recurses once per level of nesting, so unbounded nesting overflows the stack.
/// An alias shares its anchor's value (no copy is made), but whatever uses the result walks
/// every repetition: nine nested anchors of nine aliases each (the "billion laughs") stand
/// for 9^9 values. Each alias is charged the size of what it repeats; the count of an
/// anchor's size stops as soon as it exceeds what is left, so the check itself stays cheap.
struct YAMLReaderLimits {
  /// Deeper than any data a person writes; shallow enough for a thread's stack.
  static let maxDepth = 100
  /// Values all aliases together may repeat.
  static let maxAliasedValues = 1_000_000

  private(set) var depth = 0
  private var left = maxAliasedValues
  /// Sizes of anchors already counted; an anchor defined again is counted again.
  var anchorSizes: [String: Int] = [:]

  mutating func enter() throws {
    depth += 1
    if depth > Self.maxDepth {
      throw EvalError("collections nest deeper than \(Self.maxDepth) levels")
    }
  }

  mutating func leave() { depth -= 1 }

  /// Charges an alias of `name` (whose value is `value`) against what is left.
  mutating func charge(alias name: String, _ value: Value) throws {
    let size = anchorSizes[name] ?? Self.count(value, upTo: left + 1)
    anchorSizes[name] = size
    left -= size
    if left < 0 {
      throw EvalError("aliases make this YAML stand for more than \(Self.maxAliasedValues) values (an alias bomb?)")
    }
  }

  /// The values in `value`, itself included, counted up to `limit` at most.
  static func count(_ value: Value, upTo limit: Int) -> Int {
    var total = 0
    var pending = [value]
    while let next = pending.popLast(), total < limit {
      total += 1
      switch next {
      case .list(let items): pending += items
      case .dict(let d): pending += d.values
      default: break
      }
    }
    return total
  }
}
