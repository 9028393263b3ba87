import Foundation
import Synchronization
import ValueModel

/// One batch of one play on its hosts: runs their tasks with the play's strategy, applies
/// each result to the run's state (variables, notifications, failures, counts) and runs
/// handlers at every flush point.
final class PlayExecution: Sendable {
  let context: PlayContext
  let state: RunState
  let executor: TaskExecutor
  let sink: EventSink
  let loader: any IncludeLoader
  let selection: TagSelection
  let batch: [String]
  let interrupted: @Sendable () -> Bool
  /// Keeps `throttle:` across the calls of `run` (one per host under the free strategy).
  let gate = ThrottleGate()
  /// Each host's `hostvars` entry as last built, with the `HostState.revision` it was
  /// built from: every task reads `hostvars`, and rebuilding each entry (all of a host's
  /// facts) per task made the controller's work per task grow with hosts x facts.
  private let hostvarsEntries = Mutex<[String: (revision: Int, entry: Value)]>([:])

  init(
    context: PlayContext, state: RunState, executor: TaskExecutor, sink: EventSink, loader: any IncludeLoader,
    selection: TagSelection, batch: [String], interrupted: @escaping @Sendable () -> Bool
  ) {
    self.context = context
    self.state = state
    self.executor = executor
    self.sink = sink
    self.loader = loader
    self.selection = selection
    self.batch = batch
    self.interrupted = interrupted
  }

  /// The hosts of the batch still in the play.
  var activeHosts: [String] {
    state.withLock { storage in
      batch.filter { host in
        let hostState = storage.hosts[host] ?? HostState()
        return !hostState.hasLeftPlay && !hostState.ended
      }
    }
  }

  func liveHosts() -> LiveHosts {
    state.withLock { storage in
      let live = context.hosts.filter { !(storage.hosts[$0]?.hasLeftPlay ?? false) }
      let liveSet = Set(live)
      return LiveHosts(play: live, batch: batch.filter(liveSet.contains), includedRoleNames: storage.includedRoleNames)
    }
  }

  /// What every host may read of every other (`hostvars`), as of now.
  func hostvarsSnapshot() -> Value {
    let states = state.withLock { $0.hosts }
    var cached = hostvarsEntries.withLock { $0 }
    var all: ValueDict = [:]
    for host in context.inventory.hostNames {
      let hostState = states[host] ?? HostState()
      if let kept = cached[host], kept.revision == hostState.revision {
        all[host] = kept.entry
      } else {
        let entry = context.hostvarsEntry(host: host, state: hostState)
        cached[host] = (hostState.revision, entry)
        all[host] = entry
      }
    }
    hostvarsEntries.withLock { $0 = cached }
    return .dict(all)
  }

  /// The header a task shows: its name rendered with the play's variables (a name that
  /// needs a host's variables stays as written, as Ansible shows it), `role : ` before it.
  /// The task as callbacks see it. A templated name is rendered as Ansible renders it for
  /// the banner: with the first host's variables (role defaults, facts and all), or the
  /// play's when no host is given; it stays as written when that fails.
  /// `key` (the task's place in the hosts' course) tells apart the tasks of two includes
  /// of the same file, which the json callback lists separately, as Ansible does.
  func event(for task: PlaybookTask, key: [Int]? = nil, isHandler: Bool = false, firstHost: String? = nil) -> TaskEvent {
    var name = task.name ?? task.writtenAction ?? task.action
    if let raw = task.name, raw.contains("{{") {
      let templar = firstHost.map { host in
        Templar(variables: context.variables(host: host, task: task, state: state.host(host), hostvars: hostvarsSnapshot(), live: liveHosts()),
                baseDirectory: task.role?.path ?? context.playbookDirectory)
      } ?? context.playTemplar
      if let rendered = try? templar.renderText(raw) { name = rendered }
    }
    if Keywords.shortName(task.action) == "include_role" {
      // Ansible names an include_role by itself, never by the role it sits in.
      if task.name == nil, let included = task.arguments["name"]?.plainText { name = "\(name) : \(included)" }
    } else if let role = task.role {
      name = "\(role.name) : \(name)"
    }
    let checkMode = (task.checkMode?.asBoolean) ?? context.checkMode
    return TaskEvent(
      name: name, action: task.action, isHandler: isHandler, location: task.location, checkMode: checkMode,
      id: "\(task.location.file):\(task.location.line):\(task.location.column)" + (key.map { "#" + $0.map(String.init).joined(separator: ".") } ?? ""))
  }

  /// The task's `throttle:` (at most that many hosts on it at once; 0 for no limit),
  /// rendered with the play's variables.
  func throttle(of task: PlaybookTask) -> Int? {
    guard let raw = task.throttle, let text = try? context.playTemplar.render(raw, name: "throttle").plainText,
      let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0
    else { return nil }
    return value
  }

  /// Runs `task` on `hosts` at once (at most `forks` at a time), reports each host as it
  /// finishes, then applies the results in host order.
  func run(_ task: PlaybookTask, key: [Int], on hosts: [String], event: TaskEvent) async {
    let hostvars = hostvarsSnapshot()
    // pause runs for the first host alone, and only that host has its result (Ansible's
    // host-loop bypass); run_once copies the first host's result to the others below.
    let targets = task.runOnce || task.action == "pause" ? Array(hosts.prefix(1)) : hosts
    var runs: [String: TaskRun] = [:]
    let limit = throttle(of: task)
    await withTaskGroup(of: TaskRun.self) { group in
      var pending = targets[...]
      let executor = self.executor
      let live = liveHosts()
      func startNext() {
        guard let host = pending.popFirst() else { return }
        let hostState = state.host(host)
        sink.send { $0.hostStarted(host, task: event) }
        guard let limit else {
          group.addTask { await executor.run(task, event: event, on: host, state: hostState, hostvars: hostvars, live: live) }
          return
        }
        let gate = self.gate
        let key = event.id
        group.addTask {
          await gate.enter(key, limit: limit)
          let run = await executor.run(task, event: event, on: host, state: hostState, hostvars: hostvars, live: live)
          await gate.leave(key)
          return run
        }
      }
      for _ in 0..<min(context.options.forks, limit ?? Int.max, targets.count) { startNext() }
      for await run in group {
        // Work cut short by Ctrl-C is neither shown nor counted, as in Ansible.
        if interrupted() { continue }
        if run.result.status == .ok && !run.includes.isEmpty {
          sink.send { $0.includeFinished(run.result, task: event) }
        } else if run.meta == nil {
          sink.send { $0.hostFinished(run.result, task: event) }
        }
        runs[run.host] = run
        if !interrupted() { startNext() }
      }
    }
    guard !interrupted() else { return }
    if task.runOnce, let first = targets.first, let run = runs[first] {
      for host in hosts.dropFirst() {
        var copy = run
        copy.host = host
        copy.factsHost = run.factsHost == first ? host : run.factsHost
        runs[host] = copy
      }
    }
    var includes: [(host: String, run: TaskRun)] = []
    var newFailures = false
    for host in hosts {
      guard let run = runs[host] else { continue }
      if apply(run, task: task, key: key, counted: !task.runOnce || host == targets.first) { newFailures = true }
      if !run.includes.isEmpty { includes.append((host, run)) }
    }
    await expand(includes, task: task, key: key, event: event)
    if let meta = runs[hosts.first ?? ""]?.meta ?? targets.compactMap({ runs[$0]?.meta }).first {
      await perform(meta: meta, hosts: hosts.filter { runs[$0]?.meta != nil })
    }
    enforceFailureLimits(task, newFailures: newFailures)
  }
}
