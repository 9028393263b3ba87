/// An entry of a task list: a task, or a block with its own rescue and always lists.
public indirect enum TaskNode: Sendable {
  case task(Task)
  case block(Block)
}

/// `block`/`rescue`/`always`. The block's keywords are already copied into its tasks by
/// the loader; the structure is kept for what only blocks do: rescue and always.
public struct Block: Sendable {
  public var location: SourceLocation
  public var name: String?
  public var tasks: [TaskNode]
  public var rescue: [TaskNode]
  public var always: [TaskNode]

  public init(location: SourceLocation, name: String? = nil, tasks: [TaskNode], rescue: [TaskNode] = [], always: [TaskNode] = []) {
    self.location = location
    self.name = name
    self.tasks = tasks
    self.rescue = rescue
    self.always = always
  }
}

extension Array where Element == TaskNode {
  /// Every task in the list, blocks opened (their tasks, rescue, then always), in order.
  public var allTasks: [Task] {
    flatMap { node -> [Task] in
      switch node {
      case let .task(task): return [task]
      case let .block(block): return block.tasks.allTasks + block.rescue.allTasks + block.always.allTasks
      }
    }
  }
}
