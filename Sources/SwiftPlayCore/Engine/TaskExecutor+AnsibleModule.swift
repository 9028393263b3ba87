import Foundation
import ValueModel

extension TaskExecutor {
  /// Runs Ansible's own module for the task on the host: the fallback for actions with no
  /// Swift module and for Swift modules given options they do not implement.
  func runAnsibleModule(
    _ found: AnsibleModuleSource, _ arguments: ValueDict, _ task: PlaybookTask, templar: Templar, host: String,
    vars: ValueDict, delegate: String?, async background: AsyncSettings? = nil
  ) async throws -> SingleResult {
    guard let runner = catalog.runner else { return .failed(ControllerAnsible.missingMessage(module: task.action)) }
    var arguments = arguments
    var source = found
    // What Ansible's action plugins for these do before their module runs.
    if source.name == "ansible.builtin.service" || source.name == "ansible.builtin.package" {
      guard let backend = self.backend(of: source, arguments: &arguments, vars: vars) else {
        return .failed("could not tell which \(source.shortName) manager '\(task.action)' should use on \(host): "
          + "gather facts first or set the 'use' option")
      }
      source = backend
    } else if source.name == "ansible.builtin.dnf" {
      switch dnfBackend(arguments: &arguments, vars: vars) {
      case let .success(backend): source = backend
      case let .failure(error): return .failed(error.message)
      }
    } else if source.name == "ansible.builtin.shell" {
      // Ansible's shell is documentation only: its action runs command with _uses_shell
      // (the command module's own file, also when a Swift command module shadows it).
      switch catalog.resolve("ansible.builtin.command", collections: []) {
      case let .ansible(command)?: source = command
      case let .native(module)?: source = catalog.ansibleTwin(of: module) ?? source
      default: break
      }
      arguments["_uses_shell"] = true
    }
    if catalog.needsActionPlugin(source) || (source.name == "ansible.builtin.uri" && arguments["src"] != nil) {
      return .failed(
        "the module '\(source.name)' needs Ansible's controller-side action plugin '\(source.shortName)', which swiftplay "
          + "does not have: use an option its Swift module implements, or run this task with ansible-playbook")
    }
    let target: Target
    do { target = try self.target(for: task, templar: templar, host: host, vars: vars, delegate: delegate) } catch {
      return .unreachable("\(error)")
    }
    var invocation = AnsibleModuleRunner.Invocation(source: source, arguments: arguments)
    invocation.moduleName = task.writtenAction ?? task.action
    invocation.checkMode = try isCheckMode(task, templar: templar)
    invocation.diff = try task.diff.map { try templar.isTrue($0) } ?? context.diff
    invocation.noLog = (try? task.noLog.map { try templar.isTrue($0) } ?? false) ?? false
    invocation.verbosity = context.options.verbosity
    // A delegate runs the module with its own Python (the implicit localhost: the controller's).
    let interpreterVars = delegate.map { $0 == host ? vars : context.inventory.variables(for: $0) } ?? vars
    if let interpreter = interpreterVars["ansible_python_interpreter"], interpreter != .null {
      invocation.interpreter = try templar.renderText(interpreter.plainText, name: "ansible_python_interpreter")
    }
    do throws(ConnectionError) {
      guard let background else { return shaped(try await runner.run(invocation, on: target), isSetFact: false) }
      invocation.asyncJob = AnsibleModuleRunner.AsyncJob(limit: background.limit)
      let started = shaped(try await runner.run(invocation, on: target), isSetFact: false)
      return await awaitAsync(started, settings: background, host: host, on: target)
    } catch {
      return .from(error)
    }
  }

  /// The module Ansible's `service` or `package` action plugin would pick: the `use`
  /// option, else the host's `service_mgr` / `pkg_mgr` fact; the plain `service` module
  /// when no service manager is known (it finds the init system itself).
  private func backend(of source: AnsibleModuleSource, arguments: inout ValueDict, vars: ValueDict) -> AnsibleModuleSource? {
    let isService = source.shortName == "service"
    let factName = isService ? "service_mgr" : "pkg_mgr"
    var chosen = arguments.removeValue(forKey: "use")?.plainText ?? "auto"
    if chosen == "auto", let fact = Self.fact(factName, in: vars) { chosen = fact }
    if chosen == "auto" || chosen == "unknown" { return isService ? source : nil }
    if isService && chosen == "systemd" {
      for key in ["pattern", "runlevel", "sleep", "arguments", "args"] { arguments[key] = nil }
    }
    if isService && !["systemd", "openwrt_init", "sysvinit"].contains(chosen) { return source }
    switch catalog.resolve("ansible.legacy." + chosen, collections: []) {
    case let .native(module)?: return catalog.ansibleTwin(of: module)
    case let resolved?: return Self.ansibleSource(resolved)
    case nil: return nil
    }
  }

  /// What Ansible's `dnf` action plugin (which `yum` redirects to) picks: `use` or
  /// `use_backend`, else the host's `pkg_mgr` fact; only a dnf backend is accepted.
  private func dnfBackend(arguments: inout ValueDict, vars: ValueDict) -> Result<AnsibleModuleSource, ModuleError> {
    if arguments["use"] != nil && arguments["use_backend"] != nil {
      return .failure(ModuleError(module: "dnf", message: "parameters are mutually exclusive: ('use', 'use_backend')"))
    }
    var chosen = (arguments.removeValue(forKey: "use") ?? arguments.removeValue(forKey: "use_backend"))?.plainText ?? "auto"
    if chosen == "auto" || chosen == "yum", let fact = Self.fact("pkg_mgr", in: vars) { chosen = fact }
    guard ["yum", "yum4", "dnf", "dnf4", "dnf5"].contains(chosen) else {
      return .failure(ModuleError(module: "dnf", message: 
        "Could not detect which major revision of dnf is in use, which is required to determine module backend. "
          + "You should manually specify use_backend to tell the module whether to use the dnf4 or dnf5 backend"))
    }
    let module = ["yum", "yum4", "dnf4"].contains(chosen) ? "dnf" : chosen
    guard let backend = catalog.resolve("ansible.legacy." + module, collections: []).flatMap(Self.ansibleSource) else {
      return .failure(ModuleError(module: "dnf", message: "Could not find a dnf module backend for ansible.legacy.\(module)."))
    }
    return .success(backend)
  }

  /// A host fact as the action plugins read it: `ansible_facts.NAME`, else `ansible_NAME`.
  private static func fact(_ name: String, in vars: ValueDict) -> String? {
    if case let .dict(facts)? = vars["ansible_facts"], let fact = facts[name]?.plainText { return fact }
    return vars["ansible_" + name]?.plainText
  }

  static func ansibleSource(_ resolved: ResolvedModule) -> AnsibleModuleSource? {
    if case let .ansible(source) = resolved { return source }
    return nil
  }

  /// Ansible's message for options a module does not have, when Ansible's own module
  /// cannot stand in (no Ansible on the controller, or no twin of that name).
  static func unsupportedMessage(
    _ task: PlaybookTask, _ unsupported: [String], _ module: any Module.Type, controllerHasAnsible: Bool
  ) -> String {
    let name = task.writtenAction ?? task.action
    var message = "Unsupported parameters for (\(name)) module: \(unsupported.joined(separator: ", ")). "
      + "Supported parameters include: \(module.argumentNames.sorted().joined(separator: ", "))."
    if !controllerHasAnsible {
      message += " (these are the options swiftplay's own \(module.name) implements; Ansible's \(module.name) module may "
        + "take more, and runs in their place once Ansible is on this controller: `pip install ansible` provides it)"
    }
    return message
  }
}
