import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// systemd_service's reading of `systemctl show` and `is-enabled`, and the systemctl
/// calls it plans from a recorded state, in Ansible's order.
struct SystemdModuleTests {
  static let showOutput = """
    Type=simple
    Restart=on-failure
    ExecStart={ path=/usr/bin/kubelet ; argv[]=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }
    ExecStartPre={ path=/bin/sh ; argv[]=/bin/sh -c 'echo a=b
    echo done' ; ignore_errors=no }
    Id=kubelet.service
    Description=kubelet: The Kubernetes Node Agent
    LoadState=loaded
    ActiveState=inactive
    SubState=dead
    UnitFileState=disabled
    Environment=A=1 B=2

    """

  @Test func showPropertiesKeepMultilineExecValuesAndEqualsInValues() {
    let properties = SystemdUnitState.showProperties(Self.showOutput)
    #expect(properties["ActiveState"] == "inactive")
    #expect(properties["LoadState"] == "loaded")
    #expect(properties["Environment"] == "A=1 B=2")
    #expect(properties["ExecStart"]?.hasPrefix("{ path=/usr/bin/kubelet") == true)
    #expect(properties["ExecStartPre"] == "{ path=/bin/sh ; argv[]=/bin/sh -c 'echo a=b\necho done' ; ignore_errors=no }")
    #expect(properties["echo done' ; ignore_errors"] == nil, "a continuation line is not a property")
    #expect(properties.count == 11)
  }

  static func probeOutput(show: String = showOutput, showStatus: Int = 0, enabled: String = "1 disabled", extra: String = "") -> String {
    show + "\n" + SystemdUnitState.marker + " \(showStatus)\nis-enabled \(enabled)\n" + extra
  }

