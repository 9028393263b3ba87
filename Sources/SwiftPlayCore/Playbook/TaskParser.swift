import Yams
import ValueModel

/// Reads one task (or handler) mapping: finds its action among the keys as Ansible does,
/// gathers its arguments from every form Ansible accepts, checks them against the module,
/// and applies the keywords it inherits.
struct TaskParser {
  let state: LoadState
  let file: SourceFile
  let isHandler: Bool

  /// A task as read, with the keywords written on it alone (a static import hands those
  /// down to the tasks it brings in).
  struct Parsed {
    var task: PlaybookTask
    var own: KeywordScope
  }

  func parse(_ map: YAMLMap, scope: KeywordScope, directory: String) throws(PlaybookError) -> Parsed {
    let reader = KeywordReader(file: file)
    // Ansible adds a play's and each role's `library/` to the module path as it loads them.
    state.catalog.registerLibrary(state.playbookDirectory + "/library")
    state.catalog.registerCollections(state.playbookDirectory + "/collections")
    if let role = scope.role { state.catalog.registerLibrary(role.path + "/library") }
    var collections = scope.collections ?? []
    if let node = map["collections"] { collections = try reader.names(node, "collections") }
    let (resolved, actionNode, actionKey, arguments, locations) = try findAction(map, collections: collections)
    let action = resolved.canonicalName
    var task = PlaybookTask(location: file.location(map.node), action: action, directory: directory)
    if case let .ansible(source) = resolved { task.ansibleModule = source }
    task.arguments = arguments
    task.argumentLocations = locations
    if actionKey != "action" && actionKey != "local_action" { task.writtenAction = actionKey }
    task.inherited = scope
    var own = KeywordScope()
    if actionKey == "local_action" { own.delegateTo = "localhost" }
    let allowed = isHandler ? Keywords.handler : Keywords.task
    let isInclude = EngineActions.includes.contains(action)
    for entry in map.entries where entry.key != actionKey && entry.key != "args" {
      let key = entry.key, node = entry.value
      if isInclude, !Keywords.include.contains(key), !key.hasPrefix("with_") {
        throw file.error(entry.keyNode, "'\(key)' is not a valid attribute for a \(action == "include_role" ? "IncludeRole" : "TaskInclude")")
      }
      if key.hasPrefix("with_") {
        guard task.loop == nil else { throw file.error(map.node, "duplicate loop in task: \(key.dropFirst(5))") }
        task.loop = .lookup(String(key.dropFirst(5)), try file.value(node))
        continue
      }
      guard allowed.contains(key) else { throw file.error(entry.keyNode, "'\(key)' is not a valid attribute for a \(isHandler ? "Handler" : "Task")") }
      switch key {
      case "name":
        let value = try file.value(node)
        task.name = value == .null ? nil : value.plainText
      case "register": task.register = try reader.string(node, "register")
      case "loop":
        if case let .lookup(name, _)? = task.loop { throw file.error(map.node, "duplicate loop in task: \(name)") }
        task.loop = .items(try file.value(node))
      case "loop_control": task.loopControl = try loopControl(node)
      case "changed_when": task.changedWhen = try reader.conditions(node)
      case "failed_when": task.failedWhen = try reader.conditions(node)
      case "until": task.until = try reader.conditions(node)
      case "retries": task.retries = try file.value(node)
      case "delay": task.delay = try file.value(node)
      case "listen": task.listen = try reader.names(node, "listen")
      case "async": task.asyncTimeout = try file.value(node)
      case "poll": task.poll = try file.value(node)
      default:
        if key == "delegate_to", actionKey == "local_action" { continue }
        _ = try reader.read(key, node, into: &own)
      }
    }
    try validate(&task, at: actionNode)
    scope.merged(with: own).apply(to: &task)
    return Parsed(task: task, own: own)
  }

