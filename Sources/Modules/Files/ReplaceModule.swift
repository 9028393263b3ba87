import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// Replaces every match of a Python regular expression (multiline: `^` and `$` match at
/// each line) in a text file, optionally only in the part after one pattern and/or
/// before another. Back-references (`\1`, `\g<name>`) work in `replace`.
///
/// ```yaml
/// - name: swap stays off
///   ansible.builtin.replace:
///     path: /etc/fstab
///     regexp: '^([^#].*\sswap\s.*)$'
///     replace: '# \1'
/// ```
package struct ReplaceModule: PlannedModule {
  package static let name = "replace"
  /// `encoding` takes only UTF-8 (refused otherwise, below).
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["dest", "destfile", "name"], required: true), .str("regexp", required: true),
      .str("replace", default: ""), .str("after"), .str("before"), .bool("backup", default: false), .str("validate"),
      .str("encoding", default: "utf-8"),
    ] + FileAttributes.options)

  let edit: TextFileEdit
  let regexp: String
  let replacement: String
  let after: String?
  let before: String?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let path = values.string("path") ?? ""
    regexp = values.string("regexp") ?? ""
    replacement = values.string("replace") ?? ""
    after = values.string("after").flatMap { $0.isEmpty ? nil : $0 }
    before = values.string("before").flatMap { $0.isEmpty ? nil : $0 }
    if let encoding = values.string("encoding"), !["utf-8", "utf8", "UTF-8", "UTF8"].contains(encoding) {
      throw ModuleError.beyondNative(module: Self.name, message: "encoding \(encoding) is not supported; swiftplay edits UTF-8 files only")
    }
    edit = TextFileEdit(
      module: Self.name, path: path, attributes: try FileAttributes(values), backup: values.bool("backup"),
      validate: values.string("validate"))
  }

  /// What replace does to `contents`: the new text and the number of replacements, or a
  /// message when `after`/`before` do not match (nothing changes then).
  static func apply(
    _ contents: String, regexp: String, replacement: String, after: String?, before: String?
  ) throws(PythonPatternError) -> (text: String, count: Int, unmatched: String?) {
    var section = contents[...]
    var pattern = ""
    if let after, let before {
      pattern = "\(after)(?P<subsection>.*?)\(before)"
    } else if let after {
      pattern = "\(after)(?P<subsection>.*)"
    } else if let before {
      pattern = "(?P<subsection>.*)\(before)"
    }
    if !pattern.isEmpty {
      guard let match = try PythonPattern(pattern, dotAll: true).search(contents),
        let range = match.range(named: "subsection")
      else {
        return (contents, 0, "Pattern for before/after params did not match the given file: \(pattern)")
      }
      section = contents[range]
    }
    let (replaced, count) = try PythonPattern(regexp, multiline: true).substitute(replacement, in: String(section))
    guard count > 0, replaced != section else { return (contents, 0, nil) }
    return (String(contents[..<section.startIndex]) + replaced + contents[section.endIndex...], count, nil)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let current: TextFileEdit.Current
    switch try await edit.read(on: target) {
    case let .failed(plan): return plan
    case let .read(found): current = found
    }
    guard let contents = current.text else {
      return FileModule.failure("Path \(edit.path) does not exist !", ["rc": .int(257)])
    }
    let outcome: (text: String, count: Int, unmatched: String?)
    do throws(PythonPatternError) {
      outcome = try Self.apply(contents, regexp: regexp, replacement: replacement, after: after, before: before)
    } catch {
      return FileModule.failure("Unable to process replace due to error: \(error.message)")
    }
    if let unmatched = outcome.unmatched { return .unchanged(["rc": 0, "msg": .string(unmatched)]) }
    let changed = outcome.count > 0
    let diff: [ValueDict] = changed
      ? [["before_header": .string(edit.path), "before": .string(contents), "after_header": .string(edit.path), "after": .string(outcome.text)]]
      : []
    return try await edit.plan(
      current, after: changed ? outcome.text : nil, message: changed ? "\(outcome.count) replacements made" : "",
      values: ["rc": 0], diff: diff, backupKey: "backup_file", on: target)
  }

  /// The file's new text.
  func transform(_ original: String?) throws(PythonPatternError) -> TextEditResult {
    let contents = original ?? ""
    let outcome = try Self.apply(contents, regexp: regexp, replacement: replacement, after: after, before: before)
    if let unmatched = outcome.unmatched { return TextEditResult(text: contents, changed: false, message: unmatched) }
    let changed = outcome.count > 0
    return TextEditResult(text: outcome.text, changed: changed, message: changed ? "\(outcome.count) replacements made" : "")
  }
}
