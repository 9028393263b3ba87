/// Reads YAML text into template values for `from_yaml` and `from_yaml_all`, the way
/// Ansible's loader (PyYAML over libyaml, YAML 1.1) does for what playbooks feed it.
///
/// Covered: documents (`---`, `...`, directives skipped), block mappings and sequences
/// (including a sequence at its key's indentation, compact `- k: v` entries and explicit
/// `? key` keys), flow `[…]` and `{…}`, plain, single- and double-quoted scalars, literal
/// `|` and folded `>` block scalars with chomping and indentation indicators, comments,
/// anchors, aliases and `<<` merge keys, and the standard `!!str`/`!!int`/`!!float`/
/// `!!bool`/`!!null`/`!!map`/`!!seq` tags. Plain scalars resolve as PyYAML's SafeLoader
/// does (`YAMLScalar.resolve`). Not covered: collections as keys, and the `!!binary`,
/// `!!set`, `!!omap` and timestamp types (timestamps stay strings). Keys are strings, as in
/// the engine's own dict literals (`1: x` gives the key '1'), and integers are 64-bit.
struct YAMLReader {
  var text: [Unicode.Scalar]
  var pos = 0
  var line = 0
  var lineStart = 0
  var anchors: [String: Value] = [:]
  /// The limits that keep hostile YAML from overflowing the stack or expanding without end.
  var limits = YAMLReaderLimits()

  /// Where the cursor is; saved to step back after looking ahead.
  struct Mark {
    var pos: Int
    var line: Int
    var lineStart: Int
  }

  /// Where a block node starts, which decides what may begin there.
  enum Context {
    /// After `key:` or `---` on the same line: no block collection may start here.
    case inlineValue
    /// After `- ` on the same line: a compact mapping or sequence may start here.
    case sequenceEntry
    /// At the start of a line.
    case ownLine
  }

  init(_ source: String) {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(source.unicodeScalars.count)
    var previous: Unicode.Scalar = "\0"
    for c in source.unicodeScalars {
      // Line breaks become "\n" (a "\r\n" pair becomes one); a byte-order mark is dropped.
      if c == "\n", previous == "\r" {
        previous = c
        continue
      }
      previous = c
      if c == "\u{FEFF}", scalars.isEmpty { continue }
      scalars.append(c == "\r" ? "\n" : c)
    }
    text = scalars
  }

  /// The single document in `source` (null when there is none), as `yaml.load` reads it.
  static func load(_ source: String) throws -> Value {
    let documents = try loadAll(source)
    if documents.count > 1 {
      throw EvalError("could not parse YAML: expected a single document in the stream, but found another document (use from_yaml_all)")
    }
    return documents.first ?? .none
  }

  /// Every document in `source`, as `yaml.load_all` reads them.
  static func loadAll(_ source: String) throws -> [Value] {
    var reader = YAMLReader(source)
    do {
      try reader.checkPrintable()
      return try reader.documents()
    } catch let error as EvalError {
      throw EvalError("could not parse YAML: \(error.message) (line \(reader.line + 1), column \(reader.column + 1))")
    }
  }

  /// Refuses characters YAML does not allow in a stream (control characters but tab and
  /// line breaks, surrogates, U+FFFE/U+FFFF), as the reader under PyYAML does, stopping at
  /// the first. The scanner takes "\0" for the end of the input, so a NUL must not reach it.
  private mutating func checkPrintable() throws {
    for (index, c) in text.enumerated() {
      let v = c.value
      let allowed = v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0x7E).contains(v) || v == 0x85
        || (0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
      if allowed {
        if c == "\n" { line += 1; lineStart = index + 1 }
        continue
      }
      pos = index
      let hex = String(v, radix: 16, uppercase: true)
      throw EvalError("unacceptable character #x\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex): control characters are not allowed")
    }
    line = 0
    lineStart = 0
  }

