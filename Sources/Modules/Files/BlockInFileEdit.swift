import Foundation
import Jinja

/// blockinfile's text transformation, on the controller: the block between its two marker
/// lines is replaced, inserted (after/before a matching line, at the start or end) or
/// removed, as Ansible's module does.
enum BlockInFileEdit {
  struct Options: Sendable, Equatable {
    var block = ""
    var marker = "# {mark} ANSIBLE MANAGED BLOCK"
    var markerBegin = "BEGIN"
    var markerEnd = "END"
    var insertAfter: String?
    var insertBefore: String?
    var present = true
    var appendNewline = false
    var prependNewline = false
  }

  /// The new text for `original` (nil when the file does not exist).
  static func apply(_ original: String?, _ options: Options) throws(PythonPatternError) -> String {
    var lines = original.map(TextLines.splitUniversal) ?? []
    var insertAfter = options.insertAfter
    let insertBefore = options.insertBefore
    if insertBefore == nil && insertAfter == nil { insertAfter = "EOF" }
    var insertPattern: PythonPattern?
    if let after = insertAfter, after != "EOF" {
      insertPattern = try PythonPattern(after)
    } else if let before = insertBefore, before != "BOF" {
      insertPattern = try PythonPattern(before)
    }
    let begin = options.marker.replacingOccurrences(of: "{mark}", with: options.markerBegin) + "\n"
    let end = options.marker.replacingOccurrences(of: "{mark}", with: options.markerEnd) + "\n"
    var blockLines: [String] = []
    if options.present && !options.block.isEmpty {
      var block = options.block
      if !block.hasSuffix("\n") { block += "\n" }
      blockLines = [begin] + TextLines.splitUniversal(block) + [end]
    }
    var first: Int?
    var last: Int?
    for (index, line) in lines.enumerated() {
      if line == begin { first = index }
      if line == end { last = index }
    }
    var at: Int
    if let first, let last {
      if first < last {
        lines.removeSubrange(first...last)
        at = first
      } else {
        lines.removeSubrange(last...first)
        at = last
      }
    } else if let insertPattern {
      var found: Int?
      if insertPattern.hasInlineMultiline {
        let text = original ?? ""
        if let match = insertPattern.search(text) {
          let bound = insertAfter != nil ? match.range.upperBound : match.range.lowerBound
          found = text[..<bound].utf8.filter { $0 == UInt8(ascii: "\n") }.count
        }
      } else {
        for (index, line) in lines.enumerated() where insertPattern.search(line) != nil { found = index }
      }
      if let index = found {
        at = insertAfter != nil ? index + 1 : index
      } else {
        at = lines.count
      }
    } else if insertBefore != nil {
      at = 0
    } else {
      at = lines.count
    }
    if at > 0, !lines[at - 1].hasSuffix("\n") { lines[at - 1] += "\n" }
    if options.prependNewline && options.present, at != 0, lines[at - 1] != "\n" {
      lines.insert("\n", at: at)
      at += 1
    }
    lines.insert(contentsOf: blockLines, at: at)
    if options.appendNewline && options.present {
      let after = at + blockLines.count
      if after < lines.count, lines[after] != "\n" { lines.insert("\n", at: after) }
    }
    return lines.joined()
  }
}
