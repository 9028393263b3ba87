import Foundation
import Jinja
import ValueModel

extension TaskExecutor {
  /// The engine's own actions, or the module, once the task's conditions passed.
  func execute(_ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?) async throws -> SingleResult {
    switch task.action {
    case "meta":
      let name = try templar.renderText(task.arguments["_raw_params"]?.plainText ?? "", name: "meta")
      return SingleResult(status: .ok, values: ["changed": false], meta: name)
    case "include_tasks":
      let arguments = try render(task, templar: templar)
      guard let file = (arguments["_raw_params"] ?? arguments["file"])?.plainText, !file.isEmpty else {
        return .failed("No file specified for include_tasks")
      }
      let path = file.hasPrefix("/") ? file : (task.directory + "/" + file)
      let includeArguments = arguments.filter { $0.key != "file" && $0.key != "_raw_params" }
      return SingleResult(
        // No `changed`: an include's result (a loop item's too) has none in Ansible.
        status: .ok, values: ["include": .string(file), "include_args": .dict(includeArguments)],
        includes: [IncludeRequest(kind: .tasks(path: path), vars: includeVars(task, templar: templar), display: path)])
    case "include_role", "import_role":
      let arguments = try render(task, templar: templar)
      guard let name = arguments["name"]?.plainText else { return .failed("'name' is a required field for include_role.") }
      return SingleResult(
        status: .ok, values: ["include_args": .dict(arguments)],
        includes: [IncludeRequest(
          kind: .role(name: name, tasksFrom: arguments["tasks_from"]?.plainText), vars: includeVars(task, templar: templar), display: name)])
    case "include_vars":
      return try includeVarsFile(task, templar: templar)
    case "pause":
      return try await pause(task, templar: templar)
    case "reboot":
      return try await reboot(task, templar: templar, host: host, vars: vars, delegate: delegate)
    case "async_status":
      return try await asyncStatusAction(task, templar: templar, host: host, vars: vars, delegate: delegate)
    case "wait_for_connection":
      return try await waitForConnection(task, templar: templar, host: host, vars: vars, delegate: delegate)
    default:
      return try await runModule(task, templar: templar, host: host, vars: vars, delegate: delegate)
    }
  }

  /// The loop variable travels into included tasks, as Ansible passes it.
  private func includeVars(_ task: PlaybookTask, templar: Templar) -> ValueDict {
    var passed: ValueDict = [:]
    let loopVar = task.loopControl.loopVar
    if task.loop != nil, let item = try? templar.render(.string("{{ \(loopVar) }}")) { passed[loopVar] = item }
    if let indexVar = task.loopControl.indexVar, let index = try? templar.render(.string("{{ \(indexVar) }}")) {
      passed[indexVar] = index
    }
    return passed
  }

