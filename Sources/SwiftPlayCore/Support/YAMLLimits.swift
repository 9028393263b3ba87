internal import CYaml

/// Bounds a YAML text's shape before it is composed into nodes, as safe YAML loaders do:
/// how deep collections nest and how many values its aliases make it stand for.
///
/// Composing follows nesting by recursion (deep enough nesting overflows the stack), and an
/// alias repeats its anchor's whole value, so nine nested anchors of nine aliases each (the
/// "billion laughs") stand for 9^9 values that every reader after the composer would walk.
/// This pass reads libyaml's events only, where an alias is one event, and so takes time in
/// proportion to the text whatever its aliases expand to.
enum YAMLLimits {
  /// Deeper than any data a person writes; shallow enough for a thread's stack.
  static let maxDepth = 100
  /// Values a document may stand for once its aliases are expanded, besides the ones its
  /// text writes out: generous for anchors reused across a large file, far below a bomb.
  static let maxAliasedValues = 1_000_000

  /// Throws at the first collection nested too deep or the first alias that makes the
  /// document too large. A text libyaml cannot parse passes: the composer then reports
  /// the syntax error with its own message.
  static func check(_ text: String, file: String) throws(YAMLDocument.ParseError) {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLDocument.ParseError) in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var walk = Walk(budget: maxAliasedValues + buffer.count, file: file)
      var event = yaml_event_t()
      while yaml_parser_parse(&parser, &event) == 1 {
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        try walk.step(event)
      }
    }
  }

  /// The running count of one stream: open collections and the size of every anchor.
  private struct Walk {
    /// Values each open collection stands for so far, innermost last, with its anchor.
    var open: [(anchor: String?, size: Int)] = []
    /// Values each anchor stands for, aliases expanded.
    var anchors: [String: Int] = [:]
    var total = 0
    let budget: Int
    let file: String

    init(budget: Int, file: String) {
      self.budget = budget
      self.file = file
    }

    mutating func step(_ event: yaml_event_t) throws(YAMLDocument.ParseError) {
      let mark = event.start_mark
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        anchors = [:]
      case YAML_SCALAR_EVENT:
        try add(1, anchor: Self.text(event.data.scalar.anchor), at: mark)
      case YAML_ALIAS_EVENT:
        let size = Self.text(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
        try add(size, anchor: nil, at: mark)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let anchor = Self.text(event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
        guard open.count < YAMLLimits.maxDepth else {
          throw error(at: mark, "collections nest deeper than \(YAMLLimits.maxDepth) levels here; flatten the data")
        }
        total += 1
        open.append((anchor, 1))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let closed = open.popLast() else { return }
        if let anchor = closed.anchor { anchors[anchor] = closed.size }
        if !open.isEmpty { open[open.count - 1].size += closed.size }
      default:
        break
      }
    }

    /// Counts a scalar or an alias into the collection it sits in.
    private mutating func add(_ size: Int, anchor: String?, at mark: yaml_mark_t) throws(YAMLDocument.ParseError) {
      total += size
      guard total <= budget else {
        throw error(at: mark, "aliases make this document stand for more than \(budget) values (an alias bomb?); write the repeated data out or alias less of it")
      }
      if let anchor { anchors[anchor] = size }
      if !open.isEmpty { open[open.count - 1].size += size }
    }

    private func error(at mark: yaml_mark_t, _ message: String) -> YAMLDocument.ParseError {
      YAMLDocument.ParseError(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      pointer.map { String(cString: $0) }
    }
  }
}
