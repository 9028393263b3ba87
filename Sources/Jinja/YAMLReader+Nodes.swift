import Foundation

/// Flow collections, anchors, aliases and tags: what turns scanned text into values.
extension YAMLReader {
  /// A node before its tag is applied: a scalar keeps its text and whether it was plain
  /// (only plain scalars resolve to other types than strings).
  enum Node {
    case scalar(String, plain: Bool)
    case value(Value)
  }

  /// A node's anchor (`&name`) and tag (`!!int`, `!local`).
  struct Properties {
    var anchor: String?
    var tag: String?

    var isEmpty: Bool { anchor == nil && tag == nil }

    /// The node's value under its tag, recorded under its anchor.
    func apply(to node: Node, reader: inout YAMLReader) throws -> Value {
      let value = try YAMLReader.construct(node, tag: tag)
      if let anchor { reader.anchors[anchor] = value; reader.limits.anchorSizes[anchor] = nil }
      return value
    }
  }

  private static let core = "tag:yaml.org,2002:"

  /// A value as PyYAML's SafeConstructor builds it for the node and its tag.
  static func construct(_ node: Node, tag: String?) throws -> Value {
    switch (node, tag) {
    case (.scalar(let text, let plain), nil): return plain ? try YAMLScalar.resolve(text) : .string(text)
    case (.value(let v), nil): return v
    case (.scalar(let text, _), core + "str"): return .string(text)
    // Python's int() and float(), which PyYAML ends with, ignore surrounding whitespace.
    case (.scalar(let text, _), core + "int"): return try YAMLScalar.int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    case (.scalar(let text, _), core + "float"): return try YAMLScalar.float(text.trimmingCharacters(in: .whitespacesAndNewlines))
    case (.scalar, core + "null"): return .none
    case (.scalar(let text, _), core + "bool"):
      switch text.lowercased() {
      case "yes", "true", "on": return .bool(true)
      case "no", "false", "off": return .bool(false)
      default: throw EvalError("'\(text)' is not a boolean for the !!bool tag")
      }
    case (.value(.dict(let d)), core + "map"): return .dict(d)
    case (.value(.list(let l)), core + "seq"): return .list(l)
    case (_, let tag?) where [core + "str", core + "int", core + "float", core + "null", core + "bool",
                              core + "map", core + "seq"].contains(tag):
      throw EvalError("a node of the wrong kind for the tag !!\(tag.dropFirst(core.count))")
    case (_, let tag?):
      let shown = tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
      throw EvalError("could not determine a constructor for the tag '\(shown)' (not supported)")
    }
  }

  /// Any anchor and tag before a node, in either order.
  mutating func nodeProperties() throws -> Properties {
    var properties = Properties()
    while peek() == "&" || peek() == "!" {
      if peek() == "&" {
        if properties.anchor != nil { throw EvalError("found two anchors on one node") }
        advance()
        properties.anchor = try name(of: "anchor")
      } else {
        if properties.tag != nil { throw EvalError("found two tags on one node") }
        advance()
        let verbatim = peek() == "<"
        var tag = ""
        while !isBlankOrEnd(peek()), verbatim || !",[]{}".unicodeScalars.contains(peek()) {
          tag.unicodeScalars.append(peek())
          advance()
          if verbatim, tag.hasSuffix(">") { break }
        }
        if verbatim {
          properties.tag = String(tag.dropFirst().dropLast())
        } else if tag.hasPrefix("!") {
          properties.tag = Self.core + tag.dropFirst()
        } else if !tag.isEmpty {
          // A lone '!' leaves the node as if untagged, as Ansible's loader reads it.
          properties.tag = "!" + tag
        }
      }
      skipSpaces()
    }
    return properties
  }

  /// An anchor's or alias's name: letters, digits, '-' and '_', as libyaml takes them.
  private mutating func name(of what: String) throws -> String {
    var name = ""
    while peek().properties.isAlphabetic || ("0"..."9").contains(peek()) || peek() == "-" || peek() == "_" {
      name.unicodeScalars.append(peek())
      advance()
    }
    guard !name.isEmpty, isBlankOrEnd(peek()) || "?:,]}%@`".unicodeScalars.contains(peek()) else {
      throw EvalError("an \(what) name must be letters, digits, '-' or '_', found \(describe(peek()))")
    }
    return name
  }

  /// `*name`: the value its anchor was given.
  mutating func alias() throws -> Value {
    advance()
    let name = try name(of: "alias")
    guard let value = anchors[name] else { throw EvalError("found undefined alias '\(name)'") }
    try limits.charge(alias: name, value)
    return value
  }

  /// `[a, b: c]` or `{a: 1, b}`, over any number of lines, indentation free.
  mutating func flowCollection() throws -> Value {
    let isSequence = peek() == "["
    let close: Unicode.Scalar = isSequence ? "]" : "}"
    try limits.enter()
    defer { limits.leave() }
    advance()
    var items: [Value] = []
    var merged: [(String, Value)] = []
    var pairs: [(String, Value)] = []
    while true {
      skipFlowSpace()
      if peek() == close { break }
      if atEnd { throw EvalError("found the end of the input inside a flow collection (missing '\(close)')") }
      if peek() == "," { throw EvalError("found ',' where a flow collection entry should be") }
      // libyaml takes '?' in a flow collection as an explicit key, even before a non-space;
      // in a sequence, that makes a one-pair mapping even without a value.
      let explicitKey = peek() == "?"
      if explicitKey {
        advance()
        skipFlowSpace()
      }
      if peek() == ":" { throw EvalError("did not find expected node content before ':' in a flow collection") }
      let isMerge = !isSequence && peek() == "<" && peek(1) == "<" && (isBlankOrEnd(peek(2)) || peek(2) == ":")
      if isMerge { advance(2) }
      let key = isMerge ? Value.none : try flowNode()
      skipFlowSpace()
      var value: Value?
      if peek() == ":" {
        advance()
        skipFlowSpace()
        value = peek() == "," || peek() == close ? Value.none : try flowNode()
        skipFlowSpace()
      }
      if isMerge {
        merged += try Self.mergePairs(value ?? .none)
      } else if !isSequence {
        pairs.append((try Self.keyText(key), value ?? .none))
      } else if value != nil || explicitKey {
        items.append(.dict(ValueDict([(try Self.keyText(key), value ?? .none)])))
      } else {
        items.append(key)
      }
      if peek() == "," {
        advance()
      } else if peek() != close {
        throw EvalError("expected ',' or '\(close)' in a flow collection, found \(describe(peek()))")
      }
    }
    advance()
    return isSequence ? .list(items) : .dict(ValueDict(merged + pairs))
  }

  private mutating func flowNode() throws -> Value {
    let properties = try nodeProperties()
    skipFlowSpace()
    let node: Node
    switch peek() {
    case "[", "{": node = .value(try flowCollection())
    case "*": node = .value(try alias())
    case "\"", "'": node = .scalar(try quotedScalar(), plain: false)
    case ",", "]", "}", ":": node = .scalar("", plain: true)
    default:
      try checkPlainStart(flow: true)
      node = .scalar(try plainScalar(indent: -1, flow: true, singleLine: false), plain: true)
    }
    return try properties.apply(to: node, reader: &self)
  }

  /// Spaces, tabs, line breaks and comments: all separation inside a flow collection.
  private mutating func skipFlowSpace() {
    while true {
      if peek() == " " || peek() == "\t" || peek() == "\n" {
        advance()
      } else if peek() == "#" {
        while !isBreakOrEnd(peek()) { advance() }
      } else {
        return
      }
    }
  }
}
