import Foundation
import Jinja
import ValueModel

/// Runs one task on one host: conditions, loop, arguments, module, retries,
/// changed_when/failed_when, and the result in Ansible's shape. Never throws: whatever
/// goes wrong on a host is that host's result.
struct TaskExecutor: Sendable {
  let context: PlayContext
  let pool: ConnectionPool
  let sink: EventSink
  let catalog: any ModuleCatalog

  /// The task as the callbacks know it, for events sent from deep in its execution.
  @TaskLocal static var currentEvent: TaskEvent?

  func run(_ task: PlaybookTask, event: TaskEvent, on host: String, state: HostState, hostvars: Value, live: LiveHosts) async -> TaskRun {
    await Self.$currentEvent.withValue(event) {
      await runWithEvent(task, event: event, on: host, state: state, hostvars: hostvars, live: live)
    }
  }

  private func runWithEvent(_ task: PlaybookTask, event: TaskEvent, on host: String, state: HostState, hostvars: Value, live: LiveHosts) async -> TaskRun {
    let started = Date()
    let vars = context.variables(host: host, task: task, state: state, hostvars: hostvars, live: live)
    let templar = Templar(variables: vars, baseDirectory: context.playbookDirectory, searchPaths: task.searchPath)
    let secretByDefault = catalog.moduleType(named: task.action)?.hidesResultByDefault ?? false
    let noLog = (try? task.noLog.map { try templar.isTrue($0) } ?? secretByDefault) ?? secretByDefault
    var delegate: String?
    if let target = task.delegateTo {
      do { delegate = try templar.renderText(target.plainText, name: "delegate_to") } catch {
        return finished(TaskRun(host: host, result: failure(host, "delegate_to: \(error.message)")), started)
      }
    }
    var run = TaskRun(host: host, result: HostTaskResult(host: host, delegatedTo: delegate, status: .ok, result: [:], noLog: noLog))
    if let delegate, task.delegateFacts { run.factsHost = delegate }
    guard let loop = task.loop else {
      var single = await CommandLog.$isHidden.withValue(noLog) {
        await runOnce(task, templar: templar, host: host, vars: vars, delegate: delegate)
      }
      single.summariseFailure()
      apply(single, to: &run, task: task)
      return finished(run, started)
    }
    let items: [Value]
    do {
      items = try LoopItems.items(loop, templar: templar, action: task.action)
    } catch {
      // As in Ansible, a loop that cannot be worked out is an error only if the task would
      // run: a false `when:` skips it.
      if case (false, _)? = try? templar.allTrue(task.when, name: "when") {
        apply(SingleResult(status: .skipped, values: ["changed": false, "skipped": true, "skip_reason": "Conditional result was False"]),
              to: &run, task: task)
      } else {
        var failed = ignoringErrors(.failed(Self.message(of: error)), task: task, templar: templar)
        failed.summariseFailure()
        apply(failed, to: &run, task: task)
      }
      return finished(run, started)
    }
    var results: [Value] = []
    var statuses: [HostTaskStatus] = []
    var labels: [Value] = []
    let control = task.loopControl
    for (index, item) in items.enumerated() {
      var loopVars: ValueDict = [control.loopVar: item, "ansible_loop_var": .string(control.loopVar)]
      if let indexVar = control.indexVar {
        loopVars[indexVar] = .int(index)
        loopVars["ansible_index_var"] = .string(indexVar)
      }
      if control.extended {
        var loop: ValueDict = [
          "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0), "last": .bool(index == items.count - 1),
          "length": .int(items.count), "revindex": .int(items.count - index), "revindex0": .int(items.count - index - 1),
        ]
        if control.extendedAllItems { loop["allitems"] = .list(items) }
        if index > 0 { loop["previtem"] = items[index - 1] }
        if index < items.count - 1 { loop["nextitem"] = items[index + 1] }
        loopVars["ansible_loop"] = .dict(loop)
      }
      let itemTemplar = templar.adding(loopVars)
      var itemVars = vars
      itemVars.merge(loopVars) { _, new in new }
      var single = await CommandLog.$isHidden.withValue(noLog) {
        await runOnce(task, templar: itemTemplar, host: host, vars: itemVars, delegate: delegate)
      }
      single.summariseFailure()
      single.values[control.loopVar] = item
      single.values["ansible_loop_var"] = .string(control.loopVar)
      if let indexVar = control.indexVar {
        single.values[indexVar] = .int(index)
        single.values["ansible_index_var"] = .string(indexVar)
      }
      let label = control.label.map { (try? itemTemplar.renderText($0.plainText, name: "label")) ?? $0.plainText } ?? Self.label(item)
      labels.append(control.label.map { (try? itemTemplar.render($0, name: "label")) ?? $0 } ?? item)
      var itemRun = run
      apply(single, to: &itemRun, task: task)
      itemRun.result.itemLabel = label
      if itemRun.includes.isEmpty {
        sink.send { $0.itemFinished(itemRun.result, task: event) }
      } else {
        for index in itemRun.includes.indices { itemRun.includes[index].itemLabel = label }
      }
      results.append(.dict(single.values))
      statuses.append(single.status)
      run.facts.merge(itemRun.facts) { _, new in new }
      run.setFacts.merge(itemRun.setFacts) { _, new in new }
      run.includedVars.merge(itemRun.includedVars) { _, new in new }
      run.includes += itemRun.includes
      if control.pause > 0 { try? await Task.sleep(nanoseconds: UInt64(control.pause * 1e9)) }
    }
    aggregate(results, statuses, into: &run, task: task, templar: templar)
    run.result.itemLabels = labels
    return finished(run, started)
  }

