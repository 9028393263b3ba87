import Yams

/// Reads a list of tasks (`tasks:`, a block's lists, a tasks file) into `TaskNode`s,
/// expanding the static `import_tasks` and `import_role` in place.
struct TaskListParser {
  let state: LoadState
  let file: SourceFile
  let isHandler: Bool

  /// `directory` is where relative import paths start: the file's folder (for role
  /// files, the role's `tasks/` or `handlers/` folder).
  func parse(_ node: Node?, _ what: String, scope: KeywordScope, directory: String) throws(PlaybookError) -> [TaskNode] {
    guard let node else { return [] }
    var nodes: [TaskNode] = []
    for item in try file.list(node, what) {
      let map = try file.map(item, "a task")
      if map.has("block") || map.has("rescue") || map.has("always") {
        nodes.append(.block(try block(map, scope: scope, directory: directory)))
        continue
      }
      let parsed = try TaskParser(state: state, file: file, isHandler: isHandler).parse(map, scope: scope, directory: directory)
      switch parsed.task.action {
      case "import_tasks": nodes += try importTasks(parsed, map: map, scope: scope, directory: directory)
      case "import_role": nodes += try importRole(parsed, map: map, scope: scope)
      default: nodes.append(.task(parsed.task))
      }
    }
    return nodes
  }

  private func block(_ map: YAMLMap, scope: KeywordScope, directory: String) throws(PlaybookError) -> Block {
    let reader = KeywordReader(file: file)
    var own = KeywordScope()
    var name: String?
    for entry in map.entries {
      guard Keywords.block.contains(entry.key) else {
        throw file.error(entry.keyNode, "'\(entry.key)' is not a valid attribute for a Block")
      }
      switch entry.key {
      case "block", "rescue", "always": continue
      case "name":
        let value = try file.value(entry.value)
        name = value == .null ? nil : value.plainText
      default: _ = try reader.read(entry.key, entry.value, into: &own)
      }
    }
    let inner = scope.merged(with: own)
    return Block(
      location: file.location(map.node), name: name,
      tasks: try parse(map["block"], "block", scope: inner, directory: directory),
      rescue: try parse(map["rescue"], "rescue", scope: inner, directory: directory),
      always: try parse(map["always"], "always", scope: inner, directory: directory))
  }

  /// The file's tasks in place of the import, with the import's keywords inherited.
  private func importTasks(_ parsed: TaskParser.Parsed, map: YAMLMap, scope: KeywordScope, directory: String) throws(PlaybookError) -> [TaskNode] {
    let task = parsed.task
    if task.loop != nil {
      throw file.error(map.node, "you cannot use loops on 'import_tasks' statements: use 'include_tasks' instead")
    }
    let written = try state.render(task.arguments["_raw_params"]?.plainText ?? "", at: task.location, file: file)
    let path = LoadState.resolve(written, from: directory)
    let excerpt = SourceExcerpt.render(file.text, line: task.location.line, column: task.location.column)
    guard !state.stack.contains(path) else {
      throw PlaybookError(task.location, "'\(written)' imports itself (through \(state.stack.last ?? path))", excerpt: excerpt)
    }
    let imported = try SourceFile.read(path, requestedAt: task.location, excerpt: excerpt, yaml: state.yaml)
    state.stack.append(path)
    defer { state.stack.removeLast() }
    let parser = TaskListParser(state: state, file: imported, isHandler: isHandler)
    guard let root = imported.root else { return [] }
    return try parser.parse(root, "an imported tasks file", scope: scope.merged(with: parsed.own), directory: imported.directory)
  }

  /// The role's tasks in place of the import; its handlers join the play's.
  private func importRole(_ parsed: TaskParser.Parsed, map: YAMLMap, scope: KeywordScope) throws(PlaybookError) -> [TaskNode] {
    let task = parsed.task
    if task.loop != nil {
      throw file.error(map.node, "you cannot use loops on 'import_role' statements: use 'include_role' instead")
    }
    let arguments = task.arguments
    let name = try state.render((arguments["name"] ?? arguments["role"])?.plainText ?? "", at: task.location, file: file)
    let request = RoleRequest(
      name: name, location: task.location, file: file,
      parameters: [:], vars: [:], own: parsed.own,
      tasksFrom: arguments["tasks_from"]?.plainText, handlersFrom: arguments["handlers_from"]?.plainText,
      varsFrom: arguments["vars_from"]?.plainText, defaultsFrom: arguments["defaults_from"]?.plainText,
      allowDuplicates: arguments["allow_duplicates"]?.asBoolean ?? true,
      validateSpec: arguments["rolespec_validate"]?.asBoolean ?? true)
    guard let role = try RoleLoader(state: state).load(request, scope: scope, parentRole: scope.role) else { return [] }
    state.importedHandlers += role.handlers
    return role.tasks
  }
}
