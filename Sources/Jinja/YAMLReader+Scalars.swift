/// The cursor and the three scalar styles (plain, quoted, block), each following libyaml's
/// scanner (what Ansible's loader uses) for folding, escapes and indentation.
extension YAMLReader {
  var atEnd: Bool { pos >= text.count }
  var column: Int { pos - lineStart }
  var mark: Mark { Mark(pos: pos, line: line, lineStart: lineStart) }
  var atSequenceEntry: Bool { peek() == "-" && isBlankOrEnd(peek(1)) }

  func peek(_ offset: Int = 0) -> Unicode.Scalar {
    pos + offset < text.count ? text[pos + offset] : "\0"
  }

  mutating func advance(_ count: Int = 1) {
    for _ in 0..<count where pos < text.count {
      if text[pos] == "\n" {
        line += 1
        lineStart = pos + 1
      }
      pos += 1
    }
  }

  mutating func restore(_ m: Mark) {
    (pos, line, lineStart) = (m.pos, m.line, m.lineStart)
  }

  func isBlankOrEnd(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\0" }
  func isBreakOrEnd(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\0" }

  /// `---` or `...` alone at the start of a line.
  func atDocumentMarker(_ marker: String) -> Bool {
    column == 0 && Array(marker.unicodeScalars) == (0..<3).map { peek($0) } && isBlankOrEnd(peek(3))
  }

  func describe(_ c: Unicode.Scalar) -> String {
    if atEnd { return "the end of the input" }
    return c == "\n" ? "a line break" : "'\(c)'"
  }

  /// Spaces and tabs on the current line.
  mutating func skipSpaces() {
    while peek() == " " || peek() == "\t" { advance() }
  }

  /// Past blank lines and comments to the next content; a tab in the indentation of a
  /// line is an error in block context, as in libyaml.
  mutating func skipToContent() throws {
    var inIndentation = pos == lineStart
    while !atEnd {
      switch peek() {
      case " ":
        advance()
      case "\t":
        if inIndentation { throw EvalError("found a tab character where an indentation space is expected") }
        advance()
      case "\n":
        advance()
        inIndentation = true
      case "#":
        while !isBreakOrEnd(peek()) { advance() }
      default:
        return
      }
    }
  }

  /// Past the spaces after an indicator; past the line end too when nothing follows on it.
  mutating func skipSeparation(context: inout Context) throws {
    if context == .ownLine { return try skipToContent() }
    skipSpaces()
    if peek() == "#" || isBreakOrEnd(peek()) {
      try skipToContent()
      context = .ownLine
    }
  }

  /// Only spaces and a comment may follow a value on its line.
  mutating func endOfLine() throws {
    skipSpaces()
    if peek() == "#" { while !isBreakOrEnd(peek()) { advance() } }
    guard isBreakOrEnd(peek()) else { throw EvalError("expected the end of the line, found \(describe(peek()))") }
  }

  func checkPlainStart(flow: Bool) throws {
    let c = peek()
    let next = peek(1)
    let startsToken = "-?:".unicodeScalars.contains(c)
      && (isBlankOrEnd(next) || (flow && c != "-" && ",[]{}".unicodeScalars.contains(next)))
    if startsToken || ",[]{}#&*!|>'\"%@`".unicodeScalars.contains(c) {
      throw EvalError("found character \(describe(c)) that cannot start any token")
    }
  }

  /// A plain scalar: its lines folded (one break becomes a space, each further break a
  /// newline), ending at ': ', ' #', a flow indicator in flow context, or a line indented
  /// no deeper than `indent`.
  mutating func plainScalar(indent: Int, flow: Bool, singleLine: Bool) throws -> String {
    var out = String.UnicodeScalarView()
    var whitespace: [Unicode.Scalar] = []
    var leadingBlanks = false
    var trailingBreaks = 0
    var end = mark
    let flowIndicators = ",[]{}".unicodeScalars
    scan: while true {
      if atDocumentMarker("---") || atDocumentMarker("...") || peek() == "#" { break }
      while !isBlankOrEnd(peek()) {
        let c = peek()
        if flow, c == ":", flowIndicators.contains(peek(1)) || peek(1) == "?" {
          throw EvalError("found unexpected ':' in a plain scalar (quote the value)")
        }
        if (c == ":" && isBlankOrEnd(peek(1))) || (flow && flowIndicators.contains(c)) { break }
        if leadingBlanks {
          if trailingBreaks == 0 { out.append(" ") }
          out.append(contentsOf: repeatElement("\n", count: trailingBreaks))
          leadingBlanks = false
          trailingBreaks = 0
        } else {
          out.append(contentsOf: whitespace)
        }
        whitespace = []
        out.append(c)
        advance()
        end = mark
      }
      guard peek() == " " || peek() == "\t" || peek() == "\n" else { break }
      while peek() == " " || peek() == "\t" || peek() == "\n" {
        if peek() == "\n" {
          if singleLine { break scan }
          if leadingBlanks { trailingBreaks += 1 } else { leadingBlanks = true }
          whitespace = []
        } else if leadingBlanks, peek() == "\t", column < indent + 1 {
          throw EvalError("found a tab character that violates indentation")
        } else if !leadingBlanks {
          whitespace.append(peek())
        }
        advance()
      }
      if !flow, column < indent + 1 { break }
    }
    restore(end)
    return String(out)
  }

  /// A single- or double-quoted scalar; lines fold as in a plain scalar.
  mutating func quotedScalar() throws -> String {
    let quote = peek()
    let single = quote == "'"
    advance()
    var out = String.UnicodeScalarView()
    while true {
      if atDocumentMarker("---") || atDocumentMarker("...") {
        throw EvalError("found a document marker inside a quoted scalar")
      }
      if atEnd { throw EvalError("found the end of the input inside a quoted scalar (missing \(quote))") }
      var leadingBlanks = false
      var leadingBreak = false
      while !isBlankOrEnd(peek()) {
        let c = peek()
        if single, c == "'", peek(1) == "'" {
          out.append("'")
          advance(2)
        } else if c == quote {
          break
        } else if !single, c == "\\", peek(1) == "\n" {
          advance(2)
          leadingBlanks = true
          break
        } else if !single, c == "\\" {
          out.append(try escape())
        } else {
          out.append(c)
          advance()
        }
      }
      if peek() == quote { break }
      var whitespace: [Unicode.Scalar] = []
      var trailingBreaks = 0
      while peek() == " " || peek() == "\t" || peek() == "\n" {
        if peek() == "\n" {
          if leadingBlanks {
            trailingBreaks += 1
          } else {
            leadingBlanks = true
            leadingBreak = true
          }
        } else if !leadingBlanks {
          whitespace.append(peek())
        }
        advance()
      }
      if !leadingBlanks {
        out.append(contentsOf: whitespace)
      } else {
        if leadingBreak, trailingBreaks == 0 { out.append(" ") }
        out.append(contentsOf: repeatElement("\n", count: trailingBreaks))
      }
    }
    advance()
    return String(out)
  }

  private static let escapes: [Unicode.Scalar: Unicode.Scalar] = [
    "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}",
    "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "'": "'", "\\": "\\", "N": "\u{85}",
    "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
  ]

  /// A double-quoted scalar's backslash escape.
  private mutating func escape() throws -> Unicode.Scalar {
    advance()
    let c = peek()
    if let simple = Self.escapes[c] {
      advance()
      return simple
    }
    let width = c == "x" ? 2 : c == "u" ? 4 : c == "U" ? 8 : 0
    guard width > 0 else { throw EvalError("found unknown escape character \(describe(c)) in a double-quoted scalar") }
    advance()
    var code: UInt32 = 0
    for _ in 0..<width {
      guard let digit = Character(peek()).hexDigitValue else {
        throw EvalError("expected a hexadecimal digit in an escape, found \(describe(peek()))")
      }
      code = code * 16 + UInt32(digit)
      advance()
    }
    guard let scalar = Unicode.Scalar(code) else { throw EvalError("found invalid Unicode character escape code") }
    return scalar
  }

  /// A literal (`|`) or folded (`>`) block scalar, with its chomping (`-`, `+`) and
  /// indentation (1-9) indicators.
  mutating func blockScalar(parentIndent: Int) throws -> String {
    let literal = peek() == "|"
    advance()
    var chomping = 0
    var increment = 0
    for _ in 0..<2 {
      if chomping == 0, peek() == "+" || peek() == "-" {
        chomping = peek() == "+" ? 1 : -1
        advance()
      } else if increment == 0, let digit = Character(peek()).wholeNumberValue, peek().isASCII {
        guard digit > 0 else { throw EvalError("found an indentation indicator equal to 0") }
        increment = digit
        advance()
      }
    }
    skipSpaces()
    if peek() == "#" { while !isBreakOrEnd(peek()) { advance() } }
    guard isBreakOrEnd(peek()) else {
      throw EvalError("expected a comment or a line break after a block scalar indicator, found \(describe(peek()))")
    }
    advance()
    var indent = increment == 0 ? 0 : max(parentIndent, 0) + increment
    var out = String.UnicodeScalarView()
    var leadingBreak = false
    var leadingBlank = false
    var trailingBreaks = try blockScalarBreaks(indent: &indent, parentIndent: parentIndent)
    while column == indent, !atEnd {
      let trailingBlank = peek() == " " || peek() == "\t"
      if !literal, leadingBreak, !leadingBlank, !trailingBlank {
        if trailingBreaks == 0 { out.append(" ") }
      } else if leadingBreak {
        out.append("\n")
      }
      out.append(contentsOf: repeatElement("\n", count: trailingBreaks))
      leadingBlank = trailingBlank
      while !isBreakOrEnd(peek()) {
        out.append(peek())
        advance()
      }
      leadingBreak = peek() == "\n"
      advance()
      trailingBreaks = try blockScalarBreaks(indent: &indent, parentIndent: parentIndent)
    }
    if chomping != -1, leadingBreak { out.append("\n") }
    if chomping == 1 { out.append(contentsOf: repeatElement("\n", count: trailingBreaks)) }
    return String(out)
  }

  /// Empty lines before a block scalar's next content line; fixes the indentation from the
  /// first content line when no indicator gave it.
  private mutating func blockScalarBreaks(indent: inout Int, parentIndent: Int) throws -> Int {
    var maxIndent = 0
    var breaks = 0
    while true {
      while indent == 0 || column < indent, peek() == " " { advance() }
      maxIndent = max(maxIndent, column)
      if indent == 0 || column < indent, peek() == "\t" {
        throw EvalError("found a tab character where an indentation space is expected")
      }
      guard peek() == "\n" else { break }
      advance()
      breaks += 1
    }
    if indent == 0 { indent = max(maxIndent, parentIndent + 1, 1) }
    return breaks
  }
}
