import Foundation
import SwiftPlayCore
import ValueModel

/// A mount and its fstab line (ansible.posix.mount). `present` writes the line only;
/// `mounted` also mounts (making the folder); `unmounted` unmounts, leaving the line;
/// `absent` removes the line and then unmounts and removes the (empty) folder; `remounted` remounts. The fstab line is
/// Ansible's: `src path fstype opts dump passno`.
///
/// ```yaml
/// - ansible.posix.mount:
///     path: /var/lib/containerd
///     src: /dev/vg0/containerd
///     fstype: ext4
///     state: mounted
/// ```
package struct MountModule: PlannedModule {
  package static let name = "mount"
  package static let aliases = ["ansible.posix.mount"]
  /// Not implemented natively: `backup`, `boot`, `opts_no_log`, and the states
  /// `absent_from_fstab` and `ephemeral` (refused below).
  package static let argumentSpec = ArgumentSpec(
    [
      .path("path", aliases: ["name"], required: true), .path("src"), .str("fstype"), .str("opts"),
      .str("dump", default: "0"), .str("passno", default: "0"),
      .str(
        "state", choices: ["absent", "absent_from_fstab", "mounted", "present", "unmounted", "remounted", "ephemeral"],
        required: true),
      .str("fstab"),
    ],
    requiredIf: [
      .init("state", "mounted", ["src", "fstype"]), .init("state", "present", ["src", "fstype"]),
      .init("state", "ephemeral", ["src", "fstype"]),
    ])

  let path: String
  let src: String?
  let fstype: String?
  let opts: String
  let dump: String
  let passno: String
  let state: String
  let fstab: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    path = values.string("path") ?? ""
    state = values.string("state") ?? ""
    if ["ephemeral", "absent_from_fstab"].contains(state) {
      throw ModuleError.beyondNative(module: Self.name, message: "state=\(state) is not supported by swiftplay yet")
    }
    src = values.string("src")
    fstype = values.string("fstype")
    opts = values.string("opts") ?? "defaults"
    dump = values.string("dump") ?? "0"
    passno = values.string("passno") ?? "0"
    fstab = values.string("fstab") ?? "/etc/fstab"
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let probe = try await target.run(
      "awk -v p=\(ShellQuote.quote(path)) '$2 == p { found = 1 } END { exit !found }' /proc/mounts && echo mounted; "
        + RemoteTextFile.probe(fstab))
    guard let (head, file) = RemoteTextFile.split(probe.stdout) else {
      return FileModule.failure("cannot read the mounts: \(probe.stderr)")
    }
    let isMounted = head.contains("mounted")
    let (mode, before) = (file.mode, file.text)
    let line = [src ?? "", Self.escaped(path), fstype ?? "", opts, dump, passno].joined(separator: " ")
    let after: String
    switch state {
    case "absent": after = Self.without(path, in: before)
    case "unmounted", "remounted": after = before
    default: after = Self.with(line, path: path, in: before)
    }
    var steps: [String] = []
    let quotedPath = ShellQuote.quote(path)
    switch state {
    case "mounted" where !isMounted:
      let fstabFlag = fstab == "/etc/fstab" ? "" : " -T \(ShellQuote.quote(fstab))"
      steps.append("mkdir -p \(quotedPath) && mount\(fstabFlag) \(quotedPath)")
    case "mounted" where isMounted && after != before:
      steps.append("mount -o remount \(quotedPath)")
    case "unmounted" where isMounted:
      steps.append("umount \(quotedPath)")
    case "absent" where after != before:
      // As Ansible: only when the line goes, the mount goes too, and its (empty) folder.
      steps.append((isMounted ? "umount \(quotedPath) && " : "") + "{ rmdir \(quotedPath) 2>/dev/null; true; }")
    case "remounted":
      steps.append("mount -o remount \(quotedPath)")
    default: break
    }
    let values: ValueDict = [
      "name": .string(path), "src": src.map(Value.string) ?? .null, "fstype": fstype.map(Value.string) ?? .null,
      "opts": .string(opts), "dump": .string(dump), "passno": .string(passno), "fstab": .string(fstab),
    ]
    guard after != before || !steps.isEmpty else { return .unchanged(values) }
    let diff: [ValueDict] = after == before ? [] : [
      ["before": .string(before), "after": .string(after), "before_header": .string(fstab), "after_header": .string(fstab)],
    ]
    let (fstab, writeFirst, commands) = (self.fstab, state != "absent", steps)
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      // The line goes in before mounting (mount reads it) and out after unmounting.
      if writeFirst && after != before { try await target.connection.upload(Array(after.utf8), to: fstab, mode: mode) }
      for step in commands {
        let outcome = try await target.run(step)
        if outcome.rc != 0 {
          let said = (outcome.stderr + outcome.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
          return ModuleResult(changed: false, failed: true, values: values.merging(["msg": .string("Error mounting \(values["name"]?.plainText ?? ""): \(said)")]) { $1 })
        }
      }
      if !writeFirst && after != before { try await target.connection.upload(Array(after.utf8), to: fstab, mode: mode) }
      return ModuleResult(changed: true, values: values, diff: diff)
    }
  }

  /// A path as fstab writes it: spaces and tabs as octal escapes.
  static func escaped(_ path: String) -> String {
    path.replacingOccurrences(of: " ", with: "\\040").replacingOccurrences(of: "\t", with: "\\011")
  }

  /// The mount point of an fstab line, or nil for comments and blank lines.
  static func mountPoint(_ line: Substring) -> String? {
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard fields.count >= 2, !fields[0].hasPrefix("#") else { return nil }
    return String(fields[1])
  }

  /// `text` with the line for `path` set to `line` (replaced in place, or appended).
  static func with(_ line: String, path: String, in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    var replaced = false
    let result = lines.map { existing -> String in
      guard mountPoint(existing) == escaped(path) else { return String(existing) }
      replaced = true
      return line
    }
    return (result + (replaced ? [] : [line])).joined(separator: "\n") + "\n"
  }

  /// `text` without the lines for `path`.
  static func without(_ path: String, in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    let kept = lines.filter { mountPoint($0) != escaped(path) }
    return kept.isEmpty ? "" : kept.map(String.init).joined(separator: "\n") + "\n"
  }
}
