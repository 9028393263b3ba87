import ValueModel

/// A module that changes state splits its work so check mode is the engine's business:
/// `plan` only reads the host and says what would change; the engine calls `apply` only
/// when not in check mode. A module that never changes anything (debug, ping, stat, assert)
/// is a plain `Module` and runs in check mode too.
package protocol PlannedModule: Module {
  func plan(on target: Target) async throws(ConnectionError) -> ModulePlan
}

extension PlannedModule {
  /// Plan, then apply what the plan asks for: the whole run outside check mode.
  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    let plan = try await plan(on: target)
    guard let apply = plan.apply else { return plan.result }
    var result = try await apply(target)
    if result.diff.isEmpty { result.diff = plan.result.diff }
    return result
  }
}

/// What a module found on the host and what it would do there.
package struct ModulePlan: Sendable {
  /// What check mode reports, and the whole result when there is nothing to do:
  /// `changed` says whether `apply` would change something; `diff` what would change.
  package var result: ModuleResult
  /// Makes the change; nil when the host is already as asked.
  package var apply: (@Sendable (Target) async throws(ConnectionError) -> ModuleResult)?

  package init(result: ModuleResult, apply: (@Sendable (Target) async throws(ConnectionError) -> ModuleResult)? = nil) {
    self.result = result
    self.apply = apply
  }

  /// Nothing to do: the host is already as asked.
  package static func unchanged(_ values: ValueDict = [:]) -> ModulePlan {
    ModulePlan(result: ModuleResult(changed: false, values: values))
  }
}
