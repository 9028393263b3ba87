import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// Renders a Jinja template on the controller with the host's variables and writes the
/// result as copy writes a file: the SHA-1 of what is there decides whether anything
/// changes, with copy's diff, backup, validate, mode, owner and group. Besides the host's
/// variables the template sees `ansible_managed`, `template_host`, `template_path`,
/// `template_fullpath`, `template_destpath`, `template_uid`, `template_mtime` and
/// `template_run_date`, as in Ansible. `{% include %}`, `{% import %}` and `{% extends %}`
/// find templates as Ansible's template action does (`FileSearchPath.templateFolders`).
///
/// ```yaml
/// - name: the app's config
///   ansible.builtin.template:
///     src: app.conf.j2         # role templates/ first, then the task's and playbook's folders
///     dest: /etc/app/app.conf
///     mode: "0640"
///     backup: true
///     validate: /usr/sbin/app --check-config %s
///     lstrip_blocks: true
/// ```
package struct TemplateModule: PlannedModule {
  package static let name = "template"
  /// The delimiter options, each setting the template option of the same meaning.
  static let delimiters = [
    "block_end_string", "block_start_string", "comment_end_string", "comment_start_string", "variable_end_string",
    "variable_start_string",
  ]

  static func setDelimiter(_ key: String, _ value: String, in options: inout TemplateOptions) {
    switch key {
    case "block_end_string": options.blockEnd = value
    case "block_start_string": options.blockStart = value
    case "comment_end_string": options.commentEnd = value
    case "comment_start_string": options.commentStart = value
    case "variable_end_string": options.variableEnd = value
    default: options.variableStart = value
    }
  }
  /// Not implemented natively: `follow`. `output_encoding` takes the encodings
  /// `OutputEncoding` knows (refused otherwise, below); `state` is declared to be refused
  /// with the template action's message. `src` and `dest` are required, with its message too.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("src"), .path("dest"), .bool("backup", default: false), .bool("force", default: true), .str("validate"),
      .str("newline_sequence", default: "\\n"), .bool("trim_blocks", default: true),
      .bool("lstrip_blocks", default: false), .str("output_encoding", default: "utf-8"), .raw("state"),
    ] + delimiters.map { ArgumentOption.str($0) } + FileAttributes.options)

  let src: String
  let dest: String
  let options: TemplateOptions
  let newline: String
  /// `output_encoding`: how the rendered text is written.
  let encoding: OutputEncoding
  /// The copy that writes the rendered text; its source is filled in by `plan`.
  let copy: CopyModule

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    if values["state"] != nil {
      throw ModuleError(module: Self.name, message: "'state' cannot be specified on a template")
    }
    guard let src = values.string("src"), let dest = values.string("dest") else {
      throw ModuleError(module: Self.name, message: "src and dest are required")
    }
    self.src = src
    self.dest = dest
    let sequences = ["\n": "\n", "\r": "\r", "\r\n": "\r\n", "\\n": "\n", "\\r": "\r", "\\r\\n": "\r\n"]
    guard let newline = sequences[values.string("newline_sequence") ?? "\n"] else {
      throw ModuleError(module: Self.name, message: "newline_sequence needs to be one of: \\n, \\r or \\r\\n")
    }
    self.newline = newline
    var options = TemplateOptions(trimBlocks: values.bool("trim_blocks"), lstripBlocks: values.bool("lstrip_blocks"))
    for key in Self.delimiters {
      if let given = values.string(key) { Self.setDelimiter(key, given, in: &options) }
    }
    self.options = options
    let encodingName = values.string("output_encoding") ?? "utf-8"
    guard let encoding = OutputEncoding(encodingName) else {
      throw ModuleError.beyondNative(module: Self.name, message: "output_encoding '\(encodingName)' is not supported natively")
    }
    self.encoding = encoding
    var copyOptions = arguments.options.filter { CopyModule.argumentNames.contains($0.key) && $0.key != "content" }
    copyOptions["dest"] = .string(dest)
    copyOptions["src"] = .string(src)
    copy = try CopyModule(arguments: ModuleArguments(options: copyOptions))
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let found: String
    switch Self.find(src, in: target.searchPaths) {
    case let .success(path): found = path
    case let .failure(message): return FileModule.failure(message.description)
    }
    guard let data = FileManager.default.contents(atPath: found) else {
      return FileModule.failure("could not read the template \(found)")
    }
    guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
      return FileModule.failure("the template \(found) is not valid UTF-8")
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: found)
    var extra = Self.templateVariables(src: src, fullPath: found, dest: dest, attributes: attributes ?? [:])
    if target.templar.value(of: "ansible_managed") != nil { extra["ansible_managed"] = nil }
    let rendered: String
    do {
      rendered = try target.templar.renderFile(text, name: src, file: found, adding: extra, options: options, newline: newline)
    } catch {
      return FileModule.failure("error while templating \(found): \(error.description)")
    }
    let bytes: [UInt8]
    switch encoding.encode(rendered) {
    case let .success(encoded): bytes = encoded
    case let .failure(message): return FileModule.failure(message.description)
    }
    var copy = self.copy
    copy.src = found
    copy.preloaded = CopyModule.Source(
      bytes: bytes, path: found, mode: (attributes?[.posixPermissions] as? Int).map { $0 & 0o7777 })
    return try await copy.plan(on: target)
  }

  /// Where Ansible looks for a template: each search path's `templates/`, then the search
  /// path itself, then the controller's working folder.
  static func find(_ src: String, in searchPaths: [String]) -> Result<String, FailureMessage> {
    let cwd = FileManager.default.currentDirectoryPath
    var candidates: [String] = []
    if src.hasPrefix("/") {
      candidates = [src]
    } else {
      for folder in searchPaths + [cwd] { candidates += ["\(folder)/templates/\(src)", "\(folder)/\(src)"] }
    }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
        return .success(candidate.hasPrefix("/") ? candidate : cwd + "/" + candidate)
      }
    }
    return .failure(FailureMessage(
      "Could not find or access '\(src)'\nSearched in:\n\t" + candidates.joined(separator: "\n\t")
        + " on the Ansible Controller."))
  }

  struct FailureMessage: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
  }

  /// Ansible's template variables. Dates are written as Python prints a datetime.
  static func templateVariables(src: String, fullPath: String, dest: String, attributes: [FileAttributeKey: Any]) -> ValueDict {
    let mtime = (attributes[.modificationDate] as? Date) ?? Date()
    let owner = (attributes[.ownerAccountName] as? String)
      ?? (attributes[.ownerAccountID] as? NSNumber).map { $0.stringValue } ?? ""
    return [
      "template_host": .string(nodeName()),
      "template_path": .string(src),
      "template_fullpath": .string(fullPath),
      "template_destpath": .string(dest),
      "template_uid": .string(owner),
      "template_mtime": .string(pythonDate(mtime)),
      "template_run_date": .string(pythonDate(Date())),
      // Ansible's default `ansible_managed` string (its DEFAULT_MANAGED_STR).
      "ansible_managed": "Ansible managed",
    ]
  }

  /// The controller's host name, as Python's `os.uname()[1]`.
  static func nodeName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `str(datetime)`: local time, microseconds only when there are any.
  static func pythonDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone.current
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    let micro = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1_000_000)
    return formatter.string(from: date) + (micro == 0 ? "" : String(format: ".%06d", micro))
  }
}
