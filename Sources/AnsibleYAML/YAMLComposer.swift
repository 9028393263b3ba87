internal import CYaml
import Yams

/// Builds the node tree of a YAML text from libyaml's events, the way PyYAML's composer
/// and safe constructor shape it for Ansible: plain scalars tagged by the YAML 1.1 resolver,
/// `<<` merge keys flattened, a key written twice kept once with its last value (and a
/// warning), and the bounds that keep hostile text from exhausting the stack or memory.
///
/// Bounds: collections nest at most `maxDepth` deep (composing recurses once per level),
/// and the whole stream, aliases expanded, stands for at most `maxAliasedValues` values
/// besides its own text (nine nested anchors of nine aliases each, the "billion laughs",
/// stand for 9^9). An alias shares its anchor's nodes, so charging its size is cheap.
final class YAMLComposer {
  static let maxDepth = YAMLLoader.maxDepth
  static let maxAliasedValues = YAMLLoader.maxAliasedValues

  private var parser = yaml_parser_t()
  private let input: UnsafeMutableBufferPointer<UInt8>
  private let file: String
  private var anchors: [String: (node: Node, size: Int)] = [:]
  private var total = 0
  private let budget: Int
  private let duplicateKeys: YAMLLoader.DuplicateKeys
  private(set) var warnings: [YAMLParseError] = []

  init(_ text: String, file: String, duplicateKeys: YAMLLoader.DuplicateKeys) {
    self.file = file
    self.duplicateKeys = duplicateKeys
    let bytes = Array(text.utf8)
    input = .allocate(capacity: max(1, bytes.count))
    _ = input.initialize(from: bytes)
    budget = Self.maxAliasedValues + bytes.count
    yaml_parser_initialize(&parser)
    yaml_parser_set_input_string(&parser, input.baseAddress, bytes.count)
  }

  deinit {
    yaml_parser_delete(&parser)
    input.deallocate()
  }

  /// One libyaml event, freed with its owner.
  private final class Event {
    var event = yaml_event_t()
    deinit { yaml_event_delete(&event) }
    var type: yaml_event_type_t { event.type }
    var mark: Mark { YAMLMark.make(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1) }
  }

  /// Every document of the stream, in order.
  func documents() throws(YAMLParseError) -> [Node] {
    var nodes: [Node] = []
    _ = try next()  // stream start
    while true {
      let event = try next()
      guard event.type == YAML_DOCUMENT_START_EVENT else { break }
      // Anchors belong to their document; the budget to the whole stream, so many
      // documents cannot each spend it (`from_yaml_all` builds them all).
      anchors = [:]
      nodes.append(try compose(try next(), depth: 0).node)
      _ = try next()  // document end
    }
    return nodes
  }

  private func next() throws(YAMLParseError) -> Event {
    let event = Event()
    guard yaml_parser_parse(&parser, &event.event) == 1 else { throw parseError() }
    return event
  }

  private func compose(_ event: Event, depth: Int) throws(YAMLParseError) -> (node: Node, size: Int) {
    switch event.type {
    case YAML_ALIAS_EVENT:
      let name = Self.text(event.event.data.alias.anchor) ?? ""
      guard let anchored = anchors[name] else { throw error(at: event.mark, "found undefined alias '\(name)'") }
      try charge(anchored.size, at: event.mark)
      return anchored
    case YAML_SCALAR_EVENT:
      let data = event.event.data.scalar
      let value = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
      let style = Node.Scalar.Style(rawValue: data.style.rawValue) ?? .any
      // No tag, or the non-specific `!`: libyaml says whether the implicit types apply (a
      // plain scalar, or `!` before any written scalar); otherwise a string, as PyYAML.
      let tag: Tag.Name
      switch Self.text(data.tag) {
      case nil, "!"?: tag = data.plain_implicit != 0 ? YAMLResolver.implicitTag(value) : .str
      case let written?: tag = Tag.Name(rawValue: written)
      }
      try charge(1, at: event.mark)
      return anchor(Self.text(data.anchor), Node.scalar(.init(value, Tag(tag), style, event.mark)), size: 1)
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      guard depth < Self.maxDepth else {
        throw error(at: event.mark, "collections nest deeper than \(Self.maxDepth) levels here; flatten the data")
      }
      try charge(1, at: event.mark)
      return event.type == YAML_SEQUENCE_START_EVENT ? try sequence(event, depth: depth) : try mapping(event, depth: depth)
    default:
      throw error(at: event.mark, "unexpected YAML event")
    }
  }

