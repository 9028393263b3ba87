import Foundation
import SwiftPlayCore
import ValueModel

/// A kernel parameter: its line in a sysctl file (`name=value`, replaced in place or
/// appended), its running value with `sysctl_set`, and the file applied with `reload`.
/// Values compare word by word, as Ansible's sysctl does, so `"4096 87380"` and
/// `"4096\t87380"` are the same.
///
/// ```yaml
/// - ansible.posix.sysctl:
///     name: net.ipv4.ip_forward
///     value: "1"
///     sysctl_file: /etc/sysctl.d/99-kubernetes.conf
///     sysctl_set: true
/// ```
package struct SysctlModule: PlannedModule {
  package static let name = "sysctl"
  package static let aliases = ["ansible.posix.sysctl"]
  package static let argumentSpec = ArgumentSpec([
    .str("name", aliases: ["key"], required: true), .str("value", aliases: ["val"]),
    .str("state", default: "present", choices: ["present", "absent"]), .bool("ignoreerrors", default: false),
    .bool("reload", default: true), .path("sysctl_file", default: "/etc/sysctl.conf"), .bool("sysctl_set", default: false),
  ])

  let key: String
  let value: String?
  let present: Bool
  let ignoreErrors: Bool
  let reload: Bool
  let file: String
  let setLive: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    key = (values.string("name") ?? "").replacingOccurrences(of: "/", with: ".")
    present = values.string("state") == "present"
    value = values.string("value").map(Self.parsed)
    if present && value == nil { throw ModuleError(module: Self.name, message: "value cannot be None") }
    ignoreErrors = values.bool("ignoreerrors")
    reload = values.bool("reload")
    file = values.string("sysctl_file") ?? "/etc/sysctl.conf"
    setLive = values.bool("sysctl_set")
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let probe = try await target.run(
      "v=$(sysctl -n -- \(ShellQuote.quote(key)) 2>&1); echo \"rc=$?\"; printf '%s\\n' \"$v\"; " + RemoteTextFile.probe(file))
    guard probe.stdout.hasPrefix("rc="), let (head, found) = RemoteTextFile.split(probe.stdout) else {
      return FileModule.failure("cannot read \(key): \(probe.stderr)")
    }
    let lines = head.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let known = lines.first == "rc=0"
    let live = lines.count > 1 ? String(lines[1]).trimmingCharacters(in: .newlines) : ""
    if !known && !ignoreErrors {
      return FileModule.failure("setting \(key) failed: \(live)")
    }
    let (mode, before) = (found.mode, found.text)
    let edited = Self.edited(before, key: key, value: present ? value : nil)
    let fileChanges = edited != nil
    let after = edited ?? before
    let liveChanges = present && setLive && known && !Self.same(live, value ?? "")
    guard fileChanges || liveChanges else { return .unchanged() }
    let diff: [ValueDict] = fileChanges
      ? [["before": .string(before), "after": .string(after), "before_header": .string(file), "after_header": .string(file)]] : []
    let (key, value, file, reload, ignoreErrors) = (self.key, self.value ?? "", self.file, self.reload, self.ignoreErrors)
    return ModulePlan(result: ModuleResult(changed: true, values: [:], diff: diff)) { target async throws(ConnectionError) in
      if liveChanges {
        let set = try await target.run("sysctl -w -- \(ShellQuote.quote("\(key)=\(value)"))")
        if set.rc != 0 { return ModuleResult(changed: false, failed: true, values: ["msg": .string("setting \(key) failed: \(set.stderr)")]) }
      }
      if fileChanges {
        try await target.connection.upload(Array(after.utf8), to: file, mode: mode)
        if reload {
          let applied = try await target.run("sysctl \(ignoreErrors ? "-e " : "")-p \(ShellQuote.quote(file))")
          if applied.rc != 0 {
            return ModuleResult(changed: true, failed: true, values: ["msg": .string("Failed to reload sysctl: \(applied.stdout)\(applied.stderr)")])
          }
        }
      }
      return ModuleResult(changed: true, values: [:], diff: diff)
    }
  }

  /// The value as Ansible writes it: booleans as 1 or 0, anything else trimmed.
  static func parsed(_ value: String) -> String {
    switch value.lowercased() {
    case "true", "yes", "on", "y", "t", "1": return "1"
    case "false", "no", "off", "n", "f", "0": return "0"
    default: return value.trimmingCharacters(in: .whitespaces)
    }
  }

  /// Values are the same when their words are: tabs and runs of spaces do not count.
  static func same(_ a: String, _ b: String) -> Bool {
    let words = { (text: String) in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
    return words(a) == words(b)
  }

  /// The file as Ansible's sysctl rewrites it, or nil when the key already has the
  /// value (present) or no line (absent). A rewrite keeps comments (`#`, `;`) and lines
  /// without `=`, writes each other key once as `key=value` (the first line of each), the
  /// key itself with the new value or not at all, and appends the key when it was missing.
  static func edited(_ text: String, key: String, value: String?) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    func pair(_ line: String) -> (key: String, value: String)? {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";"), let equals = trimmed.firstIndex(of: "=") else { return nil }
      return (trimmed[..<equals].trimmingCharacters(in: .whitespaces), trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }
    let current = lines.compactMap(pair).last { $0.key == key }?.value
    if let value, let current, same(current, value) { return nil }
    if value == nil && current == nil { return nil }
    var seen: Set<String> = []
    var result: [String] = []
    for line in lines {
      guard let (name, old) = pair(line) else { result.append(line); continue }
      guard seen.insert(name).inserted else { continue }
      if name != key { result.append("\(name)=\(old)") } else if let value { result.append("\(name)=\(value)") }
    }
    if let value, current == nil { result.append("\(key)=\(value)") }
    return result.isEmpty ? "" : result.joined(separator: "\n") + "\n"
  }
}
