extension PlayExecution {
  /// The linear strategy: every host finishes a task before any starts the next. Hosts
  /// whose next task differs (one is in a rescue, one included a file) wait their turn,
  /// the task that comes first in the play going first.
  func runLinear() async {
    while !interrupted() {
      let hosts = activeHosts
      let peeks: [(host: String, task: PlaybookTask, key: [Int])] = state.withLock { storage in
        hosts.compactMap { host in
          guard var ahead = storage.cursors[host] else { return nil }
          guard case let .task(task, key) = ahead.next() else {
            // An always section that ended with the failure still pending fails the host.
            if ahead.failed { storage.hosts[host, default: HostState()].failed = true }
            return nil
          }
          return (host, task, key)
        }
      }
      guard let first = peeks.min(by: { $0.key.lexicographicallyPrecedes($1.key) }) else { break }
      let group = peeks.filter { $0.key == first.key && $0.task.location == first.task.location }.map(\.host)
      state.withLock { storage in
        for host in group { _ = storage.cursors[host]?.next() }
      }
      if let wanted = context.options.startAtTask, !state.withLock({ $0.reachedStartTask }) {
        guard wanted == first.task.name || wanted == event(for: first.task).name else { continue }
        state.withLock { $0.reachedStartTask = true }
      }
      await step(first.task, key: first.key, hosts: group)
    }
  }

  /// The free strategy: each host goes through its tasks as fast as it can.
  func runFree() async {
    await withTaskGroup(of: Void.self) { group in
      var pending = batch[...]
      func startNext() {
        guard let host = pending.popFirst() else { return }
        group.addTask { await self.runAlone(host) }
      }
      for _ in 0..<min(context.options.forks, batch.count) { startNext() }
      for await _ in group { startNext() }
    }
  }

  private func runAlone(_ host: String) async {
    while !interrupted(), activeHosts.contains(host) {
      let next: HostCursor.Step = state.withLock { storage in
        let step = storage.cursors[host]?.next() ?? .finished
        if case .finished = step, storage.cursors[host]?.failed == true { storage.hosts[host, default: HostState()].failed = true }
        return step
      }
      guard case let .task(task, key) = next else { return }
      await step(task, key: key, hosts: [host])
    }
  }

  /// One task on a group of hosts: meta tasks act on the play, others run and report.
  private func step(_ task: PlaybookTask, key: [Int], hosts: [String]) async {
    if task.action == "meta" {
      if task.arguments["_implicit"] != nil {
        await flushHandlers(hosts)
        return
      }
      await run(task, key: key, on: hosts, event: event(for: task, key: key, firstHost: hosts.first))
      return
    }
    let event = event(for: task, key: key, firstHost: hosts.first)
    if context.options.step, !confirm(event) { return }
    sink.send { $0.taskStarted(event) }
    await run(task, key: key, on: hosts, event: event)
  }

  /// `--step`: asks before each task, as ansible-playbook does; "c" stops asking.
  private func confirm(_ event: TaskEvent) -> Bool {
    if state.withLock({ $0.stepContinues }) { return true }
    let answer = (try? Terminal.readSecret(prompt: "Perform task: TASK: \(event.name) (N)o/(y)es/(c)ontinue: ", echo: true)) ?? "n"
    switch answer.lowercased() {
    case "y", "yes": return true
    case "c", "continue":
      state.withLock { $0.stepContinues = true }
      return true
    default: return false
    }
  }

  /// `meta:` actions.
  func perform(meta: String, hosts: [String]) async {
    switch meta {
    case "flush_handlers":
      await flushHandlers(hosts)
    case "end_play", "end_batch":
      state.withLock { storage in
        for host in batch {
          storage.hosts[host, default: HostState()].ended = true
          storage.cursors[host]?.stop()
        }
      }
    case "end_host":
      state.withLock { storage in
        for host in hosts {
          storage.hosts[host, default: HostState()].ended = true
          storage.cursors[host]?.stop()
        }
      }
    case "clear_host_errors":
      state.withLock { storage in
        for host in batch where storage.hosts[host]?.failed == true {
          storage.hosts[host]?.failed = false
          storage.cursors[host]?.forgive()
        }
      }
    case "clear_facts":
      state.withLock { storage in
        for host in hosts { storage.hosts[host]?.facts = [:] }
      }
    case "noop", "refresh_inventory", "reset_connection", "end_role":
      break
    default:
      sink.send { $0.warning("meta: '\(meta)' is not known to swiftplay; nothing done") }
    }
  }

  /// Runs notified handlers, in the order they are defined, each once for the hosts that
  /// notified it; a handler may notify later handlers, which run in the same flush.
  func flushHandlers(_ requested: [String]) async {
    let handlers = context.play.handlers + state.withLock { $0.includedHandlers }
    let force = context.play.forceHandlers || context.options.forceHandlers
    for _ in 0..<8 {
      // The notifications so far; those made while handlers run are the next pass's.
      let pending: [String: [String]] = state.withLock { storage in
        var taken: [String: [String]] = [:]
        for host in requested {
          guard var hostState = storage.hosts[host], !hostState.notified.isEmpty else { continue }
          if !hostState.unreachable && (!hostState.failed || force) { taken[host] = hostState.notified }
          hostState.notified = []
          storage.hosts[host] = hostState
        }
        return taken
      }
      guard !pending.isEmpty else { break }
      for handler in handlers where !interrupted() {
        let names = handlerNames(handler)
        let targets = requested.filter { host in pending[host]?.contains(where: names.contains) ?? false }
          .filter { host in state.withLock { !($0.hosts[host]?.failed ?? false) || force } }
        guard !targets.isEmpty else { continue }
        let event = event(for: handler, isHandler: true, firstHost: targets.first)
        sink.send { $0.taskStarted(event) }
        await run(handler, key: [], on: targets, event: event)
      }
    }
  }

  /// What a notify may call a handler: its name (rendered), `role : name`, its topics.
  func handlerNames(_ handler: PlaybookTask) -> Set<String> {
    var names = Set(handler.listen)
    if let name = handler.name {
      names.insert(name)
      if name.contains("{{"), let rendered = try? context.playTemplar.renderText(name) { names.insert(rendered) }
      if let role = handler.role { names.insert("\(role.name) : \(name)") }
    }
    return names
  }

  /// any_errors_fatal and max_fail_percentage end the play for every host of the batch.
  func enforceFailureLimits(_ task: PlaybookTask, newFailures: Bool) {
    let failed = state.withLock { storage in
      batch.filter { storage.hosts[$0]?.failed == true || storage.hosts[$0]?.unreachable == true }.count
    }
    let fatal = newFailures && (task.anyErrorsFatal ?? context.play.anyErrorsFatal)
    var overLimit = false
    if let limit = context.play.maxFailPercentage, !batch.isEmpty {
      overLimit = Double(failed) * 100 / Double(batch.count) > limit
    }
    guard fatal || overLimit else { return }
    state.withLock { storage in
      for host in batch {
        storage.hosts[host, default: HostState()].ended = true
        storage.cursors[host]?.stop()
      }
      storage.aborted = true
    }
  }
}
