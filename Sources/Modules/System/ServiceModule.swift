import Foundation
import SwiftPlayCore
import ValueModel

/// A service's state and boot setting. On a host run by systemd (/run/systemd/system
/// exists or PID 1 is systemd, Ansible's test) it is the `systemd_service` module, as
/// Ansible's service action hands such hosts to its systemd module; otherwise the
/// `service` command and update-rc.d. `use: systemd` goes to systemctl without asking,
/// `use: sysvinit` to the init scripts; `auto` (the default), `service` and any other
/// value detect.
///
/// ```yaml
/// - ansible.builtin.service:
///     name: docker
///     state: started
///     enabled: true
/// - ansible.builtin.service:
///     name: kubelet
///     state: restarted
///     use: systemd
/// ```
package struct ServiceModule: PlannedModule {
  package static let name = "service"
  /// `sleep`, `pattern`, `runlevel` and `arguments` are taken and, as Ansible does where
  /// systemd runs the host, ignored with a warning.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("name", required: true), .str("state", choices: ["reloaded", "restarted", "started", "stopped"]),
      .bool("enabled"), .int("sleep"), .str("pattern"), .str("runlevel", default: "default"),
      .str("arguments", default: "", aliases: ["args"]), .str("use", default: "auto"),
    ],
    requiredOneOf: [["state", "enabled"]])

  let service: String
  let state: String?
  let enabled: Bool?
  let use: String
  /// The options of the systemd module this task becomes on a systemd host.
  let systemdOptions: ValueDict
  /// Options systemd's module has no use for, which Ansible drops with a warning.
  let ignored: [String]

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    service = values.string("name") ?? ""
    state = values.string("state")
    enabled = values.optionalBool("enabled")
    use = (values.string("use") ?? "auto").lowercased()
    var forwarded = arguments.options.filter { ["name", "state", "enabled"].contains($0.key) }
    forwarded["name"] = .string(service)
    systemdOptions = forwarded
    ignored = ["pattern", "runlevel", "sleep", "arguments", "args"].filter { arguments.options[$0] != nil }
  }

  /// Shell that prints `systemd` when systemd runs the host, Ansible's test for it.
  static let detectSystemd = """
    command -v systemctl >/dev/null 2>&1 && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ] \
    || [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; } && echo systemd; true
    """

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    var viaSystemd = use == "systemd"
    if use != "systemd" && use != "sysvinit" {
      viaSystemd = try await target.run(Self.detectSystemd).stdout.contains("systemd")
    }
    if viaSystemd {
      let systemd: SystemdServiceModule
      do throws(ModuleError) {
        systemd = try SystemdServiceModule(arguments: ModuleArguments(options: systemdOptions))
      } catch {
        return FileModule.failure(error.message)
      }
      return withWarnings(try await systemd.plan(on: target))
    }
    let name = ShellQuote.quote(service)
    // One probe: whether it runs, whether it starts at boot.
    let probe = try await target.run("""
      service \(name) status >/dev/null 2>&1 && echo running=1; ls /etc/rc[2345].d/S[0-9][0-9]\(name) >/dev/null 2>&1 && echo enabled=1
      [ -e /etc/init.d/\(name) ] || echo missing=1
      """)
    let facts = Set(probe.stdout.split(separator: "\n").map(String.init))
    if facts.contains("missing=1") { return FileModule.failure("Could not find the requested service \(service): host") }
    let running = facts.contains("running=1")
    let isEnabled = facts.contains("enabled=1")
    var commands: [String] = []
    var values: ValueDict = ["name": .string(service)]
    if let state {
      let verb: String?
      switch state {
      case "started": verb = running ? nil : "start"
      case "stopped": verb = running ? "stop" : nil
      case "restarted": verb = "restart"
      default: verb = "reload"
      }
      if let verb { commands.append("service \(name) \(verb)") }
      values["state"] = .string(state)
    }
    if let enabled {
      if enabled != isEnabled {
        let verb = enabled ? "enable" : "disable"
        commands.append("update-rc.d \(name) defaults >/dev/null && update-rc.d \(name) \(verb)")
      }
      values["enabled"] = .bool(enabled)
    }
    guard !commands.isEmpty else { return .unchanged(values) }
    let (steps, reported) = (commands, values)
    return ModulePlan(result: ModuleResult(changed: true, values: values)) { target async throws(ConnectionError) in
      for step in steps {
        let outcome = try await target.run(step)
        if outcome.rc != 0 {
          let said = (outcome.stderr + outcome.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
          return ModuleResult(changed: false, failed: true, values: reported.merging(["msg": .string("\(step): \(said)")]) { $1 })
        }
      }
      return ModuleResult(changed: true, values: reported)
    }
  }

  /// The systemd module's plan, with Ansible's warning for each option it drops.
  func withWarnings(_ plan: ModulePlan) -> ModulePlan {
    guard !ignored.isEmpty else { return plan }
    let warnings = Value.list(ignored.map { .string("Ignoring \"\($0)\" as it is not used in \"systemd\"") })
    var planned = plan
    planned.result.values["warnings"] = warnings
    if let apply = plan.apply {
      planned.apply = { target async throws(ConnectionError) in
        var result = try await apply(target)
        result.values["warnings"] = warnings
        return result
      }
    }
    return planned
  }
}
