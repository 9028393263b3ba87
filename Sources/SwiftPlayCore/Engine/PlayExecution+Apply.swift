extension PlayExecution {
  /// Records one host's result: registered variable, facts, notifications, the recap
  /// counts as Ansible keeps them, and the host's course after a failure.
  /// Returns whether the host failed for good (for any_errors_fatal).
  @discardableResult
  func apply(_ run: TaskRun, task: PlaybookTask, key: [Int], counted: Bool) -> Bool {
    state.withLock { storage in
      var host = storage.hosts[run.host] ?? HostState()
      if let name = task.register, let value = run.registered { host.setFacts[name] = value }
      // Only real changes touch the variables: each change renews the host's `hostvars` entry.
      if run.factsHost == run.host && !run.setFacts.isEmpty { host.setFacts.merge(run.setFacts) { _, new in new } }
      if !run.includedVars.isEmpty { host.includedVars.merge(run.includedVars) { _, new in new } }
      host.notified += run.notify
      if !run.facts.isEmpty && run.factsHost == run.host { host.facts.merge(run.facts) { _, new in new } }
      var stats = storage.stats[run.host] ?? HostStats()
      var cursor = storage.cursors[run.host] ?? HostCursor(sections: [])
      var failedForGood = false
      let isMeta = task.action == "meta"
      switch run.result.status {
      case .ok where !isMeta:
        // An include in a loop counts once per file it included, as Ansible counts.
        stats.ok += max(1, run.includes.count)
      case .changed:
        stats.ok += 1
        stats.changed += 1
      case .skipped where !isMeta:
        stats.skipped += 1
      case .failed where run.result.ignored:
        stats.ok += 1
        stats.ignored += 1
        if run.result.result["changed"]?.asBoolean == true { stats.changed += 1 }
      case .failed:
        switch cursor.fail() {
        case .rescued:
          stats.rescued += 1
          // What the rescue tasks may read, as Ansible provides them.
          host.setFacts["ansible_failed_task"] = .dict([
            "name": .string(task.name ?? ""), "action": .string(task.action),
          ])
          host.setFacts["ansible_failed_result"] = .dict(run.result.result)
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
      if run.factsHost != run.host {
        storage.hosts[run.factsHost, default: HostState()].facts.merge(run.facts) { _, new in new }
        storage.hosts[run.factsHost, default: HostState()].setFacts.merge(run.setFacts) { _, new in new }
      }
      return failedForGood
    }
  }

  /// Reads `include_tasks` files and `include_role` roles and puts their tasks next in
  /// each including host's course, announcing each file once for all its hosts.
  func expand(_ includes: [(host: String, run: TaskRun)], task: PlaybookTask, key: [Int], event: TaskEvent) async {
    struct Shown: Hashable {
      let file: String
      let item: String?
    }
    var order: [Shown] = []
    var hostsByFile: [Shown: [String]] = [:]
    for (host, run) in includes {
      for request in run.includes {
        let shown = Shown(file: request.display, item: request.itemLabel)
        if hostsByFile[shown] == nil { order.append(shown) }
        if hostsByFile[shown]?.contains(host) != true { hostsByFile[shown, default: []].append(host) }
      }
    }
    for shown in order {
      let hosts = hostsByFile[shown] ?? []
      sink.send { $0.included(shown.file, hosts: hosts, item: shown.item, task: event) }
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
            lists.append(selection.filter(withoutDependenciesThatRan(role)))
            state.withLock { if !$0.includedRoleNames.contains(role.name) { $0.includedRoleNames.append(role.name) } }
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

  /// An included role's tasks, less those of dependencies the play already ran (Ansible
  /// runs a dependency once); its handlers join the play's.
  private func withoutDependenciesThatRan(_ role: Role) -> [TaskNode] {
    state.withLock { storage in
      var ran = storage.includedRoles
      ran += context.play.roles.flatMap { $0.tasks.allTasks }.compactMap(\.role)
      ran += (context.play.preTasks + context.play.tasks + context.play.postTasks).allTasks.compactMap(\.role)
      func keep(_ nodes: [TaskNode]) -> [TaskNode] {
        nodes.compactMap { node in
          switch node {
          case let .task(task):
            guard let owner = task.role, owner.name != role.name else { return node }
            return ran.contains(owner) ? nil : node
          case var .block(block):
            block.tasks = keep(block.tasks)
            block.rescue = keep(block.rescue)
            block.always = keep(block.always)
            return .block(block)
          }
        }
      }
      let kept = keep(role.tasks)
      storage.includedRoles += kept.allTasks.compactMap(\.role)
      for handler in role.handlers where !storage.includedHandlers.contains(where: { $0.location == handler.location }) {
        if !context.play.handlers.contains(where: { $0.location == handler.location }) { storage.includedHandlers.append(handler) }
      }
      return kept
    }
  }
}