  private func includeVarsFile(_ task: PlaybookTask, templar: Templar) throws -> SingleResult {
    let arguments = try render(task, templar: templar)
    guard let file = (arguments["_raw_params"] ?? arguments["file"])?.plainText else {
      return .failed("include_vars needs a file (or dir, which swiftplay does not read yet)")
    }
    let candidates = FileSearchPath(paths: task.searchPath, baseDirectory: context.playbookDirectory).candidates(file, subdirectory: "vars")
    guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return .failed("Could not find or access '\(file)'") }
    let loaded: Value
    do { loaded = try context.options.yaml.load(text, file: path) } catch { return .failed(error.description) }
    var values: ValueDict
    switch loaded {
    case let .dict(found): values = found
    case .null: values = [:]  // a file of comments only holds no variables, as in Ansible
    default: return .failed("\(path) must hold a mapping of variables")
    }
    if let name = arguments["name"]?.plainText { values = [name: .dict(values)] }
    return SingleResult(
      status: .ok, values: ["changed": false, "ansible_facts": .dict(values), "ansible_included_var_files": .list([.string(path)])],
      includedVars: values)
  }

  /// Renders each argument on its own, so an undefined variable is reported against the
  /// argument that holds it, in Ansible's words.
  func render(_ task: PlaybookTask, templar: Templar) throws(ArgumentError) -> ValueDict {
    var arguments = task.moduleDefaults[task.action] ?? [:]
    arguments.merge(task.arguments) { _, own in own }
    var rendered: ValueDict = [:]
    for (key, value) in arguments {
      // assert's conditions are expressions the module evaluates itself, as Ansible's do.
      if task.action == "assert" && key == "that" {
        rendered[key] = value
        continue
      }
      do {
        let result = try templar.render(value, name: key)
        if case let .string(text) = result, text == Self.omitPlaceholder { continue }
        rendered[key] = result
      } catch {
        let where_ = task.argumentLocations[key] ?? task.location
        let shown = key == "_raw_params" ? "_raw_params" : key
        throw ArgumentError(
          message: "Task failed: Finalization of task args for 'ansible.builtin.\(task.action)' failed: "
            + "Error while resolving value for '\(shown)': \(error.message)",
          origin: where_)
      }
    }
    return rendered
  }

  /// A Swift module when it implements every option given; else Ansible's module (the
  /// task's own, or the Swift module's twin), with options checked now, when the task
  /// runs, as Ansible checks them.
  private func runModule(
    _ task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) async throws -> SingleResult {
    var rendered = try render(task, templar: templar)
    let background = try asyncSettings(task, templar: templar)
    guard let moduleType = catalog.moduleType(named: task.action) else {
      guard let source = task.ansibleModule else { return .failed("couldn't resolve module/action '\(task.action)'") }
      return try await runAnsibleModule(source, rendered, task, templar: templar, host: host, vars: vars, delegate: delegate, async: background)
    }
    if let background {
      // An async job runs detached on the host, which only a module that runs there as a
      // whole can do: the Swift module's Ansible twin (command and shell included).
      guard catalog.runner != nil else { return .failed(ControllerAnsible.missingMessage(module: task.action)) }
      guard let twin = catalog.ansibleTwin(of: moduleType), !catalog.needsActionPlugin(twin) else {
        return .failed("This action (\(task.writtenAction ?? task.action)) does not support async.")
      }
      return try await runAnsibleModule(twin, rendered, task, templar: templar, host: host, vars: vars, delegate: delegate, async: background)
    }
    let reserved: Set<String> = ["_raw_params", "_variable_params"]
    let unsupported = moduleType.acceptsAnyArgument
      ? [] : rendered.keys.filter { !moduleType.argumentNames.contains($0) && !reserved.contains($0) }.sorted()
    if !unsupported.isEmpty {
      // A twin that needs Ansible's controller-side action plugin (debug, copy...) cannot
      // stand in: the options are then checked against the Swift module's, in Ansible's words.
      guard catalog.runner != nil, let twin = catalog.ansibleTwin(of: moduleType), !catalog.needsActionPlugin(twin) else {
        return .failed(Self.unsupportedMessage(task, unsupported, moduleType, controllerHasAnsible: catalog.runner != nil))
      }
      return try await runAnsibleModule(twin, rendered, task, templar: templar, host: host, vars: vars, delegate: delegate)
    }
    let freeForm = rendered.removeValue(forKey: "_raw_params").map(\.plainText)
    var module: any Module
    do { module = try moduleType.init(arguments: ModuleArguments(freeForm: freeForm, options: rendered)) } catch {
      return .failed(error.message, ["invocation": .dict(["module_args": .dict(rendered)])])
    }
    let target: Target
    do { target = try self.target(for: task, templar: templar, host: host, vars: vars, delegate: delegate) } catch {
      return .unreachable("\(error)")
    }
    let checkMode = try isCheckMode(task, templar: templar)
    if checkMode && !moduleType.supportsCheckMode {
      return SingleResult(status: .skipped, values: [
        "changed": false, "skipped": true, "msg": .string("This action (\(moduleType.name)) does not support check mode."),
      ])
    }
    let result: ModuleResult
    do throws(ConnectionError) {
      if let expanded = try await expandingPaths(rendered, of: moduleType, on: target) {
        rendered = expanded
        do { module = try moduleType.init(arguments: ModuleArguments(freeForm: freeForm, options: rendered)) } catch {
          return .failed(error.message, ["invocation": .dict(["module_args": .dict(rendered)])])
        }
      }
      if checkMode, let planned = module as? any PlannedModule {
        result = try await planned.plan(on: target).result
      } else {
        result = try await module.run(on: target)
      }
    } catch {
      return .from(error)
    }
    return shaped(result, isSetFact: moduleType.name == "set_fact")
  }

  /// The options with `$NAME` or a leading `~` in a path-typed option expanded on the
  /// host; nil when there is none (nothing runs then).
  private func expandingPaths(
    _ options: ValueDict, of module: any Module.Type, on target: Target
  ) async throws(ConnectionError) -> ValueDict? {
    let keys = module.pathOptions.filter { key in
      if case let .string(path)? = options[key] { return HostPathExpansion.isNeeded(path) }
      return false
    }.sorted()
    guard !keys.isEmpty else { return nil }
    let expanded = try await HostPathExpansion.expand(keys.map { options[$0]?.plainText ?? "" }, on: target)
    var result = options
    for (key, path) in zip(keys, expanded) { result[key] = .string(path) }
    return result
  }

  /// Ansible's result keys, and what set_fact and setup leave behind.
  func shaped(_ result: ModuleResult, isSetFact: Bool) -> SingleResult {
    var values = result.json
    // Registered results always say whether they failed, as Ansible's do.
    values["failed"] = .bool(result.failed)
    var single = SingleResult(status: result.failed ? .failed : (result.changed ? .changed : .ok), values: values)
    if values["skipped"]?.asBoolean == true, !result.failed { single.status = .skipped }
    single.diff = result.diff
    single.isForDisplay = result.isForDisplay
    if case let .dict(facts)? = values["ansible_facts"] {
      if isSetFact {
        single.setFacts = facts
      } else {
        single.facts = ValueDict(facts.map { key, value in
          (key.hasPrefix("ansible_") ? String(key.dropFirst(8)) : key, value)
        }, uniquingKeysWith: { _, last in last })
        // Ansible injects a module's facts as variables under the names it returned them
        // with (getent's `getent_passwd`), where the fact store would add `ansible_`.
        single.setFacts = facts.filter { !$0.key.hasPrefix("ansible_") && $0.key != "discovered_interpreter_python" }
      }
    }
    return single
  }
}
