import Foundation

/// Turns `loop:` and `with_<lookup>:` into the list of items, as Ansible's lookups do.
enum LoopItems {
  struct LoopError: Error { let message: String }

  static func items(_ loop: Loop, templar: Templar, directory: String) throws -> [JSONValue] {
    switch loop {
    case let .items(value):
      let rendered = try templar.render(value, name: "loop")
      guard case let .array(items) = rendered else {
        throw LoopError(message: "Invalid data passed to 'loop', it requires a list, got this instead: \(rendered.text). "
          + "Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.")
      }
      return items
    case let .lookup(name, terms):
      let rendered = try templar.render(terms, name: "with_\(name)")
      return try lookup(name, rendered, directory: directory)
    }
  }

  static func lookup(_ name: String, _ terms: JSONValue, directory: String) throws -> [JSONValue] {
    let list: [JSONValue]
    if case let .array(items) = terms { list = items } else { list = [terms] }
    switch name {
    case "items":
      // with_items flattens one level.
      return list.flatMap { item -> [JSONValue] in
        if case let .array(inner) = item { return inner }
        return [item]
      }
    case "list":
      return list
    case "dict":
      guard case let .object(members) = terms else {
        throw LoopError(message: "with_dict expects a dict")
      }
      return members.keys.sorted().compactMap { key in members[key].map { .object(["key": .string(key), "value": $0]) } }
    case "indexed_items":
      let flat = try lookup("items", terms, directory: directory)
      return flat.enumerated().map { .array([.int($0.offset), $0.element]) }
    case "nested", "cartesian":
      var product: [[JSONValue]] = [[]]
      for term in list {
        let choices: [JSONValue]
        if case let .array(values) = term { choices = values } else { choices = [term] }
        product = product.flatMap { prefix in choices.map { prefix + [$0] } }
      }
      return product.map { .array($0) }
    case "together":
      let columns = list.map { term -> [JSONValue] in
        if case let .array(values) = term { return values }
        return [term]
      }
      let length = columns.map(\.count).max() ?? 0
      return (0..<length).map { index in .array(columns.map { index < $0.count ? $0[index] : .null }) }
    case "sequence":
      return try list.flatMap { try sequence($0.text) }
    case "fileglob":
      return list.flatMap { fileglob($0.text, directory: directory) }
    case "subelements":
      return try subelements(list)
    default:
      throw LoopError(message: "lookup plugin (\(name)) not found: with_\(name) is not supported by swiftplay")
    }
  }

  /// `with_sequence: start=1 end=5 stride=1 format=node%02d` or `count=3`, or `1-5`.
  static func sequence(_ spec: String) throws -> [JSONValue] {
    var start = 1, end: Int?, stride = 1, format = "%d"
    for word in spec.split(separator: " ") {
      let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.count == 1, let dash = parts[0].firstIndex(of: "-"), let low = Int(parts[0][..<dash]),
        let high = Int(parts[0][parts[0].index(after: dash)...]) {
        start = low
        end = high
        continue
      }
      guard parts.count == 2 else { throw LoopError(message: "can't parse arg \(word) in sequence") }
      let number = Int(parts[1], radix: parts[1].hasPrefix("0x") ? 16 : 10) ?? Int(parts[1].dropFirst(2), radix: 16)
      switch parts[0] {
      case "start": start = number ?? 1
      case "end": end = number
      case "count": end = nil; if let count = number { end = start + count - 1 }
      case "stride": stride = number ?? 1
      case "format": format = parts[1]
      default: throw LoopError(message: "unrecognized arguments to with_sequence: \(parts[0])")
      }
    }
    guard let last = end else { throw LoopError(message: "must specify count or end in with_sequence") }
    guard stride != 0 else { return [] }
    var values: [JSONValue] = []
    var number = start
    while stride > 0 ? number <= last : number >= last {
      values.append(.string(String(format: format, number)))
      number += stride
    }
    return values
  }

  static func fileglob(_ pattern: String, directory: String) -> [JSONValue] {
    let full = pattern.hasPrefix("/") ? pattern : directory + "/files/" + pattern
    var matches: [JSONValue] = []
    for candidate in [full, pattern.hasPrefix("/") ? nil : directory + "/" + pattern].compactMap({ $0 }) {
      var found = glob_t()
      defer { globfree(&found) }
      guard glob(candidate, 0, nil, &found) == 0 else { continue }
      for index in 0..<Int(found.gl_pathc) {
        if let path = found.gl_pathv[index].map({ String(cString: $0) }) {
          var isFolder: ObjCBool = false
          if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            matches.append(.string(path))
          }
        }
      }
      if !matches.isEmpty { break }
    }
    return matches
  }

  /// `with_subelements: [users, keys]`: each (user, key) pair.
  static func subelements(_ terms: [JSONValue]) throws -> [JSONValue] {
    guard terms.count >= 2, case let .array(parents) = terms[0] else {
      throw LoopError(message: "subelements lookup expects a list of two or three items")
    }
    let key = terms[1].text
    var pairs: [JSONValue] = []
    for parent in parents {
      guard case let .object(members) = parent, case let .array(children)? = members[key] else { continue }
      pairs += children.map { .array([parent, $0]) }
    }
    return pairs
  }
}
