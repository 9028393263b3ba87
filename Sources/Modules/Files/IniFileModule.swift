import Foundation
import SwiftPlayCore

/// Sets, adds or removes an option in a section of an INI file (community.general's
/// ini_file): `option = value` lines are changed in place (a commented-out one is reused),
/// added after the section's last setting, or removed; sections are added at the end.
///
/// ```yaml
/// - name: containerd uses systemd cgroups
///   community.general.ini_file:
///     path: /etc/app/app.ini
///     section: server
///     option: workers
///     value: "4"
///     mode: "0644"
/// ```
package struct IniFileModule: PlannedModule {
  package static let name = "ini_file"
  package static let aliases = ["community.general.ini_file"]
  /// Not implemented natively: `section_has_values` and `follow`.
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["dest"], required: true), .str("section"), .str("option"), .str("value"),
      .list("values", of: .str), .bool("backup", default: false),
      .str("state", default: "present", choices: ["absent", "present"]), .bool("exclusive", default: true),
      .bool("no_extra_spaces", default: false), .bool("ignore_spaces", default: false),
      .bool("allow_no_value", default: false), .bool("modify_inactive_option", default: true),
      .bool("create", default: true),
    ] + FileAttributes.options,
    mutuallyExclusive: [["value", "values"]])

  let edit: TextFileEdit
  let options: IniFileEdit.Options
  let create: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let path = values.string("path") ?? ""
    var options = IniFileEdit.Options()
    options.section = values.string("section")
    options.option = values.string("option")
    let value = values.string("value")
    if let value {
      options.values = [value]
    } else if let values = values.strings("values") {
      options.values = values
    }
    options.present = values.string("state") == "present"
    options.exclusive = values.bool("exclusive")
    options.noExtraSpaces = values.bool("no_extra_spaces")
    options.ignoreSpaces = values.bool("ignore_spaces")
    options.allowNoValue = values.bool("allow_no_value")
    options.modifyInactiveOption = values.bool("modify_inactive_option")
    if options.present && !options.allowNoValue && value == nil && options.values.isEmpty {
      throw ModuleError(
        module: Self.name, message: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.")
    }
    self.options = options
    create = values.bool("create")
    edit = TextFileEdit(
      module: Self.name, path: path, attributes: try FileAttributes(values), backup: values.bool("backup"),
      validate: nil)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let current: TextFileEdit.Current
    switch try await edit.read(on: target) {
    case let .failed(plan): return plan
    case let .read(found): current = found
    }
    let path = edit.path
    if !current.exists && !create {
      return FileModule.failure("Destination \(path) does not exist!", ["rc": .int(257)])
    }
    let outcome = IniFileEdit.apply(current.text, options)
    let diff = outcome.changed ? [edit.contentDiff(before: current.text ?? "", after: outcome.text)] : []
    return try await edit.plan(
      current, after: outcome.changed ? outcome.text : nil, message: outcome.message, values: ["path": .string(path)],
      diff: diff, backupKey: "backup_file", pathInfo: true, quietAttributes: true, on: target)
  }

  /// The file's new text (`original` nil when there is no file yet).
  func transform(_ original: String?) -> TextEditResult {
    let outcome = IniFileEdit.apply(original, options)
    return TextEditResult(text: outcome.text, changed: outcome.changed, message: outcome.message)
  }
}
