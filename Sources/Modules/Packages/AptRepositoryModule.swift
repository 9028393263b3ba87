import Foundation
import SwiftPlayCore
import ValueModel

/// A one-line apt source (`deb [signed-by=...] uri suite components`) present or absent,
/// as Ansible's apt_repository keeps it, without python3-apt: /etc/apt/sources.list and
/// every sources.list.d/*.list are read; a present source that is there but commented out
/// is enabled again, a missing one is appended to sources.list.d/`filename`.list (by
/// default named after its host and path); absent removes its enabled lines everywhere and
/// a file left empty. As with Ansible, a change writes back every file read in that normal
/// form. After a change the cache is refreshed (`update_cache`), and the
/// files are put back as they were when that fails. `--diff` shows a file added or removed.
/// `ppa:` sources need Launchpad's API and are refused.
///
/// ```yaml
/// - ansible.builtin.apt_repository:
///     repo: "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable"
///     filename: docker
/// ```
package struct AptRepositoryModule: PlannedModule {
  package static let name = "apt_repository"
  /// Not implemented natively: `codename` (it matters only for ppa sources, refused
  /// below). `install_python_apt` and `validate_certs` are accepted and change nothing:
  /// no Python is needed and nothing is downloaded.
  package static let argumentSpec = ArgumentSpec([
    .str("repo", required: true), .str("state", default: "present", choices: ["absent", "present"]), .raw("mode"),
    .bool("update_cache", default: true, aliases: ["update-cache"]), .int("update_cache_retries", default: 5),
    .int("update_cache_retry_max_delay", default: 12), .str("filename"), .bool("install_python_apt", default: true),
    .bool("validate_certs", default: true),
  ])
  static let sourcesDirectory = "/etc/apt/sources.list.d"

  let repo: String
  let source: String
  let present: Bool
  let mode: FileMode?
  let updateCache: Bool
  let retries: Int
  let maxDelay: Int
  /// The file a new line goes to: `filename` (a bare name lands in sources.list.d).
  let path: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    repo = values.string("repo") ?? ""
    present = values.string("state") == "present"
    mode = try FileMode.parse(values["mode"], module: Self.name)
    updateCache = values.bool("update_cache")
    retries = values.int("update_cache_retries") ?? 5
    maxDelay = values.int("update_cache_retry_max_delay") ?? 12
    if repo.isEmpty { throw ModuleError(module: Self.name, message: "Please set argument 'repo' to a non-empty value") }
    if repo.hasPrefix("ppa:") {
      throw ModuleError.beyondNative(
        module: Self.name,
        message: "ppa sources are not supported by swiftplay (they need Launchpad's API): write the deb line "
          + "with signed-by, or use deb822_repository")
    }
    let (normal, shown) = AptSourceLine.repository(repo)
    guard let normal else { throw ModuleError(module: Self.name, message: "Invalid repository string: \(shown)") }
    source = normal
    let file = values.string("filename").map { $0 + ".list" } ?? AptSourceLine.suggestedFilename(for: normal)
    path = file.contains("/") ? file : Self.sourcesDirectory + "/" + file
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let probe = try await target.run(AptSourcesFiles.probe(extra: path))
    guard probe.rc == 0 else { return FileModule.failure("cannot read the apt sources: \(probe.stderr)") }
    let before = AptSourcesFiles.parse(probe.stdout)
    var after = before
    let appended = present ? after.add(source, to: path) : false
    if !present { after.remove(source) }
    let (old, new) = (before.dump, after.dump)
    var values: ValueDict = [
      "repo": .string(repo), "state": .string(present ? "present" : "absent"),
      "sources_added": .list([]), "sources_removed": .list([]),
    ]
    guard old != new else { return .unchanged(values) }
    let added = new.keys.filter { old[$0] == nil }.sorted()
    let removed = old.keys.filter { new[$0] == nil }.sorted()
    values["sources_added"] = .list(added.map(Value.string))
    values["sources_removed"] = .list(removed.map(Value.string))
    let diff: [ValueDict] = (added + removed).map { file in
      [
        "before": .string(old[file] ?? ""), "after": .string(new[file] ?? ""),
        "before_header": .string(old[file] == nil ? "/dev/null" : file),
        "after_header": .string(new[file] == nil ? "/dev/null" : file),
      ]
    }
    // As Ansible, every file read is written back in normal form (a file left without
    // lines is removed), not only the ones whose sources changed.
    let writes: [(path: String, text: String?, mode: Int32)] = after.files.compactMap { file in
      guard file.rendered != file.raw else { return nil }
      let current = Int(file.mode ?? 0o644)
      let bits = file.path == path && appended ? mode?.resolve(current: current, isDirectory: false) ?? current : current
      return (file.path, file.rendered, Int32(bits))
    }
    let restore: [(path: String, text: String?, mode: Int32)] = writes.map { write in
      let file = before.files.first { $0.path == write.path }
      return (write.path, file?.raw, file?.mode ?? 0o644)
    }
    let (updateCache, retries, maxDelay, reported) = (self.updateCache, self.retries, self.maxDelay, values)
    return ModulePlan(result: ModuleResult(changed: true, values: reported, diff: diff)) { target async throws(ConnectionError) in
      if let failure = try await Self.write(writes, on: target) { return Self.failed(failure, reported) }
      guard updateCache else { return ModuleResult(changed: true, values: reported, diff: diff) }
      let update = try await target.run(AptCommandLine.updateScript(lockTimeout: 60, retries: retries, maxDelay: maxDelay))
      guard update.rc == 0 else {
        _ = try await Self.write(restore, on: target)
        let reason = update.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.failed("Failed to update apt cache after \(retries) retries: \(reason.isEmpty ? "unknown reason" : reason)", reported)
      }
      return ModuleResult(changed: true, values: reported, diff: diff)
    }
  }

  /// Writes each file (its text and mode), or removes it when it has no lines left; the
  /// error text of the first that fails.
  static func write(_ files: [(path: String, text: String?, mode: Int32)], on target: Target) async throws(ConnectionError) -> String? {
    for file in files {
      if let text = file.text {
        let folder = (file.path as NSString).deletingLastPathComponent
        let made = try await target.run("mkdir -p \(ShellQuote.quote(folder))")
        if made.rc != 0 { return "Failed to create directory \(folder): \(made.stderr)" }
        try await target.connection.upload(Array(text.utf8), to: file.path, mode: file.mode)
      } else {
        let removed = try await target.run("rm -f \(ShellQuote.quote(file.path))")
        if removed.rc != 0 { return "cannot remove \(file.path): \(removed.stderr)" }
      }
    }
    return nil
  }

  static func failed(_ message: String, _ values: ValueDict) -> ModuleResult {
    var values = values
    values["msg"] = .string(message)
    return ModuleResult(changed: false, failed: true, values: values)
  }
}
