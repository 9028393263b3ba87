import Foundation
import SwiftPlayCore
import ValueModel

/// Unpacks a tar (plain, gzip, bzip2, xz, zstd) or zip archive into an existing folder on
/// the host with GNU tar or unzip there. The archive comes from the controller (looked for
/// in `files/` as copy's `src`), is already on the host (`remote_src: true`), or is
/// downloaded there from a URL (`remote_src: true` and `src` with `://`).
///
/// The archive's members are compared with what is in `dest` (type; size and modification
/// time of files; link targets; permission bits; owner and group when given): when all
/// match the task is ok and nothing is unpacked. `creates` skips the task when that path
/// exists, as Ansible's "skipped, since X exists". `mode`, `owner` and `group` apply to
/// every member. Check mode predicts from the same comparison (Ansible skips tar archives
/// in check mode).
///
/// ```yaml
/// - name: the release into /opt/app
///   ansible.builtin.unarchive:
///     src: app-1.2.tar.gz           # on the controller; uploaded for the task
///     dest: /opt/app
///     creates: /opt/app/bin/app
///     owner: app
///     extra_opts: [--strip-components=1]
/// - ansible.builtin.unarchive:
///     src: /var/cache/tools.zip
///     dest: /usr/local/lib/tools
///     remote_src: true
///     list_files: true
/// ```
package struct UnarchiveModule: PlannedModule {
  package static let name = "unarchive"
  /// Not implemented natively: `decrypt`. `io_buffer_size` is accepted and changes
  /// nothing (tar and unzip choose their own buffers). `src` is text: a controller file is
  /// found on the controller. Missing `src`/`dest` and `copy` with `remote_src` fail per
  /// host, as Ansible's action does.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("src"), .path("dest"), .bool("remote_src", default: false), .bool("copy", default: true),
      .path("creates"), .bool("list_files", default: false), .bool("keep_newer", default: false),
      .list("exclude", of: .str, default: []), .list("include", of: .str, default: []),
      .list("extra_opts", of: .str, default: []), .bool("validate_certs", default: true), .int("io_buffer_size", default: 65536),
    ] + FileAttributes.options)

  let src: String
  let dest: String
  let remoteSource: Bool
  /// Ansible's runtime failure for options that may not go together, reported per host.
  let conflict: String?
  let creates: String?
  let listFiles: Bool
  let keepNewer: Bool
  let exclude: [String]
  let include: [String]
  let extraOptions: [String]
  let validateCerts: Bool
  let attributes: FileAttributes

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    src = values.string("src") ?? ""
    dest = values.string("dest") ?? ""
    var conflict: String?
    if src.isEmpty || dest.isEmpty { conflict = "src (or content) and dest are required" }
    var remote = values.bool("remote_src")
    if values.isGiven("copy") {
      if values.isGiven("remote_src") { conflict = "parameters are mutually exclusive: ('copy', 'remote_src')" }
      remote = !values.bool("copy")
    }
    remoteSource = remote
    creates = values.string("creates").flatMap { $0.isEmpty ? nil : $0 }
    listFiles = values.bool("list_files")
    keepNewer = values.bool("keep_newer")
    exclude = values.strings("exclude") ?? []
    include = values.strings("include") ?? []
    if !exclude.isEmpty && !include.isEmpty { conflict = conflict ?? "parameters are mutually exclusive: include, exclude" }
    self.conflict = conflict
    extraOptions = values.strings("extra_opts") ?? []
    validateCerts = values.bool("validate_certs")
    attributes = try FileAttributes(values)
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if let conflict { return FileModule.failure(conflict) }
    if let creates {
      let exists = try await target.run("[ -e \(ShellQuote.quote(creates)) ] || [ -h \(ShellQuote.quote(creates)) ]")
      if exists.rc == 0 {
        return .unchanged(["skipped": true, "msg": .string("skipped, since \(creates) exists")])
      }
    }
    var archive: [UInt8]?
    if !remoteSource {
      if src.contains("://") {
        return FileModule.failure("Unsupported option, an URI src (\(GetUrlModule.masked(src))) is only supported when remote_src is True")
      }
      switch Self.loadController(src, searchPaths: target.searchPaths) {
      case let .failure(error): return FileModule.failure(error.message)
      case let .success(bytes): archive = bytes
      }
    }
    guard let destination = try await PathState.probe(dest, follow: true, on: target), destination.kind == .directory else {
      return FileModule.failure("dest '\(dest)' must be an existing dir")
    }
    var staged: Staged
    switch try await stage(archive, on: target) {
    case let .failure(message): return FileModule.failure(message)
    case let .success(found): staged = found
    }
    let inspection = try await inspect(staged.path, on: target)
    if staged.temporary { _ = try await target.run("rm -f -- \(ShellQuote.quote(staged.path))") }
    var values = destination.attributeValues
    values["dest"] = .string(dest)
    values["src"] = .string(staged.path)
    if let failure = inspection.failure { return FileModule.failure(failure, values) }
    values["handler"] = .string(inspection.handler)
    if listFiles { values["files"] = .list(inspection.files.map { .string($0) }) }
    guard !inspection.differences.isEmpty else { return .unchanged(values) }
    let diff: [ValueDict] = [["prepared": .string(inspection.differences.joined(separator: "\n") + "\n")]]
    let planned = values
    let bytes = archive
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      var result = try await self.extract(bytes, inspection: inspection, values: planned, on: target)
      result.diff = diff
      return result
    }
  }

  /// The archive on the controller: an absolute path, or looked for in each search
  /// path's `files/` and the search path itself.
  static func loadController(_ src: String, searchPaths: [String]) -> Result<[UInt8], ModuleError> {
    let expanded = src.hasPrefix("~/") ? NSHomeDirectory() + src.dropFirst() : src
    let candidates = expanded.hasPrefix("/") ? [expanded] : (searchPaths + ["."]).flatMap { ["\($0)/files/\(expanded)", "\($0)/\(expanded)"] }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
        let data = FileManager.default.contents(atPath: candidate)
      else { continue }
      return .success([UInt8](data))
    }
    return .failure(ModuleError(
      module: name,
      message: "Could not find or access '\(src)'\nSearched in:\n\t" + candidates.joined(separator: "\n\t")
        + " on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, "
        + "see the remote_src option"))
  }

  /// Where the archive is on the host for one command.
  struct Staged: Sendable {
    var path: String
    /// Made for this task (uploaded or downloaded), removed after use.
    var temporary: Bool
  }

  enum Outcome<Value: Sendable>: Sendable {
    case success(Value)
    case failure(String)
  }

  /// Puts the archive on the host: uploaded from the controller or downloaded from a URL
  /// into a private file in /tmp, or the host's own file as it is.
  func stage(_ archive: [UInt8]?, on target: Target) async throws(ConnectionError) -> Outcome<Staged> {
    let scratch = "/tmp/.swiftplay-unarchive-\(UInt64.random(in: 0...UInt64.max))"
    if let archive {
      try await target.connection.upload(archive, to: scratch, mode: 0o600)
      return .success(Staged(path: scratch, temporary: true))
    }
    guard src.contains("://") else { return .success(Staged(path: src, temporary: false)) }
    let request = DownloadRequest(validateCerts: validateCerts)
    let (command, stdin) = request.command(url: src, output: scratch)
    let transfer = DownloadRequest.Transfer.parse(try await target.run(command, stdin: stdin).stdout)
    let failed = transfer.sha1 == nil || (transfer.status == 0 && transfer.rc != 0)
      || (!src.lowercased().hasPrefix("file:") && transfer.status != 200)
    if failed {
      _ = try await target.run("rm -f -- \(ShellQuote.quote(scratch))")
      let reason = transfer.status > 0 ? "HTTP Error \(transfer.status): \(transfer.reason)" : transfer.error
      return .failure("Failure downloading \(GetUrlModule.masked(src)), \(reason)")
    }
    return .success(Staged(path: scratch, temporary: true))
  }
}
