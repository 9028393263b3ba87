import Foundation
import SwiftPlayCore
import ValueModel

/// The host's name, now and after a reboot. On a host run by systemd (or with
/// `use: systemd`, or `use: debian`, which Ansible also sends to hostnamectl) it asks
/// `hostnamectl --static`/`--transient status` and sets the name with hostnamectl, static
/// then transient, as Ansible does. Elsewhere it compares the running name (`hostname`)
/// and /etc/hostname, writes the file and sets the running name with `hostname NAME`
/// (`hostname -F /etc/hostname` with `use: alpine` or on Alpine). Returns the
/// `ansible_hostname`, `ansible_nodename`, `ansible_fqdn` and `ansible_domain` facts, and
/// with `--diff` Ansible's `hostname = NAME` before and after.
///
/// ```yaml
/// - ansible.builtin.hostname:
///     name: web01.example.com
/// - ansible.builtin.hostname:
///     name: node1
///     use: systemd
/// ```
package struct HostnameModule: PlannedModule {
  package static let name = "hostname"

  /// Ansible's choices; those that are not Linux ways (or not written yet) are refused
  /// when the task runs.
  static let strategies = [
    "alpine", "debian", "freebsd", "generic", "macos", "macosx", "darwin", "openbsd", "openrc", "redhat", "sles", "solaris",
    "systemd",
  ]

  package static let argumentSpec = ArgumentSpec([.str("name", required: true), .str("use", choices: strategies)])

  let hostName: String
  let use: String?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    hostName = values.string("name") ?? ""
    use = values.string("use")
  }

  /// The way chosen: by `use`, else systemd when it runs the host, else by distribution.
  var strategyChoice: String {
    switch use {
    case nil: return "auto"
    case "systemd", "debian": return "systemd"
    case "alpine": return "alpine"
    case "generic": return "file"
    default: return "unsupported"
    }
  }

  /// Shell printing `strategy=…`, the names it reads (one line each) and, for the file
  /// ways, /etc/hostname after the marker.
  var probe: String {
    """
    s=\(strategyChoice)
    if [ $s = auto ]; then s=file
      if command -v systemctl >/dev/null 2>&1 && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] \\
        || [ -e /dev/.systemd/ ] || [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; }; then s=systemd
      elif [ "$(. /etc/os-release 2>/dev/null; echo "$ID")" = alpine ]; then s=alpine; fi
    fi
    echo "strategy=$s"
    line() { printf '%s %s\\n' "$1" "$(printf '%s' "$2" | tr '\\n' ' ')"; }
    if [ $s = systemd ]; then
      t=$(hostnamectl --static status 2>&1); line "static=$?" "$t"
      t=$(hostnamectl --transient status 2>&1); line "transient=$?" "$t"
    else t=$(hostname 2>&1); line "running=$?" "$t"; fi
    line fqdn= "$(hostname -f 2>/dev/null || hostname)"
    \(RemoteTextFile.probe("/etc/hostname"))
    true
    """
  }

  /// What the probe found: the way, the permanent and running names, the fqdn.
  struct Found: Equatable {
    var strategy: String
    var permanent: String
    var current: String
    var fqdn: String
    var fileMode: Int32
  }

  /// The probe's output read back, or the failure Ansible reports.
  static func parse(_ output: String) -> Result<Found, HostnameFailure> {
    guard let (head, file) = RemoteTextFile.split(output) else { return .failure(HostnameFailure("cannot read the host name")) }
    var fields: [String: (rc: Int32, text: String)] = [:]
    for line in head.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = String(line[..<equals])
      let rest = line[line.index(after: equals)...]
      let space = rest.firstIndex(of: " ") ?? rest.endIndex
      let rc = Int32(rest[..<space]) ?? 0
      let text = space < rest.endIndex ? String(rest[rest.index(after: space)...]) : String(rest)
      fields[key] = key == "strategy" ? (0, String(rest)) : (rc, text.trimmingCharacters(in: .whitespaces))
    }
    let strategy = fields["strategy"]?.text ?? "file"
    for key in ["static", "transient", "running"] {
      if let field = fields[key], field.rc != 0 {
        return .failure(HostnameFailure("Command failed rc=\(field.rc), out=, err=\(field.text)"))
      }
    }
    let fqdn = fields["fqdn"]?.text ?? ""
    if strategy == "systemd" {
      return .success(Found(
        strategy: strategy, permanent: fields["static"]?.text ?? "", current: fields["transient"]?.text ?? "", fqdn: fqdn,
        fileMode: file.mode))
    }
    return .success(Found(
      strategy: strategy, permanent: file.text.trimmingCharacters(in: .whitespacesAndNewlines),
      current: fields["running"]?.text ?? "", fqdn: fqdn, fileMode: file.mode))
  }

  struct HostnameFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }

  /// Ansible's facts for the new name; the fqdn is what the host resolves.
  func facts(fqdn: String) -> Value {
    let domain = fqdn.split(separator: ".", omittingEmptySubsequences: false).dropFirst().joined(separator: ".")
    return .dict([
      "ansible_hostname": .string(String(hostName.split(separator: ".", omittingEmptySubsequences: false).first ?? "")),
      "ansible_nodename": .string(hostName),
      "ansible_fqdn": .string(fqdn),
      "ansible_domain": .string(domain),
    ])
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if strategyChoice == "unsupported", let use {
      return FileModule.failure("use: \(use) is not supported by this hostname module: use systemd, debian, alpine or generic")
    }
    let output = try await target.run(probe)
    let found: Found
    switch Self.parse(output.stdout) {
    case let .success(value): found = value
    case let .failure(failure): return FileModule.failure(failure.message)
    }
    let name = hostName
    let quoted = ShellQuote.quote(name)
    let permanentChanges = found.permanent != name
    let currentChanges = found.current != name
    let values: ValueDict = ["name": .string(name), "ansible_facts": facts(fqdn: found.fqdn)]
    guard permanentChanges || currentChanges else { return .unchanged(values) }
    if found.strategy == "systemd" && name.count > 64 {
      return FileModule.failure("name cannot be longer than 64 characters on systemd servers, try a shorter name")
    }
    let before = currentChanges ? found.current : found.permanent
    let diff: [ValueDict] = [["before": .string("hostname = \(before)\n"), "after": .string("hostname = \(name)\n")]]
    var commands: [String] = []
    var file: String?
    if found.strategy == "systemd" {
      if permanentChanges { commands.append("hostnamectl --pretty --static set-hostname \(quoted)") }
      if currentChanges { commands.append("hostnamectl --transient set-hostname \(quoted)") }
    } else {
      if permanentChanges { file = name + "\n" }
      if currentChanges || found.strategy == "alpine" {
        commands.append(found.strategy == "alpine" ? "hostname -F /etc/hostname" : "hostname \(quoted)")
      }
    }
    let (steps, mode, reported, newFile) = (commands, found.fileMode, values, file)
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      if let file = newFile { try await target.connection.upload(Array(file.utf8), to: "/etc/hostname", mode: mode) }
      for step in steps {
        let run = try await target.run(step)
        if run.rc != 0 {
          return ModuleResult(
            changed: true, failed: true,
            values: reported.merging(["msg": .string("Command failed rc=\(run.rc), out=\(run.stdout), err=\(run.stderr)")]) { $1 })
        }
      }
      let fqdn = try await target.run("hostname -f 2>/dev/null || hostname").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      return ModuleResult(changed: true, values: reported.merging(["ansible_facts": facts(fqdn: fqdn)]) { $1 }, diff: diff)
    }
  }
}