  private func finished(_ run: TaskRun, _ started: Date) -> TaskRun {
    var run = run
    run.result.duration = Date().timeIntervalSince(started)
    return run
  }

  /// Ansible's loop result: `results`, `changed` if any item changed, failed with
  /// "One or more items failed", skipped when every item was.
  private func aggregate(_ results: [Value], _ statuses: [HostTaskStatus], into run: inout TaskRun, task: PlaybookTask, templar: Templar) {
    var values: ValueDict = ["results": .list(results)]
    let changed = statuses.contains(.changed)
    values["changed"] = .bool(changed)
    let status: HostTaskStatus
    if statuses.contains(.unreachable) {
      status = .unreachable
      values["unreachable"] = true
    } else if statuses.contains(.failed) {
      status = .failed
      values["failed"] = true
      values["msg"] = "One or more items failed"
    } else if !statuses.isEmpty && statuses.allSatisfy({ $0 == .skipped }) {
      status = .skipped
      values["skipped"] = true
      values["msg"] = "All items skipped"
    } else {
      status = changed ? .changed : .ok
      values["msg"] = "All items completed"
      values["skipped"] = false
    }
    if statuses.isEmpty {
      values["msg"] = nil
      values["skipped"] = true
      values["skipped_reason"] = "No items in the list"
    }
    run.result.status = statuses.isEmpty ? .skipped : status
    run.result.result = values
    run.result.ignored = status == .failed && ((try? task.ignoreErrors.map { try templar.isTrue($0) } ?? false) ?? false)
    if task.register != nil { run.registered = .dict(values) }
    run.notify = changed && status != .failed ? task.notify : []
  }

  /// Copies one execution's result into the host's run.
  private func apply(_ single: SingleResult, to run: inout TaskRun, task: PlaybookTask) {
    run.result.status = single.status
    run.result.result = single.values
    run.result.diff = single.diff
    run.result.isForDisplay = single.isForDisplay
    run.result.ignored = single.ignored
    run.result.origin = single.origin
    run.facts = single.facts
    run.setFacts = single.setFacts
    run.includedVars = single.includedVars
    run.includes = single.includes
    run.meta = single.meta
    if task.register != nil { run.registered = .dict(single.values) }
    run.notify = single.status == .changed ? task.notify : []
  }

  func failure(_ host: String, _ message: String) -> HostTaskResult {
    HostTaskResult(host: host, status: .failed, result: [
      "changed": false, "failed": true, "msg": .string(message), "exception": SingleResult.tracebackUnavailable,
    ])
  }

  static func message(of error: any Error) -> String {
    switch error {
    case let error as TemplateError: return error.message
    case let error as LoopItems.LoopError: return error.message
    case let error as ModuleError: return error.message
    default: return "\(error)"
    }
  }

  /// How Ansible shows an item: text as is, anything else as Python would print it.
  static func label(_ item: Value) -> String {
    if case let .string(text) = item { return text }
    return item.repr
  }
}
