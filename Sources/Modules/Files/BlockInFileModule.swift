import Foundation
import Jinja
import SwiftPlayCore

/// Keeps a block of lines between two marker lines in a text file: inserted (at the end,
/// the start, or after/before a line matching a Python regular expression), replaced
/// when it differs, or removed with `state: absent`.
///
/// ```yaml
/// - name: the cluster's hosts
///   ansible.builtin.blockinfile:
///     path: /etc/hosts
///     marker: "# {mark} CLUSTER HOSTS"
///     block: |
///       10.0.0.10 cp1
///       10.0.0.11 worker1
/// ```
package struct BlockInFileModule: PlannedModule {
  package static let name = "blockinfile"
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["dest", "destfile", "name"], required: true),
      .str("state", default: "present", choices: ["absent", "present"]),
      .str("marker", default: "# {mark} ANSIBLE MANAGED BLOCK"), .str("block", default: "", aliases: ["content"]),
      .str("insertafter"), .str("insertbefore"), .bool("create", default: false), .bool("backup", default: false),
      .str("validate"), .str("marker_begin", default: "BEGIN"), .str("marker_end", default: "END"),
      .bool("append_newline", default: false), .bool("prepend_newline", default: false),
    ] + FileAttributes.options,
    mutuallyExclusive: [["insertbefore", "insertafter"]])

  let edit: TextFileEdit
  let options: BlockInFileEdit.Options
  let create: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let path = values.string("path") ?? ""
    var options = BlockInFileEdit.Options()
    options.present = values.string("state") == "present"
    options.block = values.string("block") ?? ""
    options.marker = values.string("marker") ?? options.marker
    options.markerBegin = values.string("marker_begin") ?? options.markerBegin
    options.markerEnd = values.string("marker_end") ?? options.markerEnd
    options.insertAfter = values.string("insertafter")
    options.insertBefore = values.string("insertbefore")
    options.appendNewline = values.bool("append_newline")
    options.prependNewline = values.bool("prepend_newline")
    self.options = options
    create = values.bool("create")
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
    let path = edit.path
    if !current.exists {
      if !create { return FileModule.failure("Path \(path) does not exist !", ["rc": .int(257)]) }
      if !options.present { return .unchanged(["msg": .string("File \(path) not present")]) }
    }
    let result: TextEditResult
    do throws(PythonPatternError) {
      result = try transform(current.text)
    } catch {
      return FileModule.failure(error.message)
    }
    let diff = result.changed ? [edit.contentDiff(before: current.text ?? "", after: result.text)] : []
    return try await edit.plan(
      current, after: result.changed ? result.text : nil, message: result.message, values: [:], diff: diff, backupKey: "backup_file", on: target)
  }

  /// The file's new text (`original` nil when there is no file yet).
  func transform(_ original: String?) throws(PythonPatternError) -> TextEditResult {
    let result = try BlockInFileEdit.apply(original, options)
    let changed = original != result
    let message = !changed ? "" : original == nil ? "File created" : !options.present || options.block.isEmpty ? "Block removed" : "Block inserted"
    return TextEditResult(text: result, changed: changed, message: message)
  }
}
