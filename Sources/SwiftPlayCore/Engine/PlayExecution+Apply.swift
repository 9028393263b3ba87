extension PlayExecution {
  /// Records one host's result: registered variable, facts, notifications, the recap
  /// counts as Ansible keeps them, and the host's course after a failure.
  /// Returns whether the host failed for good (for any_errors_fatal).
  @discardableResult
  func apply(_ run: TaskRun, task: Task, key: [Int], counted: Bool) -> Bool {
    state.withLock { storage in
      var host = storage.hosts[run.host] ?? HostState()
      if let name = task.register, let value = run.registered { host.setFacts[name] = value }
      host.setFacts.merge(run.setFacts) { _, new in new }
      host.includedVars.merge(run.includedVars) { _, new in new }
      host.notified += run.notify
      if !run.facts.isEmpty && run.factsHost == run.host { host.facts.merge(run.facts) { _, new in new } }
      var stats = storage.stats[run.host] ?? HostStats()
      var cursor = storage.cursors[run.host] ?? HostCursor(sections: [])
      var failedForGood = false
      let isMeta = run.meta != nil
      switch run.result.status {
      case .ok where !isMeta:
        stats.ok += 1
      case .changed:
        stats.ok += 1
        stats.changed += 1
      case .skipped:
        stats.skipped += 1
      case .failed where run.result.ignored:
        stats.ok += 1
        stats.ignored += 1
        if run.result.result["changed"]?.truthy == true { stats.changed += 1 }
      case .failed:
        switch cursor.fail() {
        case .rescued:
          stats.rescued += 1
        case .deferred:
          stats.failed += 1
        case .hostFailed:
          stats.failed += 1
          host.failed = true
          failedForGood = true
        }
      case .unreachable where run.result.ignored:
        stats.ok += 1
        stats.ignored += 1
      case .unreachable:
        stats.unreachable += 1
        host.unreachable = true
        cursor.stop()
        failedForGood = true
      default:
        break
      }
      if counted { storage.stats[run.host] = stats }
      storage.cursors[run.host] = cursor
      storage.hosts[run.host] = host
      if !run.facts.isEmpty && run.factsHost != run.host {
        storage.hosts[run.factsHost, default: HostState()].facts.merge(run.facts) { _, new in new }
      }
      return failedForGood
    }
  }

  /// Reads `include_tasks` files and `include_role` roles and puts their tasks next in
  /// each including host's course, announcing each file once for all its hosts.
  func expand(_ includes: [(host: String, run: TaskRun)], task: Task, key: [Int], event: TaskEvent) async {
    var order: [String] = []
    var hostsByFile: [String: [String]] = [:]
    for (host, run) in includes {
      for request in run.includes {
        if hostsByFile[request.display] == nil { order.append(request.display) }
        hostsByFile[request.display, default: []].append(host)
      }
    }
    for file in order {
      let hosts = hostsByFile[file] ?? []
      sink.send { $0.included(file, hosts: hosts, task: event) }
    }
    for (host, run) in includes {
      var lists: [[TaskNode]] = []
      for request in run.includes {
        do {
          switch request.kind {
          case let .tasks(path):
            lists.append(selection.filter(try loader.loadIncludedTasks(path, inheriting: task, vars: request.vars)))
          case let .role(name, tasksFrom):
            let role = try loader.loadRole(
              name, from: context.play.directory, tasksFrom: tasksFrom, parameters: request.vars, inheriting: task)
            lists.append(selection.filter(role.tasks))
          }
        } catch {
          let failed = HostTaskResult(
            host: host, status: .failed, result: ["changed": false, "failed": true, "msg": .string("\(error)")])
          sink.send { $0.hostFinished(failed, task: event) }
          var failure = TaskRun(host: host, result: failed)
          failure.notify = []
          apply(failure, task: task, key: key, counted: true)
          lists = []
          break
        }
      }
      state.withLock { storage in
        for (index, nodes) in lists.enumerated().reversed() { storage.cursors[host]?.insert(nodes, key: key + [index]) }
      }
    }
  }
}
