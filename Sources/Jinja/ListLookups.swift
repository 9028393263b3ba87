import Foundation
import ValueModel

/// Ansible's lookups that only reshape their terms (`items`, `list`, `dict`,
/// `indexed_items`, `nested`, `together`, `sequence`, `subelements`): the same plugins
/// whether a template calls `lookup('nested', ...)` or a task loops `with_nested:`.
enum ListLookups {
  static func run(_ name: String, terms: [Value]) throws -> [Value] {
    switch name {
    case "items":
      return flattenOnce(terms)
    case "flattened":
      return flattenAll(terms)
    case "list":
      return terms
    case "dict":
      return try terms.flatMap { term -> [Value] in
        guard case .dict(let members) = term else {
          throw LookupError(lookup: name, term: term.text, reason: "with_dict expects a dict")
        }
        return members.elements.map { .dict(["key": .string($0.key), "value": $0.value]) }
      }
    case "indexed_items":
      return flattenOnce(terms).enumerated().map { .list([.int($0.offset), $0.element]) }
    case "nested", "cartesian":
      var product: [[Value]] = [[]]
      for term in terms {
        let choices: [Value]
        if case .list(let values) = term { choices = values } else { choices = [term] }
        guard product.count * max(choices.count, 1) <= Limits.maxIterations else {
          throw LookupError(lookup: name, term: "", reason: "the product has more than \(Limits.maxIterations) items")
        }
        product = product.flatMap { prefix in choices.map { prefix + [$0] } }
      }
      return product.map { .list(flattenOnce($0)) }
    case "together":
      let columns = terms.map { term -> [Value] in
        if case .list(let values) = term { return values }
        return [term]
      }
      let length = columns.map(\.count).max() ?? 0
      return (0..<length).map { index in .list(flattenOnce(columns.map { index < $0.count ? $0[index] : .null })) }
    case "sequence":
      return try terms.flatMap { try sequence($0.text) }
    case "subelements":
      return try subelements(terms)
    default:
      throw LookupError(lookup: name, term: terms.first?.text ?? "", reason: "The lookup plugin '\(name)' was not found.")
    }
  }

  private static func flattenOnce(_ values: [Value]) -> [Value] {
    values.flatMap { value -> [Value] in
      if case .list(let inner) = value { return inner }
      return [value]
    }
  }

  private static func flattenAll(_ values: [Value]) -> [Value] {
    values.flatMap { value -> [Value] in
      if case .list(let inner) = value { return flattenAll(inner) }
      return [value]
    }
  }

  /// `start=1 end=5 stride=1 format=node%02d`, `count=3`, or the short form `1-5`.
  static func sequence(_ spec: String) throws -> [Value] {
    func failure(_ reason: String) -> LookupError { LookupError(lookup: "sequence", term: spec, reason: reason) }
    var start = 1, end: Int?, stride = 1, format = "%d"
    for word in spec.split(separator: " ") {
      let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.count == 1, let dash = parts[0].firstIndex(of: "-"), let low = Int(parts[0][..<dash]),
        let high = Int(parts[0][parts[0].index(after: dash)...])
      {
        start = low
        end = high
        continue
      }
      guard parts.count == 2 else { throw failure("can't parse arg \(word) in sequence") }
      let number = Int(parts[1], radix: parts[1].hasPrefix("0x") ? 16 : 10) ?? Int(parts[1].dropFirst(2), radix: 16)
      switch parts[0] {
      case "start": start = number ?? 1
      case "end": end = number
      case "count": end = number.map { start + $0 - 1 }
      case "stride": stride = number ?? 1
      case "format": format = parts[1]
      default: throw failure("unrecognized arguments to with_sequence: \(parts[0])")
      }
    }
    guard let last = end else { throw failure("must specify count or end in with_sequence") }
    guard stride != 0 else { return [] }
    var values: [Value] = []
    var number = start
    // A sequence a template asks for is bounded like any other template output.
    while stride > 0 ? number <= last : number >= last {
      guard values.count < Limits.maxIterations else { throw failure("the sequence is longer than \(Limits.maxIterations) items") }
      values.append(.string(String(format: format, number)))
      number += stride
    }
    return values
  }

  /// `[users, 'keys']`: each (user, key) pair; `skip_missing` as a third term's flag.
  static func subelements(_ terms: [Value]) throws -> [Value] {
    guard terms.count >= 2 else {
      throw LookupError(lookup: "subelements", term: "", reason: "subelements lookup expects a list of two or three items")
    }
    let parents: [Value]
    switch terms[0] {
    case .list(let list): parents = list
    case .dict(let dict): parents = Array(dict.values)
    default: throw LookupError(lookup: "subelements", term: terms[0].text, reason: "the first term must be a list or a dict")
    }
    var skipMissing = false
    if terms.count > 2, case .dict(let flags) = terms[2] { skipMissing = flags["skip_missing"]?.isTruthy ?? false }
    let path = terms[1].text.split(separator: ".").map(String.init)
    var pairs: [Value] = []
    for parent in parents {
      var node: Value? = parent
      for key in path {
        if case .dict(let members)? = node { node = members[key] } else { node = nil }
      }
      switch node {
      case .list(let children)?: pairs += children.map { .list([parent, $0]) }
      case nil where skipMissing: continue
      case nil:
        throw LookupError(lookup: "subelements", term: terms[1].text, reason: "could not find '\(terms[1].text)' key in iterated item")
      default:
        throw LookupError(lookup: "subelements", term: terms[1].text, reason: "the key \(terms[1].text) should point to a list")
      }
    }
    return pairs
  }
}
