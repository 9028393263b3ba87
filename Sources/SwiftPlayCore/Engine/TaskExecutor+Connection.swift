import ValueModel

extension TaskExecutor {
  /// What a module acts on for this task and host: the task's connection, the folders a
  /// relative `src:` is looked up in, and the time the task's `timeout:` leaves.
  func target(
    for task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) throws -> Target {
    var target = Target(
      hostName: delegate ?? host, connection: try connection(for: task, templar: templar, host: host, vars: vars, delegate: delegate),
      templar: templar, searchPaths: [task.role?.path, task.directory, context.playbookDirectory].compactMap { $0 })
    target.taskDeadline = Self.deadline
    return target
  }

  /// The connection a task uses on a host (or its delegate): connection keywords under
  /// the host's `ansible_*` variables, then become and environment on top.
  func connection(
    for task: PlaybookTask, templar: Templar, host: String, vars: ValueDict, delegate: String?
  ) throws -> any Connection {
    var connectionVars = vars
    var targetHost = host
    if let delegate, delegate != host {
      targetHost = delegate
      connectionVars = context.inventory.host(named: delegate) != nil ? context.inventory.variables(for: delegate) : [:]
      if context.inventory.host(named: delegate) == nil, Inventory.implicitLocalhostNames.contains(delegate) {
        connectionVars["ansible_connection"] = "local"
      }
      for (key, value) in vars where key.hasPrefix("ansible_become") { connectionVars[key] = value }
    }
    if context.inventory.host(named: targetHost) == nil, Inventory.implicitLocalhostNames.contains(targetHost) {
      connectionVars["ansible_connection"] = "local"
    }
    let keywords = task.connectionKeywords
    for (keyword, variable) in [("remote_user", "ansible_user"), ("connection", "ansible_connection"), ("port", "ansible_port")] {
      if connectionVars[variable] == nil, let value = keywords[keyword] {
        connectionVars[variable] = try templar.render(value, name: keyword)
      }
    }
    var connection = try pool.connection(for: targetHost, vars: connectionVars)
    connection = try context.options.become.applied(to: connection, vars: vars, keywords: keywords, templar: templar)
    if !task.environment.isEmpty {
      var environment: [String: String] = [:]
      for layer in task.environment {
        if case let .dict(members) = try templar.render(layer, name: "environment") {
          for (key, value) in members { environment[key] = value.plainText }
        }
      }
      if !environment.isEmpty { connection = EnvironmentConnection(connection, environment: environment) }
    }
    return connection
  }
}
