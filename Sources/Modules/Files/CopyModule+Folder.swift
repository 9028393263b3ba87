import Foundation
import SwiftPlayCore
import ValueModel

/// `copy: src=folder dest=...`: the folder itself (or, with a trailing slash, what is in
/// it) copied file by file, folders made first, as Ansible does.
extension CopyModule {
  /// The controller folder `src` names, if it names one.
  func sourceFolder(searchPaths: [String]) -> String? {
    guard content == nil, let src else { return nil }
    let candidates = src.hasPrefix("/") ? [src] : (searchPaths + ["."]).flatMap { ["\($0)/files/\(src)", "\($0)/\(src)"] }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
    }
    return nil
  }

  func planFolder(_ folder: String, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let name = URL(fileURLWithPath: folder).lastPathComponent
    let into = dest.hasSuffix("/") ? String(dest.dropLast()) : dest
    let root = (src ?? "").hasSuffix("/") ? into : into + "/" + name
    var folders = [""]
    var files: [String] = []
    for entry in ((FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []).sorted() {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory)
      if isDirectory.boolValue { folders.append(entry) } else { files.append(entry) }
    }
    let remote: @Sendable (String) -> String = { relative in relative.isEmpty ? root : root + "/" + relative }
    let probe = folders.map { "[ -d \(ShellQuote.quote(remote($0))) ] || echo \(ShellQuote.quote($0.isEmpty ? "." : $0))" }
      .joined(separator: "; ")
    let missing = Set(try await target.run(probe).stdout.split(separator: "\n").map { $0 == "." ? "" : String($0) })
    var changed = !missing.isEmpty
    var copies: [CopyModule] = []
    for file in files {
      var copy = self
      copy.src = folder + "/" + file
      copy.dest = remote(file)
      copies.append(copy)
      let parent = (file as NSString).deletingLastPathComponent
      if !changed && !missing.contains(parent) {
        let planned = try await copy.plan(on: target)
        changed = planned.result.changed
      }
    }
    let values: ValueDict = ["dest": .string(root + "/"), "src": .string(folder)]
    guard changed else { return .unchanged(values) }
    let toMake = folders.filter(missing.contains)
    let planned = copies
    return ModulePlan(result: ModuleResult(changed: true, values: values)) { target async throws(ConnectionError) in
      if !toMake.isEmpty {
        let mode = self.directoryMode.map { " -m \(FileMode.text($0.resolve(current: 0o755, isDirectory: true)))" } ?? ""
        // -p: the destination's own missing parents are made too (as Ansible's copy makes
        // them), and a folder another writer made between the probe and here is fine.
        let made = try await target.run(toMake.map { "mkdir -p\(mode) -- \(ShellQuote.quote(remote($0)))" }.joined(separator: " && "))
        guard made.rc == 0 else { return ModuleResult(changed: false, failed: true, values: ["msg": .string(made.stderr)]) }
      }
      for copy in planned {
        let result = try await copy.run(on: target)
        if result.failed { return result }
      }
      return ModuleResult(changed: true, values: values)
    }
  }
}
