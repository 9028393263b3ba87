import Foundation
import Jinja
import SwiftPlayCore

/// Makes one line of a text file be as asked: replaced where a regular expression (Python
/// syntax) or a plain string matches, inserted after or before a matching line (or at the
/// start or end), or removed. The file is read from the host, edited on the controller
/// and written back whole, so the host needs nothing but `sh`.
///
/// ```yaml
/// - name: no password logins
///   ansible.builtin.lineinfile:
///     path: /etc/ssh/sshd_config
///     regexp: '^#?PasswordAuthentication '
///     line: PasswordAuthentication no
///     validate: /usr/sbin/sshd -t -f %s
///     backup: true
/// - name: the host is known
///   ansible.builtin.lineinfile:
///     path: /etc/hosts
///     line: 10.0.0.5 db1
///     insertafter: '^127\.0\.0\.1'
/// ```
package struct LineInFileModule: PlannedModule {
  package static let name = "lineinfile"
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["dest", "destfile", "name"], required: true),
      .str("state", default: "present", choices: ["absent", "present"]), .str("regexp", aliases: ["regex"]),
      .str("search_string"), .str("line", aliases: ["value"]), .str("insertafter"), .str("insertbefore"),
      .bool("backrefs", default: false), .bool("create", default: false), .bool("backup", default: false),
      .bool("firstmatch", default: false), .str("validate"),
    ] + FileAttributes.options,
    mutuallyExclusive: [["insertbefore", "insertafter"], ["regexp", "search_string"], ["backrefs", "search_string"]])

  let edit: TextFileEdit
  let present: Bool
  let regexp: String?
  let searchString: String?
  let line: String?
  let insertAfter: String?
  let insertBefore: String?
  let backrefs: Bool
  let create: Bool
  let firstMatch: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let path = values.string("path") ?? ""
    present = values.string("state") == "present"
    regexp = values.string("regexp")
    searchString = values.string("search_string")
    line = values.string("line")
    insertAfter = values.string("insertafter")
    insertBefore = values.string("insertbefore")
    backrefs = values.bool("backrefs")
    create = values.bool("create")
    firstMatch = values.bool("firstmatch")
    if present {
      if backrefs && regexp == nil { throw ModuleError(module: Self.name, message: "regexp is required with backrefs=true") }
      if line == nil { throw ModuleError(module: Self.name, message: "line is required with state=present") }
    } else if regexp == nil && searchString == nil && line == nil {
      throw ModuleError(module: Self.name, message: "one of line, search_string, or regexp is required with state=absent")
    }
    edit = TextFileEdit(
      module: Self.name, path: path, attributes: try FileAttributes(values), backup: values.bool("backup"),
      validate: values.string("validate"))
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let current: TextFileEdit.Current
    switch try await edit.read(on: target) {
    case let .failed(plan): return plan
    case let .read(found): current = found
    }
    if present && !current.exists && !create {
      return FileModule.failure("Destination \(edit.path) does not exist !", ["rc": .int(257)])
    }
    if !present && !current.exists { return .unchanged(["msg": "file not present"]) }
    let result: TextEditResult
    do throws(PythonPatternError) {
      result = try transform(current.text)
    } catch {
      return FileModule.failure(error.message)
    }
    let after = result.changed ? result.text : nil
    let diff = after.map { [edit.contentDiff(before: current.text ?? "", after: $0)] } ?? []
    var values = result.values
    values["backup"] = ""
    return try await edit.plan(
      current, after: after, message: result.message, values: values, diff: diff, backupKey: "backup", on: target)
  }

  /// The file's new text (`original` nil when there is no file yet).
  func transform(_ original: String?) throws(PythonPatternError) -> TextEditResult {
    let lines = TextLines.split(original ?? "")
    if present {
      let edited = try LineInFileEdit.present(
        lines, regexp: regexp, searchString: searchString, line: line ?? "", insertAfter: insertAfter,
        insertBefore: insertBefore, backrefs: backrefs, firstMatch: firstMatch)
      return TextEditResult(text: edited.text, changed: edited.changed, message: edited.message)
    }
    let edited = try LineInFileEdit.absent(lines, regexp: regexp, searchString: searchString, line: line)
    return TextEditResult(text: edited.text, changed: edited.changed, message: edited.message, values: ["found": .int(edited.found)])
  }
}
