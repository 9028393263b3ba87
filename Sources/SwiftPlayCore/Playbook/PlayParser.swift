import Yams

/// Reads one play: its keywords checked against Ansible's list, its sections read in the
/// order they run, and the keywords tasks inherit copied into every task.
struct PlayParser {
  let state: LoadState
  let file: SourceFile

  /// `imported` carries what `import_playbook` statements around the play add: their
  /// `when` (outermost first), `tags` and `vars` (which override the play's own).
  func parse(_ node: Node, imported: KeywordScope) throws(PlaybookError) -> Play {
    guard case .mapping = node else {
      throw file.error(node, "playbook entries must be either valid plays or 'import_playbook' statements")
    }
    let map = try file.map(node, "a play")
    for entry in map.entries where !Keywords.play.contains(entry.key) {
      throw file.error(entry.keyNode, "'\(entry.key)' is not a valid attribute for a Play")
    }
    let reader = KeywordReader(file: file)
    guard let hostsNode = map["hosts"] else { throw file.error(node, "the field 'hosts' is required but was not set") }
    let hosts: String
    switch try file.value(hostsNode) {
    case let .list(items): hosts = items.map(\.plainText).joined(separator: ",")
    case let value: hosts = value.plainText
    }
    guard !hosts.isEmpty else { throw file.error(hostsNode, "hosts list cannot be empty: name a host, a group or a pattern") }

    var play = Play(location: file.location(node), directory: file.directory, hosts: hosts)
    var own = KeywordScope()
    var playCollections: [String] = []
    for entry in map.entries {
      let value = entry.value
      switch entry.key {
      case "hosts", "pre_tasks", "roles", "tasks", "post_tasks", "handlers": continue
      case "name":
        let name = try file.value(value)
        play.name = name == .null ? nil : name.plainText
      case "vars": play.vars = try reader.vars(value)
      case "vars_files":
        switch try file.value(value) {
        case .null: break
        case let .list(items): play.varsFiles = items
        case let item: play.varsFiles = [item]
        }
      case "vars_prompt": play.varsPrompt = try varsPrompt(value)
      case "gather_facts": play.gatherFacts = try file.value(value).asBoolean
      case "gather_subset": play.gatherSubset = try file.value(value)
      case "gather_timeout": play.gatherTimeout = try file.value(value)
      case "fact_path": play.factPath = try file.value(value)
      case "serial":
        switch try file.value(value) {
        case .null: break
        case let .list(items): play.serial = items
        case let item: play.serial = [item]
        }
      case "strategy": play.strategy = try reader.string(value, "strategy")
      case "max_fail_percentage":
        let number = try file.value(value)
        switch number {
        case let .int(percent): play.maxFailPercentage = Double(percent)
        case let .double(percent): play.maxFailPercentage = percent
        case let .string(text) where Double(text) != nil: play.maxFailPercentage = Double(text)
        default: throw file.error(value, "max_fail_percentage must be a number")
        }
      case "force_handlers": play.forceHandlers = try file.value(value).asBoolean
      case "order":
        let order = try reader.string(value, "order")
        guard Self.orders.contains(order) || order.contains("{{") else {
          throw file.error(value, "Invalid 'order' specified for inventory hosts: \(order) "
            + "(one of \(Self.orders.sorted().joined(separator: ", ")))")
        }
        play.order = order
      case "collections": playCollections = try RoleLoader.collectionNames(value, in: file)
      default: _ = try reader.read(entry.key, value, into: &own)
      }
    }
    play.vars.merge(imported.vars) { _, new in new }
    play.anyErrorsFatal = own.anyErrorsFatal ?? false
    play.when = imported.when
    play.connectionKeywords = own.connectionKeywords
    var importedTags = KeywordScope()
    importedTags.tags = imported.tags
    let handlerScope = importedTags.merged(with: own)
    play.tags = handlerScope.tags
    play.scope = handlerScope
    var taskScope = handlerScope
    taskScope.when = imported.when + own.when

    state.playbookDirectory = file.directory
    state.collectionList = RoleLoader.searchList(
      [state.defaultCollection].compactMap { $0 } + playCollections, fallback: "ansible.legacy")
    state.templateVariables = play.vars.merging(state.extraVars) { _, new in new }
    state.rolesSeen = []
    state.importedHandlers = []
    let tasks = TaskListParser(state: state, file: file, isHandler: false)
    play.preTasks = try tasks.parse(map["pre_tasks"], "pre_tasks", scope: taskScope, directory: file.directory)
    var roleHandlers: [PlaybookTask] = []
    if let rolesNode = map["roles"] {
      for item in try file.list(rolesNode, "roles") {
        let request = try RoleRequest.read(item, in: file, state: state)
        guard let role = try RoleLoader(state: state).load(request, scope: taskScope, parentRole: nil) else {
          // A role listed again runs once, but Ansible orders its handlers by the later entry.
          let again = roleHandlers.filter { $0.role?.name == request.name }
          roleHandlers.removeAll { $0.role?.name == request.name }
          roleHandlers += again
          continue
        }
        play.roles.append(role)
        roleHandlers += role.handlers
      }
    }
    play.tasks = try tasks.parse(map["tasks"], "tasks", scope: taskScope, directory: file.directory)
    play.postTasks = try tasks.parse(map["post_tasks"], "post_tasks", scope: taskScope, directory: file.directory)
    let handlers = TaskListParser(state: state, file: file, isHandler: true)
    let playHandlers = try handlers.parse(map["handlers"], "handlers", scope: handlerScope, directory: file.directory).allTasks
    play.handlers = roleHandlers + playHandlers + state.importedHandlers
    return play
  }

  /// The play's `order:` values, as Ansible's inventory sorts hosts.
  static let orders: Set<String> = ["inventory", "reverse_inventory", "sorted", "reverse_sorted", "shuffle"]

  private func varsPrompt(_ node: Node) throws(PlaybookError) -> [VarsPrompt] {
    var prompts: [VarsPrompt] = []
    for item in try file.list(node, "vars_prompt") {
      let map = try file.map(item, "a vars_prompt entry")
      for entry in map.entries where !Keywords.varsPrompt.contains(entry.key) {
        throw file.error(entry.keyNode, "invalid vars_prompt data structure, found unsupported key '\(entry.key)'")
      }
      guard let nameNode = map["name"] else { throw file.error(item, "invalid vars_prompt data structure, missing 'name' key") }
      let name = try file.value(nameNode).plainText
      var prompt = VarsPrompt(name: name, prompt: try map["prompt"].map { node throws(PlaybookError) in try file.value(node).plainText } ?? name)
      if let node = map["default"] {
        let value = try file.value(node)
        prompt.defaultValue = value == .null ? nil : value.plainText
      }
      if let node = map["private"] { prompt.isPrivate = try file.value(node).asBoolean }
      if let node = map["confirm"] { prompt.confirm = try file.value(node).asBoolean }
      if let node = map["encrypt"] { prompt.encrypt = try file.value(node).plainText }
      if let node = map["salt"] { prompt.salt = try file.value(node).plainText }
      if let node = map["unsafe"] { prompt.unsafe = try file.value(node).asBoolean }
      if let node = map["salt_size"] {
        let text = try file.value(node).plainText
        guard let size = Int(text) else { throw file.error(node, "vars_prompt salt_size must be a whole number, got '\(text)'") }
        prompt.saltSize = size
      }
      prompts.append(prompt)
    }
    return prompts
  }
}