  private mutating func documents() throws -> [Value] {
    var documents: [Value] = []
    var needsStart = false
    while true {
      try skipToContent()
      while column == 0, peek() == "%" {
        while !isBreakOrEnd(peek()) { advance() }
        try skipToContent()
        needsStart = true
      }
      if atEnd { break }
      var context = Context.ownLine
      if atDocumentMarker("...") { throw EvalError("found '...' (document end) where a document should start") }
      if atDocumentMarker("---") {
        advance(3)
        context = .inlineValue
      } else if needsStart {
        throw EvalError("expected '---' to start the next document, found \(describe(peek()))")
      }
      anchors = [:]
      documents.append(try blockNode(parentIndent: -1, context: context))
      try skipToContent()
      needsStart = true
      if atDocumentMarker("...") {
        advance(3)
        try endOfLine()
      } else if !atEnd, !atDocumentMarker("---") {
        throw EvalError("expected the end of the document, found \(describe(peek()))")
      }
    }
    return documents
  }

  // MARK: - Block structure

  /// A node in block context whose parent collection sits at column `parentIndent`.
  mutating func blockNode(parentIndent: Int, context: Context) throws -> Value {
    try limits.enter()
    defer { limits.leave() }
    // Only a mapping's value may be a sequence at the mapping's own indentation.
    let isMappingValue = context == .inlineValue && parentIndent >= 0
    var context = context
    func absent(_ reader: YAMLReader) -> Bool {
      if reader.atEnd || reader.atDocumentMarker("---") || reader.atDocumentMarker("...") { return true }
      guard context == .ownLine else { return false }
      return reader.column < parentIndent
        || (reader.column == parentIndent && !(isMappingValue && reader.atSequenceEntry))
    }
    try skipSeparation(context: &context)
    if absent(self) { return .none }
    let startColumn = column
    let properties = try nodeProperties()
    var keyProperties = properties
    if !properties.isEmpty, peek() == "#" || isBreakOrEnd(peek()) {
      // Properties on a line of their own belong to the node on the next lines.
      try skipToContent()
      context = .ownLine
      keyProperties = Properties()
      if absent(self) { return try properties.apply(to: .scalar("", plain: true), reader: &self) }
    }
    if atSequenceEntry {
      guard context != .inlineValue else { throw EvalError("block sequence entries are not allowed here") }
      return try properties.apply(to: .value(try blockSequence(column: column)), reader: &self)
    }
    if atMappingKey() {
      guard context != .inlineValue else { throw EvalError("mapping values are not allowed here") }
      if !keyProperties.isEmpty {
        // Properties written before a key on its line belong to that key.
        return try blockMapping(column: startColumn, firstKey: keyProperties)
      }
      return try properties.apply(to: .value(try blockMapping(column: column, firstKey: Properties())), reader: &self)
    }
    let node: Node
    switch peek() {
    case "|", ">":
      // A block scalar ends at the start of the line after it.
      return try properties.apply(to: .scalar(try blockScalar(parentIndent: parentIndent), plain: false), reader: &self)
    case "[", "{":
      node = .value(try flowCollection())
    case "*":
      node = .value(try alias())
    case "\"", "'":
      node = .scalar(try quotedScalar(), plain: false)
    default:
      try checkPlainStart(flow: false)
      node = .scalar(try plainScalar(indent: parentIndent, flow: false, singleLine: false), plain: true)
      skipSpaces()
      if peek() == ":", isBlankOrEnd(peek(1)) {
        throw EvalError("mapping values are not allowed here (a key must fit on one line)")
      }
    }
    try endOfLine()
    return try properties.apply(to: node, reader: &self)
  }

  private mutating func blockSequence(column indent: Int) throws -> Value {
    var items: [Value] = []
    while true {
      advance()
      var i = pos
      while i < text.count, text[i] == " " { i += 1 }
      if i < text.count, text[i] == "\t" { throw EvalError("found a tab character after '-' where a space is expected") }
      items.append(try blockNode(parentIndent: indent, context: .sequenceEntry))
      try skipToContent()
      if atEnd || atDocumentMarker("---") || atDocumentMarker("...") || column < indent { break }
      if column > indent { throw EvalError("bad indentation of a sequence entry") }
      if !atSequenceEntry { break }
    }
    return .list(items)
  }

