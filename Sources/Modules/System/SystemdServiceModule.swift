import Foundation
import SwiftPlayCore
import ValueModel

/// A systemd unit's state, boot setting and mask, through systemctl only, as Ansible's
/// systemd module. One probe (`systemctl show`, `is-enabled`, the SysV script beside it)
/// decides; then, in Ansible's order, mask or unmask, enable or disable, and start, stop,
/// restart or reload. `daemon_reload` and `daemon_reexec` run first and do not count as a
/// change (as in Ansible); check mode runs neither. There is no `--diff` output: Ansible's
/// module gives none. Returns `name`, `state`, `enabled` and `status` (every property of
/// `systemctl show`).
///
/// ```yaml
/// - ansible.builtin.systemd_service:
///     name: kubelet
///     state: started
///     enabled: true
///     daemon_reload: true
/// - ansible.builtin.systemd:
///     daemon_reload: true     # alone: no unit needed
/// ```
package struct SystemdServiceModule: PlannedModule {
  package static let name = "systemd_service"
  package static let aliases = ["systemd"]
  package static let argumentSpec = ArgumentSpec(
    [
      .str("name", aliases: ["service", "unit"]), .str("state", choices: ["reloaded", "restarted", "started", "stopped"]),
      .bool("enabled"), .bool("force"), .bool("masked"), .bool("daemon_reload", default: false, aliases: ["daemon-reload"]),
      .bool("daemon_reexec", default: false, aliases: ["daemon-reexec"]),
      .str("scope", default: "system", choices: ["system", "user", "global"]), .bool("no_block", default: false),
    ],
    requiredBy: [("state", ["name"]), ("enabled", ["name"]), ("masked", ["name"])])

  let unit: String?
  let state: String?
  let enabled: Bool?
  let masked: Bool?
  let daemonReload: Bool
  let daemonReexec: Bool
  let scope: String
  let noBlock: Bool
  let force: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    unit = values.string("name")
    state = values.string("state")
    enabled = values.optionalBool("enabled")
    masked = values.optionalBool("masked")
    daemonReload = values.bool("daemon_reload")
    daemonReexec = values.bool("daemon_reexec")
    scope = values.string("scope") ?? "system"
    noBlock = values.bool("no_block")
    force = values.bool("force")
    if state == nil && enabled == nil && masked == nil && !daemonReload && !daemonReexec {
      throw ModuleError(module: Self.name, message: "one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec")
    }
    if let unit, let glob = ["*", "?", "["].first(where: { unit.contains($0) }) {
      throw ModuleError(
        module: Self.name,
        message: "This module does not currently support using glob patterns, found '\(glob)' in service name: \(unit)")
    }
  }

  /// systemctl with the options every call takes, in Ansible's order. A user scope needs
  /// the user's runtime folder, which a login over SSH may not have set.
  var systemctl: String {
    var words = ["systemctl"]
    if scope != "system" { words.append("--" + scope) }
    if noBlock { words.append("--no-block") }
    if force { words.append("--force") }
    return words.joined(separator: " ")
  }

  static let runtimeFolder = #": "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"; export XDG_RUNTIME_DIR; "#

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let found = try await probe(on: target)
    if case let .failure(message) = found { return FileModule.failure(message) }
    let planned = decide(found.state)
    guard daemonReload || daemonReexec else { return planned }
    // The reload comes first and may change what systemd knows of the unit, so the unit is
    // probed again after it; check mode reports on what it knows now, as Ansible does.
    let module = self
    return ModulePlan(result: planned.result) { target async throws(ConnectionError) in
      for (wanted, verb) in [(module.daemonReload, "daemon-reload"), (module.daemonReexec, "daemon-reexec")] where wanted {
        let run = try await target.run(Self.runtimeFolder + "\(module.systemctl) \(verb)")
        if run.rc != 0 {
          return ModuleResult(
            changed: false, failed: true, values: module.baseValues(nil).merging(
              ["msg": .string("failure \(run.rc) during \(verb): \(run.stderr)")]) { $1 })
        }
      }
      let again = try await module.probe(on: target)
      if case let .failure(message) = again { return ModuleResult(changed: false, failed: true, values: ["msg": .string(message)]) }
      let plan = module.decide(again.state)
      guard let apply = plan.apply else { return plan.result }
      return try await apply(target)
    }
  }

  enum Probe {
    case found(SystemdUnitState?)
    case failure(String)

    var state: SystemdUnitState? {
      if case let .found(state) = self { return state }
      return nil
    }
  }

  /// Reads the unit, or nothing when the task names none (a lone daemon_reload).
  func probe(on target: Target) async throws(ConnectionError) -> Probe {
    guard let unit else { return .found(nil) }
    let output = try await target.run(
      Self.runtimeFolder + "command -v systemctl >/dev/null 2>&1 || { echo \"missing $PATH\"; exit 0; }\n"
        + SystemdUnitState.probe(unit: unit, systemctl: systemctl))
    if output.stdout.hasPrefix("missing ") {
      let path = output.stdout.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
      return .failure("Failed to find required executable \"systemctl\" in paths: \(path)")
    }
    guard let state = SystemdUnitState.parse(stdout: output.stdout, stderr: output.stderr) else {
      return .failure("cannot ask systemctl about \(unit): \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    return .found(state)
  }

  func baseValues(_ state: SystemdUnitState?) -> ValueDict {
    let status = (state?.properties ?? [:]).mapValues { Value.string($0) }
    return ["name": unit.map { .string($0) } ?? .null, "status": .dict(ValueDict(sortingKeys: status))]
  }

  /// What the task comes to on a unit in state `current`: the values it reports, the
  /// systemctl calls in Ansible's order, or a failure (a missing unit, one that cannot load).
  struct Decision {
    var values: ValueDict
    var steps: [Step] = []
    var failure: String?
  }

  func decision(_ current: SystemdUnitState) -> Decision {
    var decision = Decision(values: baseValues(current))
    guard let unit else { return decision }
    let known = current.isSystemdUnit
    if known && current.properties["LoadState"] != "masked", let error = current.properties["LoadError"] {
      decision.failure = "Error loading unit file '\(unit)': \(error)"
      return decision
    }
    let found = known || current.sysvScript
    let missing = "Could not find the requested service \(unit): host"
    let name = ShellQuote.quote(unit)
    if let masked, masked != current.isMasked {
      let verb = masked ? "mask" : "unmask"
      decision.steps.append(Step(
        command: "\(systemctl) \(verb) \(name)", failure: found ? "Failed to \(verb) the service (\(unit))" : missing,
        alone: !found))
    }
    if let enabled {
      guard found else { decision.failure = missing; return decision }
      if current.isEnabled(systemScope: scope == "system") != enabled {
        let verb = enabled ? "enable" : "disable"
        decision.steps.append(Step(command: "\(systemctl) \(verb) \(name)", failure: "Unable to \(verb) service \(unit)", withOutput: true))
      }
      decision.values["enabled"] = .bool(enabled)
    }
    if let state {
      guard found else { decision.failure = missing; return decision }
      decision.values["state"] = .string(state)
      guard current.properties["ActiveState"] != nil else { decision.failure = "Service is in unknown state"; return decision }
      var verb: String?
      switch state {
      case "started": verb = current.isRunning ? nil : "start"
      case "stopped": verb = current.isRunning || current.isDeactivating ? "stop" : nil
      default:
        // restarted and reloaded start a stopped unit, and report it started.
        verb = current.isRunning ? String(state.dropLast(2)) : "start"
        decision.values["state"] = "started"
      }
      if let verb { decision.steps.append(Step(command: "\(systemctl) \(verb) \(name)", failure: "Unable to \(verb) service \(unit)")) }
    }
    return decision
  }

  /// The plan for a unit in state `current` (nil: the task names no unit).
  func decide(_ current: SystemdUnitState?) -> ModulePlan {
    guard let current else {
      let reported = baseValues(nil)
      return ModulePlan(result: ModuleResult(changed: false, values: reported)) { _ async throws(ConnectionError) in
        ModuleResult(changed: false, values: reported)
      }
    }
    let decision = decision(current)
    let reported = decision.values
    if let failure = decision.failure {
      return ModulePlan(result: ModuleResult(changed: false, failed: true, values: reported.merging(["msg": .string(failure)]) { $1 }))
    }
    guard !decision.steps.isEmpty else { return .unchanged(reported) }
    let steps = decision.steps
    return ModulePlan(result: ModuleResult(changed: true, values: reported)) { target async throws(ConnectionError) in
      for step in steps {
        let run = try await target.run(Self.runtimeFolder + step.command)
        if run.rc != 0 {
          let said = ((step.withOutput ? run.stdout : "") + run.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
          let message = step.alone ? step.failure : "\(step.failure): \(said)"
          return ModuleResult(changed: false, failed: true, values: reported.merging(["msg": .string(message)]) { $1 })
        }
      }
      return ModuleResult(changed: true, values: reported)
    }
  }

  /// One systemctl call and the message that starts its failure.
  struct Step: Sendable {
    let command: String
    let failure: String
    /// The failure message is the whole message (a missing unit), without systemctl's words.
    var alone = false
    var withOutput = false

    init(command: String, failure: String, alone: Bool = false, withOutput: Bool = false) {
      self.command = command
      self.failure = failure
      self.alone = alone
      self.withOutput = withOutput
    }
  }
}
