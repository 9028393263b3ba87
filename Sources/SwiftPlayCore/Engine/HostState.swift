import Synchronization
import ValueModel

/// What the engine remembers of one host during a run: variables that tasks created,
/// handler notifications, and whether the host is still in the play.
struct HostState: Sendable {
  /// Gathered facts, keys without the `ansible_` prefix (as in `ansible_facts`).
  var facts: ValueDict = [:] {
    didSet {
      injectedFacts = PlayContext.injected(facts: facts)
      revision = Self.nextRevision()
    }
  }
  /// `facts` as variables (`PlayContext.injected`), worked out when the facts change
  /// rather than for every task and every reader of `hostvars`: gathered facts are large.
  private(set) var injectedFacts: ValueDict = PlayContext.injected(facts: [:])
  /// `set_fact` and `register` results: above everything but extra vars.
  var setFacts: ValueDict = [:] {
    didSet { revision = Self.nextRevision() }
  }
  /// `include_vars` results.
  var includedVars: ValueDict = [:] {
    didSet { revision = Self.nextRevision() }
  }
  /// Handler names (as matched) notified and not yet run.
  var notified: [String] = []
  var failed = false
  var unreachable = false
  /// `meta: end_host`, or end_play: no more tasks this play.
  var ended = false
  /// Changes (to a number never used before, run-wide) whenever what other hosts see of
  /// this one in `hostvars` may have changed (facts, set_fact, register, include_vars), so
  /// the `hostvars` entry built from it can be reused until then. 0: never changed.
  private(set) var revision = 0

  /// Failed or unreachable: out of this play and the ones after it.
  var hasLeftPlay: Bool { failed || unreachable }

  private static let revisions = Atomic<Int>(0)

  private static func nextRevision() -> Int {
    revisions.wrappingAdd(1, ordering: .relaxed).newValue
  }
}