  private mutating func blockMapping(column indent: Int, firstKey: Properties) throws -> Value {
    var own: [(String, Value)] = []
    var merged: [(String, Value)] = []
    var keyProperties = firstKey
    while true {
      if atSequenceEntry { throw EvalError("expected a mapping key, found a sequence entry '-'") }
      if peek() == "?", isBlankOrEnd(peek(1)) {
        // An explicit key ('? key' then ': value'), as PyYAML writes empty and multi-line keys.
        advance()
        let key = try blockNode(parentIndent: indent, context: .sequenceEntry)
        try skipToContent()
        var value = Value.none
        if column == indent, peek() == ":", isBlankOrEnd(peek(1)) {
          advance()
          value = try blockNode(parentIndent: indent, context: .sequenceEntry)
        }
        own.append((try Self.keyText(key), value))
      } else {
        if keyProperties.isEmpty { keyProperties = try nodeProperties() }
        let (key, isMerge) = try mappingKey(keyProperties)
        keyProperties = Properties()
        advance()  // the ':'
        let value = try blockNode(parentIndent: indent, context: .inlineValue)
        if isMerge {
          merged += try Self.mergePairs(value)
        } else {
          own.append((key, value))
        }
      }
      try skipToContent()
      if atEnd || atDocumentMarker("---") || atDocumentMarker("...") || column < indent { break }
      if column > indent { throw EvalError("bad indentation of a mapping entry") }
    }
    return .dict(ValueDict(merged + own))
  }

  /// A block mapping key up to its ':', and whether it is the `<<` merge key.
  private mutating func mappingKey(_ properties: Properties) throws -> (String, Bool) {
    let node: Node
    switch peek() {
    case "\"", "'":
      let startLine = line
      node = .scalar(try quotedScalar(), plain: false)
      if line != startLine { throw EvalError("could not find expected ':' (a key must fit on one line)") }
    case "*": node = .value(try alias())
    case "[", "{": throw EvalError("collections as mapping keys are not supported")
    default:
      try checkPlainStart(flow: false)
      let key = try plainScalar(indent: -1, flow: false, singleLine: true)
      if key == "<<", properties.isEmpty {
        skipSpaces()
        guard peek() == ":" else { throw EvalError("could not find expected ':' after a mapping key") }
        return ("<<", true)
      }
      node = .scalar(key, plain: true)
    }
    skipSpaces()
    guard peek() == ":", isBlankOrEnd(peek(1)) else {
      throw EvalError("could not find expected ':' after a mapping key, found \(describe(peek()))")
    }
    let key = try properties.apply(to: node, reader: &self)
    return (try Self.keyText(key), false)
  }

  /// A key as the engine's dicts hold it: Python's `str()` of the YAML value.
  static func keyText(_ key: Value) throws -> String {
    switch key {
    case .list, .dict: throw EvalError("found unhashable key (a collection) in a mapping")
    default: return key.text
    }
  }

  /// The pairs a `<<` value contributes: a mapping, or mappings of which the first wins.
  static func mergePairs(_ value: Value) throws -> [(String, Value)] {
    switch value {
    case .dict(let d): return d.entries.map { ($0.key, $0.value) }
    case .list(let items):
      return try items.reversed().flatMap { item -> [(String, Value)] in
        guard case .dict(let d) = item else {
          throw EvalError("expected a mapping for merging, but found \(item.typeName)")
        }
        return d.entries.map { ($0.key, $0.value) }
      }
    default: throw EvalError("expected a mapping or list of mappings for merging, but found \(value.typeName)")
    }
  }

  /// Whether a block mapping key (a one-line scalar or alias followed by ': ') starts here.
  private func atMappingKey() -> Bool {
    var i = pos
    let quote = peek()
    if quote == "\"" || quote == "'" {
      i += 1
      while true {
        guard i < text.count, text[i] != "\n" else { return false }
        if quote == "'", text[i] == "'" {
          guard i + 1 < text.count, text[i + 1] == "'" else { break }
          i += 2
        } else if quote == "\"", text[i] == "\\" {
          i += 2
        } else if text[i] == quote {
          break
        } else {
          i += 1
        }
      }
      i += 1
      while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 }
      return i < text.count && text[i] == ":" && (i + 1 == text.count || isBlankOrEnd(text[i + 1]))
    }
    if quote == "?", isBlankOrEnd(peek(1)) { return true }
    if "[{|>".unicodeScalars.contains(quote) { return false }
    while i < text.count, text[i] != "\n" {
      if text[i] == ":", i + 1 == text.count || isBlankOrEnd(text[i + 1]) { return true }
      if text[i] == "#", i > pos, text[i - 1] == " " || text[i - 1] == "\t" { return false }
      i += 1
    }
    return false
  }
}