  @Test func probeOutputIsReadBack() throws {
    let state = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(extra: "sysv-script\n"), stderr: ""))
    #expect(state.showStatus == 0 && state.enabledStatus == 1 && state.enabledWord == "disabled")
    #expect(state.sysvScript && !state.sysvEnabled)
    #expect(state.isSystemdUnit && !state.isMasked && !state.isRunning)
    #expect(!state.isEnabled(systemScope: true))
    #expect(SystemdUnitState.parse(stdout: "LoadState=loaded\n", stderr: "") == nil, "a probe cut short is not read")
  }

  @Test func enabledFollowsAnsiblesRules() throws {
    func state(_ enabled: String, _ extra: String = "") throws -> SystemdUnitState {
      try #require(SystemdUnitState.parse(stdout: Self.probeOutput(enabled: enabled, extra: extra), stderr: ""))
    }
    #expect(try state("0 enabled").isEnabled(systemScope: true))
    #expect(try state("0 static").isEnabled(systemScope: true))
    #expect(try !state("0 enabled-runtime").isEnabled(systemScope: true), "runtime-only is enabled again for good")
    #expect(try !state("0 indirect").isEnabled(systemScope: true))
    #expect(try !state("1 masked").isEnabled(systemScope: true))
    #expect(try state("1 masked").isMasked)
    #expect(try state("1 ", "sysv-script\nsysv-enabled\n").isEnabled(systemScope: true), "a SysV script with boot links")
    #expect(try !state("1 ", "sysv-script\nsysv-enabled\n").isEnabled(systemScope: false))
    #expect(try !state("1 disabled", "sysv-script\nsysv-enabled\n").isEnabled(systemScope: true))
  }

  @Test func notFoundUnitsAndIgnoredRequests() throws {
    let missing = "Id=nope.service\nLoadState=not-found\nActiveState=inactive\n"
    let state = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(show: missing, enabled: "1 "), stderr: ""))
    #expect(!state.isSystemdUnit)
    let failedShow = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(show: "", showStatus: 1, enabled: "0 enabled"), stderr: "Failed to connect to bus"))
    #expect(failedShow.isSystemdUnit, "is-enabled still knows the unit")
    #expect(SystemdUnitState.ignoresRequest("Running in chroot, ignoring request."))
    #expect(!SystemdUnitState.ignoresRequest("Id=x.service"))
  }

  static func module(_ options: ValueDict) throws -> SystemdServiceModule {
    try SystemdServiceModule(arguments: ModuleArguments(options: options))
  }

  /// The systemctl calls planned for a recorded probe, and what the task reports.
  static func commands(_ module: SystemdServiceModule, _ probe: String) throws -> (SystemdServiceModule.Decision, [String]) {
    let state = try #require(SystemdUnitState.parse(stdout: probe, stderr: ""))
    let decision = module.decision(state)
    return (decision, decision.steps.map(\.command))
  }

  @Test func plansMaskEnableStateInAnsiblesOrder() throws {
    let module = try Self.module(["name": "kubelet", "state": "restarted", "enabled": true, "masked": false, "no_block": true])
    let (plan, commands) = try Self.commands(module, Self.probeOutput(enabled: "1 masked"))
    #expect(plan.failure == nil)
    #expect(commands == [
      "systemctl --no-block unmask kubelet", "systemctl --no-block enable kubelet", "systemctl --no-block start kubelet",
    ])
    #expect(plan.values["state"] == "started", "restarted reports started, as Ansible")
    #expect(plan.values["enabled"] == true)
    if case let .dict(status)? = plan.values["status"] { #expect(status["SubState"] == "dead") } else { Issue.record("no status") }
  }

  @Test func nothingToDoWhenTheUnitIsAsAsked() throws {
    let running = Self.showOutput.replacingOccurrences(of: "ActiveState=inactive", with: "ActiveState=active")
    let module = try Self.module(["name": "kubelet", "state": "started", "enabled": true, "scope": "user"])
    let (plan, commands) = try Self.commands(module, Self.probeOutput(show: running, enabled: "0 enabled"))
    #expect(plan.failure == nil && commands.isEmpty)
    let state = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(show: running, enabled: "0 enabled"), stderr: ""))
    #expect(module.decide(state).apply == nil, "nothing to apply")
    let restart = try Self.commands(try Self.module(["name": "kubelet", "state": "reloaded", "scope": "user"]), Self.probeOutput(show: running))
    #expect(restart.1 == ["systemctl --user reload kubelet"])
  }

  @Test func aMissingUnitFailsWithAnsiblesMessage() throws {
    let missing = "Id=nope.service\nLoadState=not-found\nActiveState=inactive\n"
    let state = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(show: missing, enabled: "1 "), stderr: ""))
    let plan = try Self.module(["name": "nope", "state": "started"]).decide(state)
    #expect(plan.result.failed && plan.result.values["msg"] == "Could not find the requested service nope: host")
    let withScript = try #require(SystemdUnitState.parse(stdout: Self.probeOutput(show: missing, enabled: "1 ", extra: "sysv-script\n"), stderr: ""))
    #expect(!(try Self.module(["name": "nope", "state": "stopped"]).decide(withScript).result.failed), "a SysV script counts as found")
  }

  @Test func argumentsAsAnsibleChecksThem() throws {
    #expect(throws: ModuleError.self) { try Self.module(["name": "x"]) }
    #expect(throws: ModuleError.self) { try Self.module(["state": "started"]) }
    #expect(throws: ModuleError.self) { try Self.module(["name": "x*", "state": "started"]) }
    #expect(throws: ModuleError.self) { try Self.module(["name": "x", "state": "running"]) }
    #expect(throws: ModuleError.self) { try Self.module(["name": "x", "state": "started", "pattern": "x"]) }
    let reload = try Self.module(["daemon-reload": "yes"])
    #expect(reload.daemonReload && reload.unit == nil)
    #expect(try Self.module(["unit": "a", "masked": true, "force": true, "scope": "global"]).systemctl == "systemctl --global --force")
    #expect(try Self.module(["service": "a", "daemon_reexec": true]).unit == "a")
    #expect(ModuleRegistry.lookup("ansible.builtin.systemd") == SystemdServiceModule.self)
    #expect(ModuleRegistry.lookup("systemd_service") == SystemdServiceModule.self)
  }

  @Test func serviceHandsSystemdItsOwnOptionsAndWarnsAboutTheRest() throws {
    let service = try ServiceModule(arguments: ModuleArguments(options: [
      "name": "kubelet", "state": "started", "enabled": "yes", "use": "SystemD", "sleep": 2, "pattern": "kube",
    ]))
    #expect(service.use == "systemd")
    #expect(Set(service.systemdOptions.keys) == ["name", "state", "enabled"])
    #expect(service.ignored == ["pattern", "sleep"])
    let warned = service.withWarnings(ModulePlan(result: ModuleResult(changed: false)))
    #expect(warned.result.values["warnings"] == .list([
      "Ignoring \"pattern\" as it is not used in \"systemd\"", "Ignoring \"sleep\" as it is not used in \"systemd\"",
    ]))
  }
}