  private func sequence(_ start: Event, depth: Int) throws(YAMLParseError) -> (node: Node, size: Int) {
    var items: [Node] = []
    var size = 1
    var event = try next()
    while event.type != YAML_SEQUENCE_END_EVENT {
      let item = try compose(event, depth: depth + 1)
      items.append(item.node)
      size += item.size
      event = try next()
    }
    let data = start.event.data.sequence_start
    let tag = Self.text(data.tag).map(Tag.Name.init(rawValue:)) ?? .seq
    let style = Node.Sequence.Style(rawValue: data.style.rawValue) ?? .any
    return anchor(Self.text(data.anchor), .sequence(.init(items, Tag(tag), style, start.mark)), size: size)
  }

  private func mapping(_ start: Event, depth: Int) throws(YAMLParseError) -> (node: Node, size: Int) {
    var pairs: [(Node, Node)] = []
    var size = 1
    var event = try next()
    while event.type != YAML_MAPPING_END_EVENT {
      let key = try compose(event, depth: depth + 1)
      let value = try compose(try next(), depth: depth + 1)
      pairs.append((key.node, value.node))
      size += key.size + value.size
      event = try next()
    }
    let data = start.event.data.mapping_start
    let tag = Self.text(data.tag).map(Tag.Name.init(rawValue:)) ?? .map
    let style = Node.Mapping.Style(rawValue: data.style.rawValue) ?? .any
    let merged = try YAMLMerge.flatten(pairs, file: file)
    let unique = try YAMLMerge.lastWins(merged, file: file, policy: duplicateKeys, warnings: &warnings)
    return anchor(Self.text(data.anchor), .mapping(.init(unique, Tag(tag), style, start.mark)), size: size)
  }

  private func anchor(_ name: String?, _ node: Node, size: Int) -> (node: Node, size: Int) {
    if let name { anchors[name] = (node, size) }
    return (node, size)
  }

  /// Counts `size` values into the document and stops it once it stands for too many.
  private func charge(_ size: Int, at mark: Mark) throws(YAMLParseError) {
    total += size
    guard total <= budget else {
      throw error(
        at: mark,
        "aliases make this document stand for more than \(budget) values (an alias bomb?); write the repeated data out or alias less of it")
    }
  }

  private func error(at mark: Mark, _ message: String) -> YAMLParseError {
    YAMLParseError(file: file, line: mark.line, column: mark.column, message: message)
  }

  /// libyaml's own error: at the start of the unfinished construct when it knows one (an
  /// unclosed `[`: that is where the fix goes), else where parsing gave up.
  private func parseError() -> YAMLParseError {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
    if parser.error == YAML_READER_ERROR {
      let offset = min(parser.problem_offset, input.count)
      var line = 1
      var lineStart = 0
      for index in 0..<offset where input[index] == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      }
      let column = String(decoding: UnsafeBufferPointer(rebasing: input[lineStart..<offset]), as: UTF8.self).unicodeScalars.count + 1
      let value = String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)
      let shown = String(repeating: "0", count: max(0, 4 - value.count)) + value
      return YAMLParseError(file: file, line: line, column: column, message: "unacceptable character #x\(shown): \(problem)")
    }
    if let context = parser.context.map({ String(cString: $0) }) {
      return YAMLParseError(
        file: file, line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1,
        message: "\(problem), \(context) that starts here")
    }
    return YAMLParseError(
      file: file, line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1, message: problem)
  }

  private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }
}