  /// The action and its arguments: `action:`/`local_action:`, else the one key that names
  /// a module or an engine action.
  private func findAction(_ map: YAMLMap, collections: [String]) throws(PlaybookError)
    -> (ResolvedModule, Node, String, ValueDict, [String: SourceLocation])
  {
    let resolve = { (name: String) in self.resolve(name, collections: collections) }
    var found: (action: String, node: Node, key: String, module: ResolvedModule)?
    var arguments: ValueDict = [:]
    var locations: [String: SourceLocation] = [:]
    if let node = map["args"] {
      switch try file.value(node) {
      case .null: break
      case let .string(text) where text.contains("{{"): arguments["_variable_params"] = .string(text)
      case .dict:
        for entry in try file.map(node, "args").entries {
          arguments[entry.key] = try file.value(entry.value)
          locations[entry.key] = file.location(entry.keyNode)
        }
      default: throw file.error(node, "the value of the task 'args' keyword is invalid: a mapping is required")
      }
    }
    if map.has("action") && map.has("local_action") {
      throw file.error(map.node, "action and local_action are mutually exclusive")
    }
    for key in ["action", "local_action"] {
      guard let node = map[key] else { continue }
      let (name, inline) = try oldStyle(node)
      guard let module = resolve(name) else { throw unresolved(name, map) }
      found = (module.canonicalName, node, key, module)
      try merge(inline, into: &arguments, &locations, action: module.canonicalName)
    }
    let keywords = Keywords.handler.union(["static", "local_action"])
    var unknown: [YAMLMap.Entry] = []
    for entry in map.entries where !keywords.contains(entry.key) && !entry.key.hasPrefix("with_") {
      guard let module = resolve(entry.key) else {
        unknown.append(entry)
        continue
      }
      let canonical = module.canonicalName
      if let previous = found {
        throw file.error(map.node, "conflicting action statements: \(previous.key == "action" || previous.key == "local_action" ? previous.action : previous.key), \(entry.key)")
      }
      found = (canonical, entry.value, entry.key, module)
      try merge(try inline(entry.value, action: canonical), into: &arguments, &locations, action: canonical)
    }
    guard let found else {
      if let first = unknown.first { throw unresolved(first.key, map) }
      throw file.error(map.node, "no module/action detected in task")
    }
    if let first = unknown.first {
      throw file.error(first.keyNode, "'\(first.key)' is not a valid attribute for a \(isHandler ? "Handler" : "Task")")
    }
    return (found.module, found.node, found.key, arguments, locations)
  }

  private func unresolved(_ name: String, _ map: YAMLMap) -> PlaybookError {
    file.error(
      map.node,
      "couldn't resolve module/action '\(name)'. This often indicates a misspelling, missing collection, or incorrect module path")
  }

  /// What a module or engine action name stands for, nil when neither (the one
  /// resolver decides; see `ModuleResolver`).
  private func resolve(_ name: String, collections: [String] = []) -> ResolvedModule? {
    state.catalog.resolve(name, collections: collections)
  }

  private func isFreeForm(_ action: String) -> Bool {
    state.catalog.moduleType(named: action)?.takesFreeForm ?? false
  }

  /// `action: copy src=a dest=b`, or the mapping form `{module: copy, src: a}`.
  private func oldStyle(_ node: Node) throws(PlaybookError) -> (String, [(String, Value, SourceLocation)]) {
    let place = file.location(node)
    if case .mapping = node {
      let map = try file.map(node, "action")
      guard let moduleNode = map["module"], case let .string(text) = try file.value(moduleNode) else {
        throw file.error(node, "the action mapping must name its module with 'module:'")
      }
      let (name, rest) = KeyValueArguments.splitAction(text)
      var arguments: [(String, Value, SourceLocation)] = []
      for entry in map.entries where entry.key != "module" {
        arguments.append((entry.key, try file.value(entry.value), file.location(entry.keyNode)))
      }
      let resolved = resolve(name)?.canonicalName ?? name
      for (key, value) in KeyValueArguments.parse(rest, freeForm: isFreeForm(resolved)) { arguments.append((key, value, place)) }
      return (name, arguments)
    }
    guard case let .string(text) = try file.value(node) else { throw file.error(node, "unexpected parameter type in action: \(SourceFile.kind(node))") }
    let (name, rest) = KeyValueArguments.splitAction(text)
    let resolved = resolve(name)?.canonicalName ?? name
    return (name, KeyValueArguments.parse(rest, freeForm: isFreeForm(resolved)).map { ($0.key, $0.value, place) })
  }

  /// The value under a module key: a mapping, a `k=v` string, or nothing.
  private func inline(_ node: Node, action: String) throws(PlaybookError) -> [(String, Value, SourceLocation)] {
    let place = file.location(node)
    switch node {
    case .mapping:
      var arguments: [(String, Value, SourceLocation)] = []
      for entry in try file.map(node, "the arguments of \(action)").entries {
        arguments.append((entry.key, try file.value(entry.value), file.location(entry.keyNode)))
      }
      return arguments
    case .sequence, .alias:
      throw file.error(node, "unexpected parameter type in action: \(SourceFile.kind(node))")
    case .scalar:
      switch try file.value(node) {
      case .null: return []
      case let .string(text): return KeyValueArguments.parse(text, freeForm: isFreeForm(action)).map { ($0.key, $0.value, place) }
      default: throw file.error(node, "unexpected parameter type in action: \(SourceFile.kind(node))")
      }
    }
  }

  /// Inline arguments win over `args:`.
  private func merge(
    _ inline: [(String, Value, SourceLocation)], into arguments: inout ValueDict,
    _ locations: inout [String: SourceLocation], action: String
  ) throws(PlaybookError) {
    for (key, value, place) in inline {
      arguments[key] = value
      locations[key] = place
    }
  }
}
