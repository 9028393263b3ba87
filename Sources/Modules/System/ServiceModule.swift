import Foundation
import SwiftPlayCore

/// A service's state and boot setting. With systemd as PID 1 it speaks systemctl
/// (is-active, is-enabled, start/stop/restart/reload, enable/disable); otherwise the
/// `service` command and update-rc.d, as Ansible's service module falls back to.
///
/// ```yaml
/// - ansible.builtin.service:
///     name: docker
///     state: started
///     enabled: true
/// ```
public struct ServiceModule: PlannedModule {
  public static let name = "service"
  public static let argumentNames: Set<String> = ["name", "state", "enabled", "sleep", "pattern", "runlevel", "arguments", "args", "use"]

  let service: String
  let state: String?
  let enabled: Bool?

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    service = try reader.required("name")
    state = try reader.choice("state", ["started", "stopped", "restarted", "reloaded"], default: nil)
    enabled = reader.value("enabled") == nil ? nil : try reader.bool("enabled", default: false)
    if state == nil && enabled == nil {
      throw ModuleError(module: Self.name, message: "one of the following is required: state, enabled")
    }
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let name = ShellQuote.quote(service)
    // One probe: which manager, whether it runs, whether it starts at boot.
    let probe = try await target.run("""
      if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then echo manager=systemd
        systemctl is-active --quiet \(name) && echo running=1; systemctl is-enabled --quiet \(name) 2>/dev/null && echo enabled=1
      else echo manager=service
        service \(name) status >/dev/null 2>&1 && echo running=1; ls /etc/rc[2345].d/S[0-9][0-9]\(name) >/dev/null 2>&1 && echo enabled=1
        [ -e /etc/init.d/\(name) ] || echo missing=1
      fi
      """)
    let facts = Set(probe.stdout.split(separator: "\n").map(String.init))
    let systemd = facts.contains("manager=systemd")
    if facts.contains("missing=1") { return FileModule.failure("Could not find the requested service \(service): host") }
    let running = facts.contains("running=1")
    let isEnabled = facts.contains("enabled=1")
    var commands: [String] = []
    var values: [String: JSONValue] = ["name": .string(service)]
    if let state {
      let verb: String?
      switch state {
      case "started": verb = running ? nil : "start"
      case "stopped": verb = running ? "stop" : nil
      case "restarted": verb = "restart"
      default: verb = "reload"
      }
      if let verb { commands.append(systemd ? "systemctl \(verb) \(name)" : "service \(name) \(verb)") }
      values["state"] = .string(state)
    }
    if let enabled {
      if enabled != isEnabled {
        let verb = enabled ? "enable" : "disable"
        commands.append(systemd ? "systemctl \(verb) \(name)" : "update-rc.d \(name) defaults >/dev/null && update-rc.d \(name) \(verb)")
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
}
