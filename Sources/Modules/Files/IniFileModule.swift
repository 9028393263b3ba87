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
public struct IniFileModule: PlannedModule {
  public static let name = "ini_file"
  public static let aliases = ["community.general.ini_file"]
  public static let pathOptions: Set<String> = ["path", "dest"]
  public static let argumentNames: Set<String> = FileAttributes.names.union([
    "path", "dest", "section", "section_has_values", "option", "value", "values", "backup", "state", "exclusive",
    "no_extra_spaces", "ignore_spaces", "allow_no_value", "modify_inactive_option", "create", "follow",
  ])

  let edit: TextFileEdit
  let options: IniFileEdit.Options
  let create: Bool

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    let path = try reader.required("path", aliases: ["dest"])
    if reader.value("section_has_values") != nil {
      throw ModuleError(module: Self.name, message: "section_has_values is not supported by swiftplay yet")
    }
    var options = IniFileEdit.Options()
    options.section = reader.string("section")
    options.option = reader.string("option")
    let value = reader.string("value")
    let values = reader.value("values")
    if value != nil && values != nil {
      throw ModuleError(module: Self.name, message: "parameters are mutually exclusive: value|values")
    }
    if let value {
      options.values = [value]
    } else if case let .array(items)? = values {
      options.values = items.map(\.text)
    } else if let values {
      options.values = values.text.split(separator: ",").map(String.init)
    }
    options.present = try reader.choice("state", ["absent", "present"], default: "present") == "present"
    options.exclusive = try reader.bool("exclusive", default: true)
    options.noExtraSpaces = try reader.bool("no_extra_spaces", default: false)
    options.ignoreSpaces = try reader.bool("ignore_spaces", default: false)
    options.allowNoValue = try reader.bool("allow_no_value", default: false)
    options.modifyInactiveOption = try reader.bool("modify_inactive_option", default: true)
    _ = try reader.bool("follow", default: false)
    if options.present && !options.allowNoValue && value == nil && options.values.isEmpty {
      throw ModuleError(
        module: Self.name, message: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.")
    }
    self.options = options
    create = try reader.bool("create", default: true)
    edit = TextFileEdit(
      module: Self.name, path: path, attributes: try FileAttributes(reader),
      backup: try reader.bool("backup", default: false), validate: nil)
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
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
