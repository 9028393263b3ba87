/// Where one host is in a play's task tree, and what a failure there does: a block's
/// `rescue` catches it, its `always` runs either way, and an uncaught failure ends the
/// host's play. A value type, so the linear strategy can peek at a copy.
struct HostCursor: Sendable {
  enum Part: Int, Sendable { case tasks = 0, rescue = 1, always = 2 }

  struct Frame: Sendable {
    var nodes: [TaskNode]
    var index = 0
    var block: Block?
    var part = Part.tasks
    /// A failure waits for this block's `always` to finish, then travels up.
    var pendingFailure = false
    /// Where this list sits in the play, for ordering hosts' next tasks.
    var key: [Int]
  }

  enum Step: Sendable {
    case task(PlaybookTask, key: [Int])
    /// The host's play is over: it ran everything, or a failure nobody rescued ended it.
    case finished
  }

  /// How a failed task changes the host's course.
  enum FailureOutcome: Sendable, Equatable {
    /// A `rescue` takes over: Ansible counts the failure as rescued.
    case rescued
    /// An `always` runs first; the failure then travels on.
    case deferred
    /// Nothing catches it: the host leaves the play.
    case hostFailed
  }

  private(set) var frames: [Frame]
  /// Set once an uncaught failure ended the host's play.
  private(set) var failed = false

  init(sections: [[TaskNode]]) {
    frames = sections.enumerated().reversed().map { Frame(nodes: $0.element, key: [$0.offset]) }
  }

  /// The next task for the host, advancing past it.
  mutating func next() -> Step {
    while var top = frames.popLast() {
      if top.index < top.nodes.count {
        let node = top.nodes[top.index]
        let key = top.key + [top.part.rawValue, top.index]
        top.index += 1
        frames.append(top)
        switch node {
        case let .task(task): return .task(task, key: key)
        case let .block(block): frames.append(Frame(nodes: block.tasks, block: block, key: key))
        }
        continue
      }
      guard let block = top.block else { continue }  // a section ran out
      switch top.part {
      case .tasks, .rescue:
        if !block.always.isEmpty {
          top.part = .always
          top.nodes = block.always
          top.index = 0
          frames.append(top)
        }
      case .always:
        if top.pendingFailure, fail() == .hostFailed { return .finished }
      }
    }
    return .finished
  }

  /// Peeks without moving.
  func peek() -> Step {
    var copy = self
    return copy.next()
  }

  /// The task just returned by `next` failed on this host.
  @discardableResult
  mutating func fail() -> FailureOutcome {
    while var frame = frames.popLast() {
      guard let block = frame.block else { continue }
      switch frame.part {
      case .tasks where !block.rescue.isEmpty:
        frame.part = .rescue
        frame.nodes = block.rescue
        frame.index = 0
        frames.append(frame)
        return .rescued
      case .tasks, .rescue:
        if !block.always.isEmpty {
          frame.part = .always
          frame.nodes = block.always
          frame.index = 0
          frame.pendingFailure = true
          frames.append(frame)
          return .deferred
        }
      case .always:
        continue  // a failing always ends its block; the failure goes on up
      }
    }
    failed = true
    return .hostFailed
  }

  /// Runs `nodes` (an `include_tasks` file) next, before anything after the include.
  mutating func insert(_ nodes: [TaskNode], key: [Int]) {
    guard !nodes.isEmpty else { return }
    frames.append(Frame(nodes: nodes, key: key))
  }

  /// `meta: clear_host_errors`: the failure no longer counts against the host.
  mutating func forgive() { failed = false }

  /// Ends the host's play now (`meta: end_host`, end_play, or an unreachable host).
  mutating func stop() { frames.removeAll() }

  var isFinished: Bool { frames.isEmpty }
}
