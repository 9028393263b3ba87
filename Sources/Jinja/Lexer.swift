import Foundation

/// Splits template source into tokens, applying whitespace control (`-`, trim_blocks,
/// lstrip_blocks) and `{% raw %}` here so the parser never sees whitespace rules.
struct Lexer {
  private let src: [Character]
  private let options: TemplateOptions
  private let name: String
  private var lineStarts: [Int] = [0]
  private var pos = 0
  private var tokens: [Token] = []

  init(_ source: String, name: String, options: TemplateOptions) {
    // Jinja2 writes every newline of the template as "\n"
    src = Array(source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
    self.options = options
    self.name = name
    for (i, c) in src.enumerated() where c == "\n" || c == "\r\n" { lineStarts.append(i + 1) }
  }

  /// Lexes a whole template.
  static func tokenize(_ source: String, name: String, options: TemplateOptions) throws -> [Token] {
    var lexer = Lexer(source, name: name, options: options)
    try lexer.run()
    return lexer.tokens
  }

  /// Lexes a bare expression, used by the literal parser of native rendering.
  static func tokenizeExpression(_ source: String) throws -> [Token] {
    var lexer = Lexer(source, name: "<literal>", options: .ansible)
    try lexer.lexExpression(until: nil)
    lexer.tokens.append(Token(kind: .eof, loc: lexer.location(lexer.pos)))
    return lexer.tokens
  }

  func location(_ offset: Int) -> Location {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return Location(line: lo + 1, column: offset - lineStarts[lo] + 1)
  }

  private func error(_ message: String, at offset: Int) -> TemplateError {
    let l = location(offset)
    return TemplateError(templateName: name, line: l.line, column: l.column, message: message)
  }

  private static let operatorChars = Set("+-*/%~<>=.,:|()[]{}")
  private static let twoCharOperators: Set<String> = ["**", "//", "==", "!=", "<=", ">="]

  private func starts(with s: String, at i: Int) -> Bool {
    guard i < src.count, s.first == src[i] else { return false }
    var j = i
    for c in s {
      guard j < src.count, src[j] == c else { return false }
      j += 1
    }
    return true
  }

  private func isSpace(_ c: Character) -> Bool { c == " " || c == "\n" || c == "\t" || c.isNewline }

  /// Which tag a start delimiter opens.
  private enum TagKind { case variable, block, comment }

  /// The earliest start delimiter at or after `from`; at one place the longest wins, as in
  /// jinja2, whose lexer tries longer delimiters first.
  private func nextTag(from: Int) -> (Int, TagKind, Int)? {
    let delimiters: [(String, TagKind)] = [
      (options.variableStart, .variable), (options.blockStart, .block), (options.commentStart, .comment),
    ].sorted { $0.0.count > $1.0.count }
    var i = from
    while i < src.count {
      for (s, kind) in delimiters where starts(with: s, at: i) { return (i, kind, s.count) }
      i += 1
    }
    return nil
  }

  private mutating func run() throws {
    var stripNext = false
    while pos < src.count {
      if stripNext {
        while pos < src.count, isSpace(src[pos]) { pos += 1 }
        stripNext = false
      }
      let textStart = pos
      guard let (tagStart, kind, length) = nextTag(from: pos) else {
        emitText(String(src[textStart..<src.count]), at: textStart)
        pos = src.count
        break
      }
      var text = String(src[textStart..<tagStart])
      let marker: Character? = tagStart + length < src.count ? src[tagStart + length] : nil
      if marker == "-" {
        while let last = text.last, isSpace(last) { text.removeLast() }
      } else if options.lstripBlocks, kind != .variable, marker != "+" {
        text = lstripped(text, textStart: textStart)
      }
      emitText(text, at: textStart)
      pos = tagStart + length
      if marker == "-" || marker == "+" { pos += 1 }
      switch kind {
      case .comment:
        stripNext = try skipComment(from: tagStart)
      case .variable:
        tokens.append(Token(kind: .varBegin, loc: location(tagStart)))
        stripNext = try lexExpression(until: options.variableEnd)
        tokens.append(Token(kind: .varEnd, loc: location(pos)))
      case .block:
        if try lexRaw(from: tagStart) { continue }
        tokens.append(Token(kind: .blockBegin, loc: location(tagStart)))
        stripNext = try lexExpression(until: options.blockEnd)
        tokens.append(Token(kind: .blockEnd, loc: location(pos)))
        if !stripNext { trimNewline() }
      }
    }
    tokens.append(Token(kind: .eof, loc: location(src.count)))
  }

  private mutating func emitText(_ text: String, at offset: Int) {
    guard !text.isEmpty else { return }
    tokens.append(Token(kind: .text(newlines(text)), loc: location(offset)))
  }

  /// lstrip_blocks: drop spaces and tabs between the start of the line and the tag.
  private func lstripped(_ text: String, textStart: Int) -> String {
    var t = text
    while let last = t.last, last == " " || last == "\t" { t.removeLast() }
    if t.isEmpty {
      // text that began mid-line (right after another tag) is not at a line start
      return textStart == 0 || src[textStart - 1].isNewline ? t : text
    }
    return t.last?.isNewline == true ? t : text
  }

  /// Writes the newlines of template text (and string literals) as `newline_sequence`.
  private func newlines(_ text: String) -> String {
    options.newlineSequence == "\n" ? text : text.replacingOccurrences(of: "\n", with: options.newlineSequence)
  }

  private mutating func trimNewline() {
    guard options.trimBlocks, pos < src.count else { return }
    if src[pos].isNewline { pos += 1 }
  }

  private mutating func skipComment(from start: Int) throws -> Bool {
    while pos < src.count {
      if starts(with: "-" + options.commentEnd, at: pos) {
        pos += options.commentEnd.count + 1
        return true
      }
      if starts(with: options.commentEnd, at: pos) {
        pos += options.commentEnd.count
        trimNewline()
        return false
      }
      pos += 1
    }
    throw error("unterminated comment", at: start)
  }

  /// Handles `{% raw %}` by copying everything up to `{% endraw %}` as text.
  private mutating func lexRaw(from start: Int) throws -> Bool {
    var i = pos
    while i < src.count, isSpace(src[i]) { i += 1 }
    guard starts(with: "raw", at: i) else { return false }
    i += 3
    while i < src.count, isSpace(src[i]) { i += 1 }
    var stripInside = false
    let end = options.blockEnd
    if starts(with: "-" + end, at: i) {
      stripInside = true
      i += end.count + 1
    } else if starts(with: end, at: i) {
      i += end.count
    } else {
      return false
    }
    pos = i
    if stripInside {
      while pos < src.count, isSpace(src[pos]) { pos += 1 }
    }
    let bodyStart = pos
    var j = pos
    while j < src.count {
      if starts(with: options.blockStart, at: j) {
        var k = j + options.blockStart.count
        let stripBefore = k < src.count && src[k] == "-"
        let keepIndent = k < src.count && src[k] == "+"
        if stripBefore || keepIndent { k += 1 }
        while k < src.count, isSpace(src[k]) { k += 1 }
        if starts(with: "endraw", at: k) {
          k += 6
          while k < src.count, isSpace(src[k]) { k += 1 }
          var stripAfter = false
          if starts(with: "-" + end, at: k) {
            stripAfter = true
            k += end.count + 1
          } else if starts(with: end, at: k) {
            k += end.count
          } else {
            j += 1
            continue
          }
          var body = String(src[bodyStart..<j])
          if stripBefore {
            while let last = body.last, isSpace(last) { body.removeLast() }
          } else if options.lstripBlocks && !keepIndent {
            body = lstripped(body, textStart: bodyStart)
          }
          emitText(body, at: bodyStart)
          pos = k
          if stripAfter {
            while pos < src.count, isSpace(src[pos]) { pos += 1 }
          } else {
            trimNewline()
          }
          return true
        }
      }
      j += 1
    }
    throw error("missing endraw for raw block", at: start)
  }

  /// Lexes expression tokens until the closing delimiter; returns whether it was `-`-marked.
  @discardableResult
  private mutating func lexExpression(until end: String?) throws -> Bool {
    var depth = 0
    while true {
      while pos < src.count, isSpace(src[pos]) { pos += 1 }
      guard pos < src.count else {
        if let end { throw error("unexpected end of template, expected '\(end)'", at: pos) }
        return false
      }
      if let end, depth == 0 {
        if starts(with: "-" + end, at: pos) {
          pos += end.count + 1
          return true
        }
        if starts(with: "+" + end, at: pos) {
          pos += end.count + 1
          return false
        }
        if starts(with: end, at: pos) {
          pos += end.count
          return false
        }
      }
      let c = src[pos]
      let start = pos
      let loc = location(pos)
      if c.isLetter || c == "_" {
        while pos < src.count, src[pos].isLetter || src[pos].isNumber || src[pos] == "_" { pos += 1 }
        tokens.append(Token(kind: .name(String(src[start..<pos])), loc: loc))
      } else if c.isASCII && c.isNumber {
        tokens.append(Token(kind: try lexNumber(), loc: loc))
      } else if c == "'" || c == "\"" {
        tokens.append(Token(kind: .string(newlines(try lexString(quote: c))), loc: loc))
      } else {
        let two = pos + 1 < src.count ? String([c, src[pos + 1]]) : ""
        if Lexer.twoCharOperators.contains(two) {
          pos += 2
          tokens.append(Token(kind: .op(two), loc: loc))
        } else if Lexer.operatorChars.contains(c) {
          pos += 1
          if "([{".contains(c) { depth += 1 }
          if ")]}".contains(c) { depth -= 1 }
          tokens.append(Token(kind: .op(String(c)), loc: loc))
        } else {
          throw error("unexpected char '\(c)'", at: pos)
        }
      }
    }
  }

  private mutating func lexNumber() throws -> Token.Kind {
    let start = pos
    var isFloat = false
    func digits() {
      while pos < src.count, (src[pos].isASCII && src[pos].isNumber) || src[pos] == "_" { pos += 1 }
    }
    digits()
    if pos + 1 < src.count, src[pos] == ".", src[pos + 1].isASCII, src[pos + 1].isNumber {
      isFloat = true
      pos += 1
      digits()
    }
    if pos < src.count, src[pos] == "e" || src[pos] == "E" {
      var k = pos + 1
      if k < src.count, src[k] == "+" || src[k] == "-" { k += 1 }
      if k < src.count, src[k].isASCII, src[k].isNumber {
        isFloat = true
        pos = k
        digits()
      }
    }
    let text = String(src[start..<pos]).replacingOccurrences(of: "_", with: "")
    if isFloat { return .float(Double(text) ?? 0) }
    if let i = Int(text) { return .int(i) }
    throw error(IntegerMath.overflow(text).message, at: start)
  }

  private mutating func lexString(quote: Character) throws -> String {
    let start = pos
    pos += 1
    var out = ""
    while pos < src.count {
      let c = src[pos]
      if c == quote {
        pos += 1
        return out
      }
      if c == "\\", pos + 1 < src.count {
        let e = src[pos + 1]
        pos += 2
        switch e {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "0": out.append("\0")
        case "\\", "'", "\"": out.append(e)
        case "\n": break
        case "x", "u", "U":
          let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
          let hex = String(src[pos..<min(pos + n, src.count)])
          if hex.count == n, let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) {
            out.unicodeScalars.append(s)
            pos += n
          } else {
            throw error("invalid escape in string", at: pos)
          }
        default:
          out.append("\\")
          out.append(e)
        }
        continue
      }
      out.append(c)
      pos += 1
    }
    throw error("unterminated string", at: start)
  }
}
