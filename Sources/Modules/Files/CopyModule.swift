import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// Puts a file from the controller (or given inline as `content`) on the host. The SHA-1
/// of what is there decides whether anything changes; the new file is written beside the
/// old one and renamed into place, so a reader never sees half a file. With `remote_src`
/// the source is a file on the host itself.
///
/// ```yaml
/// - name: the app's config
///   ansible.builtin.copy:
///     src: app.conf            # role files/ first, then the task's and playbook's folders
///     dest: /etc/app/app.conf
///     owner: root
///     mode: "0640"
///     backup: true
///     validate: /usr/sbin/app --check-config %s
/// - name: a marker
///   ansible.builtin.copy:
///     content: "managed by swiftplay\n"
///     dest: /etc/app/MANAGED
/// ```
package struct CopyModule: PlannedModule {
  package static let name = "copy"
  /// Not implemented natively: `follow`, `local_follow`, `checksum` and `decrypt`. `src`
  /// is text, not a path: a controller file is found on the controller, not expanded on
  /// the host.
  /// `content` is raw: a list or mapping is written as JSON, as Ansible's copy action does.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("src"), .raw("content", noLog: true), .path("dest", required: true), .bool("backup", default: false),
      .bool("force", default: true), .bool("remote_src", default: false), .str("validate"), .raw("directory_mode"),
    ] + FileAttributes.options)
  /// Ansible shows no text diff for files larger than this (its `max_diff_size`).
  static let maxDiffSize = 104_448

  var src: String?
  let content: String?
  var dest: String
  /// For folder copies: the mode of folders it makes.
  let directoryMode: FileMode?
  let backup: Bool
  let force: Bool
  let remoteSource: Bool
  let validate: String?
  let preserveMode: Bool
  let attributes: FileAttributes
  /// A source made on the controller (the template module's rendered text), written as if
  /// it were the file `src` names.
  var preloaded: Source?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    dest = values.string("dest") ?? ""
    src = values.string("src")
    switch values["content"] {
    case nil: content = nil
    case let .string(text)?: content = text
    // Ansible writes a list or mapping as JSON, any other value as Python prints it (True).
    case let value? where value.isContainer: content = JSON.dump(value)
    case let value?: content = value.plainText
    }
    if src != nil && content != nil {
      throw ModuleError(module: Self.name, message: "src and content are mutually exclusive")
    }
    if src == nil && content == nil { throw ModuleError(module: Self.name, message: "src (or content) is required") }
    backup = values.bool("backup")
    force = values.bool("force")
    remoteSource = values.bool("remote_src")
    validate = values.string("validate")
    directoryMode = try FileMode.parse(values["directory_mode"], module: Self.name)
    preserveMode = values.string("mode") == "preserve"
    var attributes = try FileAttributes(preserveMode ? ArgumentValues(module: Self.name, values: [:]) : values)
    if preserveMode {
      attributes.owner = values.string("owner").flatMap { $0.isEmpty ? nil : $0 }
      attributes.group = values.string("group").flatMap { $0.isEmpty ? nil : $0 }
    }
    self.attributes = attributes
  }

  /// The source: its bytes and the name the diff and result show for it.
  struct Source: Sendable {
    var bytes: [UInt8]
    var path: String?
    var mode: Int?
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if remoteSource { return try await planRemoteSource(on: target) }
    if preloaded == nil, let folder = sourceFolder(searchPaths: target.searchPaths) { return try await planFolder(folder, on: target) }
    let source: Source
    switch loadSource(searchPaths: target.searchPaths) {
    case let .success(found): source = found
    case let .failure(error): return FileModule.failure(error.message)
    }
    let baseName = src.map { URL(fileURLWithPath: $0).lastPathComponent } ?? ""
    if content != nil && dest.hasSuffix("/") { return FileModule.failure("can not use content with a dir as dest") }
    let found = Self.parseProbe(try await target.run(probeCommand(baseName: content == nil ? baseName : nil)).stdout)
    let checksum = Digest.sha1Hex(source.bytes)
    let path = found.dest ?? dest
    if content != nil && found.state?.kind == .directory {
      return FileModule.failure("can not use content with a dir as dest")
    }
    if found.state != nil && !force {
      return .unchanged(["dest": .string(path), "src": .string(source.path ?? path)])
    }
    if found.checksum == checksum, let state = found.state {
      return try await planAttributes(path, state, checksum: checksum, on: target)
    }
    let diff = try await textDiff(path, found: found, source: source, on: target)
    guard found.parentExists else { return Self.missingParent(of: path, checksum: checksum, diff: diff) }
    let mode = preserveMode ? source.mode : nil
    let existing = found.state
    return ModulePlan(result: ModuleResult(changed: true, diff: diff)) { target async throws(ConnectionError) in
      try await self.write(source, to: path, existing: existing, mode: mode, checksum: checksum, diff: diff, on: target)
    }
  }

  /// Reads `content`, or `src` from the controller: a relative `src` is looked for in each
  /// search path's `files/` and then in the search path itself, as Ansible does.
  /// A destination whose folder does not exist: Ansible's copy fails when it runs, and in
  /// check mode (where an earlier task would have made the folder) reports a change.
  static func missingParent(of path: String, checksum: String, diff: [ValueDict] = []) -> ModulePlan {
    let parent = FileModule.dirname(path)
    let message = "Destination directory \(parent.isEmpty ? "." : parent) does not exist"
    var wouldChange = ModuleResult(changed: true)
    wouldChange.diff = diff
    return ModulePlan(result: wouldChange) { _ async throws(ConnectionError) in
      ModuleResult(changed: false, failed: true, values: ["checksum": .string(checksum), "msg": .string(message)])
    }
  }

  func loadSource(searchPaths: [String]) -> Result<Source, ModuleError> {
    if let content { return .success(Source(bytes: Array(content.utf8), path: nil, mode: nil)) }
    if let preloaded { return .success(preloaded) }
    let src = self.src ?? ""
    var candidates: [String] = []
    if src.hasPrefix("/") {
      candidates = [src]
    } else {
      let folders = searchPaths + ["."]
      for folder in folders { candidates += ["\(folder)/files/\(src)", "\(folder)/\(src)"] }
    }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        return .failure(ModuleError(module: Self.name, message: "copying a folder (\(candidate)) is not supported yet; copy its files one by one"))
      }
      guard let data = FileManager.default.contents(atPath: candidate) else { continue }
      let mode = (try? FileManager.default.attributesOfItem(atPath: candidate)[.posixPermissions] as? Int) ?? nil
      let shown = candidate.hasPrefix("./") ? FileManager.default.currentDirectoryPath + candidate.dropFirst() : candidate
      return .success(Source(bytes: [UInt8](data), path: shown, mode: mode))
    }
    return .failure(ModuleError(
      module: Self.name,
      message: "Could not find or access '\(src)'\nSearched in:\n\t" + candidates.joined(separator: "\n\t")
        + " on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, "
        + "see the remote_src option"))
  }

  /// One command: where the file goes (into `dest` when it is a folder), what is there,
  /// its SHA-1, and whether the folder to write into exists.
  func probeCommand(baseName: String?) -> String {
    var lines = ["d=\(ShellQuote.quote(dest))"]
    if let baseName {
      lines.append("case \"$d\" in */) d=\"$d\"\(ShellQuote.quote(baseName)) ;; *) [ -d \"$d\" ] && d=\"$d\"/\(ShellQuote.quote(baseName)) ;; esac")
    }
    lines += [
      ProbeWord.echo("dest", variable: "d"),
      "if [ -e \"$d\" ]; then echo \"stat=$(stat -L -c '\(PathState.format)' -- \"$d\" 2>/dev/null || stat -L -c '\(PathState.plainFormat)' -- \"$d\")\"; fi",
      "if [ -f \"$d\" ] && [ -r \"$d\" ]; then echo \"sum=$(sha1sum < \"$d\" | cut -d' ' -f1)\"; fi",
      "case \"$d\" in */*) parent=\"${d%/*}\" ;; *) parent=. ;; esac",
      "[ -d \"${parent:-/}\" ] && echo parent=yes",
      "exit 0",
    ]
    return lines.joined(separator: "\n")
  }

  struct Probe: Sendable {
    var dest: String?
    var state: PathState?
    var checksum: String?
    var parentExists = false
  }

  static func parseProbe(_ output: String) -> Probe {
    var probe = Probe()
    for line in output.split(separator: "\n") {
      if line.hasPrefix("dest=") { probe.dest = ProbeWord.decode(line.dropFirst(5)) }
      if line.hasPrefix("stat=") { probe.state = PathState.parseLine(line.dropFirst(5)) }
      if line.hasPrefix("sum=") { probe.checksum = String(line.dropFirst(4)) }
      if line == "parent=yes" { probe.parentExists = true }
    }
    return probe
  }
}
