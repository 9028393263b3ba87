import Foundation
import Jinja

/// lineinfile's text transformation, on the controller: Ansible's `present` and `absent`
/// over the file's lines (each keeping its `\n`), with Python's regular expressions.
struct LineInFileEdit: Equatable {
  var lines: [String]
  var changed = false
  var message = ""
  /// For `absent`: how many lines were removed.
  var found = 0

  var text: String { lines.joined() }

  /// Makes `line` present: replaces the last (or first) line matching `regexp` or
  /// containing `searchString`, else inserts it after/before the last (or first) line
  /// matching `insertAfter`/`insertBefore` (`BOF`/`EOF` too), unless it is already there.
  static func present(
    _ lines: [String], regexp: String?, searchString: String?, line: String, insertAfter: String?,
    insertBefore: String?, backrefs: Bool, firstMatch: Bool
  ) throws(PythonPatternError) -> LineInFileEdit {
    var edit = LineInFileEdit(lines: lines)
    let compiled = try regexp.map { pattern throws(PythonPatternError) in try PythonPattern(pattern) }
    var insertAfter = insertAfter
    if insertAfter == nil && insertBefore == nil { insertAfter = "EOF" }
    var insertPattern: PythonPattern?
    if let after = insertAfter, after != "BOF", after != "EOF" {
      insertPattern = try PythonPattern(after)
    } else if let before = insertBefore, before != "BOF" {
      insertPattern = try PythonPattern(before)
    }
    var replaceIndex = -1
    var insertIndex = -1
    var match: PythonMatch?
    var matched = false
    if let compiled {
      for (number, current) in lines.enumerated() {
        guard let found = compiled.search(current) else { continue }
        replaceIndex = number
        match = found
        matched = true
        if firstMatch { break }
      }
    }
    if let searchString {
      for (number, current) in lines.enumerated() where current.range(of: searchString, options: .literal) != nil || searchString.isEmpty {
        replaceIndex = number
        matched = true
        if firstMatch { break }
      }
    }
    let isAfter = !(insertAfter ?? "").isEmpty
    let isBefore = !(insertBefore ?? "").isEmpty
    if !matched {
      for (number, current) in lines.enumerated() {
        if line == TextLines.stripEnd(current) {
          replaceIndex = number
        } else if let insertPattern, insertPattern.search(current) != nil {
          if isAfter {
            insertIndex = number + 1
            if firstMatch { break }
          }
          if isBefore {
            insertIndex = number
            if firstMatch { break }
          }
        }
      }
    }
    let added = line + "\n"
    func insert(_ at: Int) {
      edit.lines.insert(added, at: at)
      edit.message = "line added"
      edit.changed = true
    }
    if replaceIndex != -1 {
      var newLine = backrefs ? (match?.expand(line) ?? line) : line
      if !newLine.hasSuffix("\n") { newLine += "\n" }
      if edit.lines[replaceIndex] != newLine {
        edit.lines[replaceIndex] = newLine
        edit.message = "line replaced"
        edit.changed = true
      }
    } else if backrefs {
      // No match and backrefs: Ansible leaves the file alone.
    } else if insertBefore == "BOF" || insertAfter == "BOF" {
      insert(0)
    } else if insertAfter == "EOF" || insertIndex == -1 {
      if let last = edit.lines.last, !TextLines.hasEnd(last) { edit.lines.append("\n") }
      insert(edit.lines.count)
    } else if isAfter {
      if edit.lines.count == insertIndex {
        if TextLines.stripEnd(edit.lines[insertIndex - 1]) != line { insert(insertIndex) }
      } else if TextLines.stripEnd(edit.lines[insertIndex]) != line {
        insert(insertIndex)
      }
    } else {
      insert(insertIndex)
    }
    return edit
  }

  /// Removes every line matching `regexp`, containing `searchString`, or equal to `line`.
  static func absent(_ lines: [String], regexp: String?, searchString: String?, line: String?) throws(PythonPatternError) -> LineInFileEdit {
    let compiled = try regexp.map { pattern throws(PythonPatternError) in try PythonPattern(pattern) }
    var edit = LineInFileEdit(lines: [])
    for current in lines {
      let matches: Bool
      if let compiled {
        matches = compiled.search(current) != nil
      } else if let searchString {
        matches = searchString.isEmpty || current.range(of: searchString, options: .literal) != nil
      } else {
        matches = line == TextLines.stripEnd(current)
      }
      if matches { edit.found += 1 } else { edit.lines.append(current) }
    }
    edit.changed = edit.found > 0
    if edit.changed { edit.message = "\(edit.found) line(s) removed" }
    return edit
  }
}
