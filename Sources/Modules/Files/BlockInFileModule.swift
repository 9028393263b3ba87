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
public struct BlockInFileModule: PlannedModule {
  public static let name = "blockinfile"
  public static let pathOptions: Set<String> = ["path", "dest", "destfile", "name"]
  public static let argumentNames: Set<String> = FileAttributes.names.union([
    "path", "dest", "destfile", "name", "state", "marker", "block", "content", "insertafter", "insertbefore",
    "create", "backup", "validate", "marker_begin", "marker_end", "append_newline", "prepend_newline",
  ])

  let edit: TextFileEdit
  let options: BlockInFileEdit.Options
  let create: Bool

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    let path = try reader.required("path", aliases: ["dest", "destfile", "name"])
    var options = BlockInFileEdit.Options()
    options.present = try reader.choice("state", ["absent", "present"], default: "present") == "present"
    options.block = reader.string("block", aliases: ["content"]) ?? ""
    options.marker = reader.string("marker") ?? options.marker
    options.markerBegin = reader.string("marker_begin") ?? options.markerBegin
    options.markerEnd = reader.string("marker_end") ?? options.markerEnd
    options.insertAfter = reader.string("insertafter")
    options.insertBefore = reader.string("insertbefore")
    options.appendNewline = try reader.bool("append_newline", default: false)
    options.prependNewline = try reader.bool("prepend_newline", default: false)
    if options.insertAfter != nil && options.insertBefore != nil {
      throw ModuleError(module: Self.name, message: "parameters are mutually exclusive: insertbefore|insertafter")
    }
    self.options = options
    create = try reader.bool("create", default: false)
    edit = TextFileEdit(
      module: Self.name, path: path, attributes: try FileAttributes(reader),
      backup: try reader.bool("backup", default: false), validate: reader.string("validate"))
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
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
