import ValueModel

/// Evaluated arguments of a filter, test, method or function call.
struct CallArguments {
  var positional: [Value] = []
  var keyword = ValueDict()

  init(_ positional: [Value] = [], keyword: ValueDict = ValueDict()) {
    self.positional = positional
    self.keyword = keyword
  }

  /// The argument at `index`, or given by keyword `name`, as Python binds parameters.
  func get(_ index: Int, _ name: String? = nil) -> Value? {
    if index < positional.count { return positional[index] }
    if let name, let v = keyword[name] { return v }
    return nil
  }

  func bool(_ index: Int, _ name: String, default value: Bool) -> Bool {
    get(index, name)?.isTruthy ?? value
  }

  func string(_ index: Int, _ name: String? = nil) throws -> String? {
    guard let v = get(index, name) else { return nil }
    return try v.requireDefined().text
  }

  func int(_ index: Int, _ name: String? = nil) throws -> Int? {
    guard let v = get(index, name) else { return nil }
    switch try v.requireDefined() {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .double(let d): return try IntegerMath.truncating(d)
    default: throw EvalError("expected an integer argument, got \(v.typeName)")
    }
  }
}

extension Value {
  /// Fails the way StrictUndefined does when an undefined value is used.
  func requireDefined() throws -> Value {
    if case .undefined(let name) = self, !name.isEmpty { throw EvalError("'\(name)' is undefined") }
    return self
  }

  /// The items Python would iterate over: list items, dict keys, string characters.
  func iterated() throws -> [Value] {
    switch try requireDefined() {
    case .list(let l): return l
    case .dict(let d): return d.keys.map { .string($0) }
    case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
    default: throw EvalError("'\(typeName)' object is not iterable")
    }
  }
}
