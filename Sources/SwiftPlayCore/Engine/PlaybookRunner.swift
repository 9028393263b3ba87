import Foundation
import ValueModel

/// Runs a loaded playbook: each play on its hosts, batch by batch (`serial`), with its
/// strategy, and reports the recap. Returns ansible-playbook's exit code.
package struct PlaybookRunner: Sendable {
  let playbook: Playbook
  let inventory: Inventory
  let options: RunOptions
  let catalog: any ModuleCatalog
  let loader: any IncludeLoader
  let callback: any PlaybookCallback
  let pool: ConnectionPool
  /// Answers a `vars_prompt` (nil: use its default).
  let prompt: @Sendable (VarsPrompt) -> String?

  package init(
    playbook: Playbook, inventory: Inventory, options: RunOptions, factory: ConnectionFactory, catalog: any ModuleCatalog,
    loader: any IncludeLoader, callback: any PlaybookCallback, prompt: @escaping @Sendable (VarsPrompt) -> String? = { _ in nil }
  ) {
    self.playbook = playbook
    self.inventory = inventory
    self.options = options
    self.catalog = catalog
    self.loader = loader
    self.callback = callback
    self.pool = ConnectionPool(factory: factory)
    self.prompt = prompt
  }

  /// Ansible's exit codes: 4 when a host was unreachable, else 2 when one failed, 99 when
  /// interrupted, 1 for a play that could not start, else 0.
  package func run(interrupted: @escaping @Sendable () -> Bool = { false }) async -> Int32 {
    let sink = EventSink(callback)
    let state = RunState()
    sink.send { $0.playbookStarted(playbook.path) }
    var playFailed: Int32 = 0
    for (index, play) in playbook.plays.enumerated() where !interrupted() {
      do {
        try await runPlay(play, index: index, state: state, sink: sink, interrupted: interrupted)
      } catch {
        sink.send { $0.warning("\(error)") }
        playFailed = 1
        break
      }
    }
    await pool.closeAll()
    let recap = state.recap
    let wasInterrupted = interrupted()
    sink.send { $0.playbookFinished(recap, interrupted: wasInterrupted) }
    if wasInterrupted { return 99 }
    // Hosts still failed at the end decide, as Ansible's: clear_host_errors forgives.
    let (failed, unreachable) = state.withLock { storage in
      (storage.hosts.values.contains { $0.failed }, storage.hosts.values.contains { $0.unreachable })
    }
    if unreachable { return 4 }
    if failed { return 2 }
    return playFailed
  }

  struct PlayError: Error, CustomStringConvertible {
    let description: String
  }

  private func runPlay(
    _ play: Play, index: Int, state: RunState, sink: EventSink, interrupted: @escaping @Sendable () -> Bool
  ) async throws {
    var baseVars = play.vars
    baseVars.merge(options.extraVars) { _, new in new }
    let baseTemplar = Templar(variables: baseVars, baseDirectory: play.directory)
    let pattern = try baseTemplar.renderText(play.hosts, name: "hosts")
    var (matched, unmatched) = HostPattern(pattern).resolve(in: inventory)
    // Ansible's implicit localhost: named, but in no inventory, it is this machine.
    for name in unmatched where Inventory.implicitLocalhostNames.contains(name) && !matched.contains(name) {
      matched.append(name)
    }
    for term in unmatched where !Inventory.implicitLocalhostNames.contains(term) {
      sink.send { $0.warning("Could not match supplied host pattern, ignoring: \(term)") }
    }
    if let limit = options.limit { matched = try HostPattern.limit(matched, to: limit, in: inventory) }
    // Hosts that failed or were unreachable in an earlier play sit the rest out.
    let hosts = Self.ordered(state.withLock { storage in matched.filter { !(storage.hosts[$0]?.hasLeftPlay ?? false) } }, play.order)
    let name = play.name.map { (try? baseTemplar.renderText($0, name: "name")) ?? $0 } ?? play.hosts
    let event = PlayEvent(name: name, hosts: hosts, checkMode: options.checkMode, id: "play-\(index)", location: play.location)
    sink.send { $0.playStarted(event) }
    guard !hosts.isEmpty else {
      sink.send { $0.noHostsMatched(event) }
      return
    }
    var playVars = play.vars
    var warned = false
    for question in play.varsPrompt where options.extraVars[question.name] == nil {
      playVars[question.name] = try answer(question, templar: baseTemplar, sink: sink, warned: &warned)
    }
    let varsFilesVars = try readVarsFiles(play, vars: playVars)
    let context = PlayContext(
      play: play, inventory: inventory, options: options, hosts: hosts, allHosts: matched, playVars: playVars, varsFilesVars: varsFilesVars,
      playbookDirectory: play.directory)
    let selection = TagSelection(only: options.tags, skip: options.skipTags)
    let executor = TaskExecutor(context: context, pool: pool, sink: sink, catalog: catalog)
    for batch in Self.batches(hosts, serial: play.serial) where !interrupted() {
      if state.withLock({ $0.aborted }) { break }
      state.withLock { storage in
        for host in batch {
          storage.hosts[host, default: HostState()].ended = false
          storage.hosts[host]?.notified = []
          storage.cursors[host] = HostCursor(sections: sections(play, selection: selection))
        }
      }
      let execution = PlayExecution(
        context: context, state: state, executor: executor, sink: sink, loader: loader, selection: selection, batch: batch,
        interrupted: interrupted)
      if play.strategy == "free" { await execution.runFree() } else { await execution.runLinear() }
      if state.withLock({ $0.aborted }) {
        sink.send { $0.noMoreHosts() }
        break
      }
    }
  }

  /// The play's task lists in the order they run, each closed by an implicit handler
  /// flush; fact gathering first when the play (or `gathering`) asks for it.
  private func sections(_ play: Play, selection: TagSelection) -> [[TaskNode]] {
    let flush = TaskNode.task(Self.implicitFlush(play))
    var sections: [[TaskNode]] = []
    let gather = play.gatherFacts ?? (options.gathering != "explicit")
    if gather {
      var setup = PlaybookTask(location: play.location, action: "setup", directory: play.directory)
      play.scope.apply(to: &setup)
      setup.name = "Gathering Facts"
      setup.tags = ["always"]
      setup.when = play.when
      if let subset = play.gatherSubset { setup.arguments["gather_subset"] = subset }
      if let timeout = play.gatherTimeout { setup.arguments["gather_timeout"] = timeout }
      if let path = play.factPath { setup.arguments["fact_path"] = path }
      sections.append([.task(setup)])
    }
    let roleTasks = play.roles.flatMap(\.tasks)
    sections.append(selection.filter(play.preTasks) + [flush])
    sections.append(selection.filter(roleTasks + play.tasks) + [flush])
    sections.append(selection.filter(play.postTasks) + [flush])
    return sections
  }

  static func implicitFlush(_ play: Play) -> PlaybookTask {
    var task = PlaybookTask(location: play.location, action: "meta", directory: play.directory)
    task.arguments = ["_raw_params": "flush_handlers", "_implicit": true]
    return task
  }

  /// The play's `order:` applied to its hosts (inventory order as matched): as Ansible's
  /// inventory orders them before batches are cut.
  static func ordered(_ hosts: [String], _ order: String?) -> [String] {
    switch order {
    case "reverse_inventory": return hosts.reversed()
    case "sorted": return hosts.sorted()
    case "reverse_sorted": return hosts.sorted().reversed()
    case "shuffle": return hosts.shuffled()
    default: return hosts
    }
  }

  /// `serial: 2`, `serial: "30%"`, `serial: [1, 5, "50%"]` (the last size repeats).
  static func batches(_ hosts: [String], serial: [Value]) -> [[String]] {
    guard !serial.isEmpty else { return [hosts] }
    func size(_ value: Value) -> Int {
      let text = value.plainText.trimmingCharacters(in: .whitespaces)
      if text.hasSuffix("%"), let percent = Double(text.dropLast()) {
        return max(1, Int(Double(hosts.count) * percent / 100))
      }
      return Int(text).map { $0 <= 0 ? hosts.count : $0 } ?? hosts.count
    }
    var batches: [[String]] = []
    var rest = hosts[...]
    var index = 0
    while !rest.isEmpty {
      let count = size(serial[min(index, serial.count - 1)])
      batches.append(Array(rest.prefix(count)))
      rest = rest.dropFirst(count)
      index += 1
    }
    return batches
  }

  /// `vars_files`: each entry a path, or a list whose first existing path is read.
  private func readVarsFiles(_ play: Play, vars: ValueDict) throws -> ValueDict {
    var merged: ValueDict = [:]
    var all = vars
    all.merge(options.extraVars) { _, new in new }
    let templar = Templar(variables: all, baseDirectory: play.directory)
    for entry in play.varsFiles {
      let candidates: [Value]
      if case let .list(list) = entry { candidates = list } else { candidates = [entry] }
      var found = false
      for candidate in candidates {
        let name = try templar.renderText(candidate.plainText, name: "vars_files")
        let path = name.hasPrefix("/") ? name : play.directory + "/" + name
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
        let values: ValueDict
        switch try options.yaml.load(text, file: path) {
        case let .dict(found): values = found
        case .null: values = [:]
        default: throw PlayError(description: "\(path): vars_files must hold a mapping of variables")
        }
        merged.merge(values) { _, new in new }
        found = true
        break
      }
      if !found {
        throw PlayError(description: "\(play.location): vars file \(candidates.map(\.plainText).joined(separator: ", ")) was not found")
      }
    }
    return merged
  }
}
