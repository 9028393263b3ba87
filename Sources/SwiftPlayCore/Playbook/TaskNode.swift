/// An entry of a task list: a task, or a block with its own rescue and always lists.
package indirect enum TaskNode: Sendable {
  case task(PlaybookTask)
  case block(Block)
}

/// `block`/`rescue`/`always`. The block's keywords are already copied into its tasks by
/// the loader; the structure is kept for what only blocks do: rescue and always.
package struct Block: Sendable {
  package var location: SourceLocation
  package var name: String?
  package var tasks: [TaskNode]
  package var rescue: [TaskNode]
  package var always: [TaskNode]

  package init(location: SourceLocation, name: String? = nil, tasks: [TaskNode], rescue: [TaskNode] = [], always: [TaskNode] = []) {
    self.location = location
    self.name = name
    self.tasks = tasks
    self.rescue = rescue
    self.always = always
  }
}

extension Array where Element == TaskNode {
  /// Every task in the list, blocks opened (their tasks, rescue, then always), in order.
  package var allTasks: [PlaybookTask] {
    flatMap { node -> [PlaybookTask] in
      switch node {
      case let .task(task): return [task]
      case let .block(block): return block.tasks.allTasks + block.rescue.allTasks + block.always.allTasks
      }
    }
  }
}
