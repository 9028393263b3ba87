import Foundation
import SwiftPlayCore
import ValueModel

/// Loads or unloads a kernel module with modprobe, and with `persistent` keeps it loaded
/// at boot, as community.general.modprobe: `present` writes
/// /etc/modules-load.d/NAME.conf (`NAME`) and, when the options differ, comments out the
/// old `options NAME …` lines and writes /etc/modprobe.d/NAME.conf (`options NAME k=v`,
/// a line per parameter); `absent` comments out both kinds of line. Whether the module is
/// loaded comes from /proc/modules when the host has it, otherwise from `lsmod` (which
/// reads the same table), and from modules.builtin for built-in modules. Check mode asks
/// `modprobe -n` (a dry run), as Ansible's does. No `--diff`: Ansible's gives none.
///
/// ```yaml
/// - community.general.modprobe:
///     name: br_netfilter
///     state: present
///     persistent: present
/// - community.general.modprobe:
///     name: dummy
///     params: numdummies=2
/// ```
package struct ModprobeModule: PlannedModule {
  package static let name = "modprobe"
  package static let aliases = ["community.general.modprobe"]
  package static let argumentSpec = ArgumentSpec([
    .str("name", required: true), .str("state", default: "present", choices: ["absent", "present"]),
    .str("params", default: ""), .str("persistent", default: "disabled", choices: ["disabled", "absent", "present"]),
  ])

  let module: String
  let present: Bool
  let params: String
  let persistent: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    module = values.string("name") ?? ""
    present = values.string("state") == "present"
    params = values.string("params") ?? ""
    persistent = values.string("persistent") ?? "disabled"
  }

  /// Shell printing `loaded` when the kernel has the module, loaded or built in; when
  /// neither /proc/modules nor lsmod can tell, `unknown` and why.
  static func loadedProbe(_ module: String) -> String {
    let listed = ShellQuote.quote(module.replacingOccurrences(of: "-", with: "_"))
    let builtin = ShellQuote.quote("/\(module).ko")
    return """
      if [ -r /proc/modules ]; then awk -v m=\(listed) '$1 == m { f = 1 } END { exit !f }' /proc/modules && echo loaded
      elif l=$(lsmod 2>&1); then printf '%s\\n' "$l" | awk -v m=\(listed) 'NR > 1 && $1 == m { f = 1 } END { exit !f }' && echo loaded
      else printf 'unknown %s\\n' "$l" | head -n 1; fi
      b=/lib/modules/$(uname -r)/modules.builtin; [ -r "$b" ] && awk -v m=\(builtin) \
      '{ sub(/[ \\t\\r]+$/, "") } length($0) >= length(m) && substr($0, length($0) - length(m) + 1) == m { f = 1 } END { exit !f }' "$b" && echo loaded
      true
      """
  }

  var modprobeWords: String {
    ([module] + ModprobeConfiguration.words(params)).map(ShellQuote.quote).joined(separator: " ")
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let values: ValueDict = ["name": .string(module), "params": .string(params), "state": .string(present ? "present" : "absent")]
    // One round trip: modprobe is there, the module's state, the dry run of the load or
    // unload it would need, and the files that load it at boot.
    let dryRun = present ? "modprobe -n \(modprobeWords)" : "modprobe -r \(ShellQuote.quote(module)) -n"
    let probe = try await target.run("""
      command -v modprobe >/dev/null 2>&1 || { echo "missing $PATH"; exit 0; }
      s=$(\(Self.loadedProbe(module))); echo "$s"
      case $s in *loaded*) w=1 ;; *) w=0 ;; esac
      if [ \(present ? 0 : 1) = $w ]; then e=$(\(dryRun) 2>&1); echo "dry-run $?"; printf '%s\\n' "$e"; fi
      echo --swiftplay-files--; \(persistent == "disabled" ? "" : ModprobeConfiguration.probe)
      """)
    let lines = probe.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    if let first = lines.first, first.hasPrefix("missing ") {
      return FileModule.failure("Failed to find required executable \"modprobe\" in paths: \(first.dropFirst(8))", values)
    }
    guard let split = probe.stdout.range(of: "--swiftplay-files--\n") else {
      return FileModule.failure("cannot read the state of kernel module \(module): \(probe.stderr)", values)
    }
    let head = probe.stdout[..<split.lowerBound].split(separator: "\n").map(String.init)
    if let unknown = head.first(where: { $0.hasPrefix("unknown ") }), !head.contains("loaded") {
      return FileModule.failure(
        "cannot tell whether kernel module \(module) is loaded: no /proc/modules and lsmod failed: \(unknown.dropFirst(8))", values)
    }
    var loadChange = false
    if let dry = head.firstIndex(where: { $0.hasPrefix("dry-run ") }) {
      let rc = Int32(head[dry].dropFirst(8)) ?? 1
      if rc != 0 {
        let said = head[(dry + 1)...].joined(separator: "\n")
        return FileModule.failure(said, values.merging(["rc": .int(Int(rc)), "stdout": "", "stderr": .string(said)]) { $1 })
      }
      loadChange = true
    }
    let configuration = ModprobeConfiguration.parse(String(probe.stdout[split.upperBound...]), name: module)
    let writes = persistent == "disabled" ? [] : configuration.writes(persistent: persistent, params: params)
    guard loadChange || !writes.isEmpty else { return .unchanged(values) }
    let (present, words, name, load) = (present, modprobeWords, module, loadChange)
    return ModulePlan(result: ModuleResult(changed: true, values: values)) { target async throws(ConnectionError) in
      var changed = false
      var warnings: [Value] = []
      if load {
        let command = present
          ? "modprobe \(words) || exit; s=$(\(Self.loadedProbe(name))); case $s in *loaded*) ;; *) e=$(modprobe -n --first-time \(words) 2>&1) || printf 'warn %s\\n' \"$e\" ;; esac"
          : "modprobe -r \(ShellQuote.quote(name))"
        let run = try await target.run(command)
        if run.rc != 0 {
          return ModuleResult(
            changed: false, failed: true,
            values: values.merging(["msg": .string(run.stderr), "rc": .int(Int(run.rc)), "stdout": .string(run.stdout), "stderr": .string(run.stderr)]) { $1 })
        }
        // A load the kernel does not show afterwards is not counted, as in Ansible.
        if let warning = run.stdout.range(of: "warn ") {
          warnings.append(.string(String(run.stdout[warning.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)))
        } else {
          changed = true
        }
      }
      if !writes.isEmpty {
        // Debian without kmod has no /etc/modprobe.d: made here, where Ansible would fail.
        let folders = Set(writes.map { ($0.path as NSString).deletingLastPathComponent }).sorted()
        let made = try await target.run("mkdir -p -- " + folders.map(ShellQuote.quote).joined(separator: " "))
        if made.rc != 0 {
          return ModuleResult(
            changed: changed, failed: true, values: values.merging(["msg": .string("cannot make \(folders.joined(separator: " ")): \(made.stderr)")]) { $1 })
        }
        for file in writes { try await target.connection.upload(Array(file.text.utf8), to: file.path, mode: file.mode) }
        changed = true
      }
      var result = values
      if !warnings.isEmpty { result["warnings"] = .list(warnings) }
      return ModuleResult(changed: changed, values: result)
    }
  }
}
