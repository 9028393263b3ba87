import Foundation
import Jinja

/// ini_file's text transformation, on the controller, following community.general's
/// module line by line: options are found (also commented out, unless
/// `modify_inactive_option` is false), changed in place, added after the section's last
/// setting, or removed; a missing section is appended at the end.
enum IniFileEdit {
  struct Options: Sendable, Equatable {
    var section: String?
    var option: String?
    var values: [String] = []
    var present = true
    var exclusive = true
    var noExtraSpaces = false
    var ignoreSpaces = false
    var allowNoValue = false
    var modifyInactiveOption = true
  }

  struct Outcome: Sendable, Equatable {
    var text: String
    var changed: Bool
    var message: String
  }

  /// The section name the module uses for settings before any section header.
  static let noSection = "ad01e11446efb704fcdbdb21f2c43757423d91c5"

  static func option(_ option: String, in line: String, active: Bool = false) -> PythonMatch? {
    let prefix = active ? "()()" : "( |\\t)*([#;]?)"
    let pattern = try? PythonPattern("\(prefix)( |\\t)*(\(PythonPattern.escape(option)))( |\\t)*(=|$)( |\\t)*(.*)")
    return pattern?.match(line)
  }

  static func apply(_ original: String?, _ options: Options) -> Outcome {
    var values: [String] = []
    for value in options.values where !values.contains(value) { values.append(value) }
    // Python reads the file in text mode: universal newlines, a UTF-8 BOM dropped.
    var text = original ?? ""
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var lines = TextLines.splitUniversal(text).map { TextLines.hasEnd($0) ? TextLines.stripEnd($0) + "\n" : $0 }
    var changed = false
    if lines.isEmpty { lines.append("\n") }
    if let last = lines.last, !last.hasSuffix("\n") {
      lines[lines.count - 1] += "\n"
      changed = true
    }
    lines.insert("[\(noSection)]", at: 0)
    lines.append("[")
    let section = (options.section ?? "").isEmpty ? noSection : options.section ?? noSection
    let format = { (option: String, value: String) in
      options.noExtraSpaces ? "\(option)=\(value)\n" : "\(option) = \(value)\n"
    }
    var message = "OK"
    var optionNoValuePresent = false
    let blankOrComment = try? PythonPattern("^[ \\t]*([#;].*)?$")
    let sectionName = section.trimmingCharacters(in: .whitespacesAndNewlines)
    let sectionPattern = try? PythonPattern("^\\[\\s*\(PythonPattern.escape(sectionName))\\s*]")
    var withinSection = false
    var start = 0
    var end = 0
    for (index, line) in lines.enumerated() {
      if withinSection && line.hasPrefix("[") {
        end = index
        break
      }
      if sectionPattern?.match(line) != nil {
        withinSection = true
        start = index
      }
    }
    let before = Array(lines[0..<start])
    var sectionLines = Array(lines[start..<end])
    let after = Array(lines[end...])
    var changedLines = [Bool](repeating: false, count: sectionLines.count)
    let matches = { (option: String, line: String) in Self.option(option, in: line, active: !options.modifyInactiveOption) }

    func update(_ option: String, _ index: Int, _ newLine: String) {
      var optionChanged: Bool?
      if options.ignoreSpaces, let old = Self.option(option, in: sectionLines[index]), (old.group(2) ?? "").isEmpty {
        optionChanged = old.group(8) != Self.option(option, in: newLine)?.group(8)
      }
      let isChanged = optionChanged ?? (sectionLines[index] != newLine)
      if isChanged {
        sectionLines[index] = newLine
        message = "option changed"
        changed = true
      }
      changedLines[index] = true
    }

    if options.present, let option = options.option, !option.isEmpty {
      for index in sectionLines.indices {
        guard let match = matches(option, sectionLines[index]) else { continue }
        let matchedValue = match.group(8) ?? ""
        if !values.isEmpty, let position = values.firstIndex(of: matchedValue) {
          if matchedValue.isEmpty && options.allowNoValue {
            update(option, index, option + "\n")
            optionNoValuePresent = true
          } else {
            update(option, index, format(option, matchedValue))
          }
          values.remove(at: position)
        } else if values.isEmpty && options.allowNoValue {
          update(option, index, option + "\n")
          optionNoValuePresent = true
          break
        }
      }
    }

    if options.present && options.exclusive && !options.allowNoValue, let option = options.option {
      if !values.isEmpty {
        for index in sectionLines.indices where !changedLines[index] && matches(option, sectionLines[index]) != nil {
          update(option, index, format(option, values.removeFirst()))
          if values.isEmpty { break }
        }
      }
      var index = sectionLines.count - 1
      while index > 0 {
        if !changedLines[index] && matches(option, sectionLines[index]) != nil {
          sectionLines.remove(at: index)
          changedLines.remove(at: index)
          changed = true
          message = "option changed"
        }
        index -= 1
      }
    }

    if options.present {
      var index = sectionLines.count
      while index > 0 {
        if blankOrComment?.match(sectionLines[index - 1]) == nil {
          if let option = options.option, !option.isEmpty, !values.isEmpty {
            for value in values.reversed() { sectionLines.insert(format(option, value), at: index) }
            message = "option added"
            changed = true
          } else if let option = options.option, !option.isEmpty, values.isEmpty, options.allowNoValue, !optionNoValuePresent {
            sectionLines.insert(option + "\n", at: index)
            message = "option added"
            changed = true
          }
          break
        }
        index -= 1
      }
    } else if let option = options.option, !option.isEmpty {
      var kept = sectionLines
      if options.exclusive {
        kept = sectionLines.filter { Self.option(option, in: $0, active: true) == nil }
      } else if !values.isEmpty {
        kept = sectionLines.filter { line in
          guard let match = Self.option(option, in: line, active: true) else { return true }
          return !values.contains(match.group(8) ?? "")
        }
      }
      if kept != sectionLines {
        changed = true
        message = "option changed"
        sectionLines = kept
      }
    } else if !sectionLines.isEmpty {
      sectionLines = []
      message = "section removed"
      changed = true
    }

    lines = before + sectionLines + after
    lines.removeFirst()
    lines.removeLast()

    if !withinSection && options.present {
      lines.append("[\(section)]\n")
      message = "section and option added"
      if let option = options.option, !option.isEmpty, !values.isEmpty {
        for value in values { lines.append(format(option, value)) }
      } else if let option = options.option, !option.isEmpty, options.allowNoValue {
        lines.append(option + "\n")
      } else {
        message = "only section added"
      }
      changed = true
    }
    return Outcome(text: lines.joined(), changed: changed, message: message)
  }
}
