import ValueModel

/// What the engine remembers of one host during a run: variables that tasks created,
/// handler notifications, and whether the host is still in the play.
struct HostState: Sendable {
  /// Gathered facts, keys without the `ansible_` prefix (as in `ansible_facts`).
  var facts: ValueDict = [:]
  /// `set_fact` and `register` results: above everything but extra vars.
  var setFacts: ValueDict = [:]
  /// `include_vars` results.
  var includedVars: ValueDict = [:]
  /// Handler names (as matched) notified and not yet run.
  var notified: [String] = []
  var failed = false
  var unreachable = false
  /// `meta: end_host`, or end_play: no more tasks this play.
  var ended = false

  /// Failed or unreachable: out of this play and the ones after it.
  var hasLeftPlay: Bool { failed || unreachable }
}
