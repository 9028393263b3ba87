/// `--tags` and `--skip-tags`, with Ansible's special tags: `always` runs unless skipped
/// by name, `never` runs only when asked for by name, `all`, `tagged` and `untagged`.
struct TagSelection: Sendable {
  let only: Set<String>
  let skip: Set<String>

  func selects(_ tags: [String]) -> Bool {
    let own = Set(tags)
    if !own.isDisjoint(with: skip) || (skip.contains("all") && !own.contains("always")) { return false }
    if skip.contains("tagged") && !own.isEmpty && !own.contains("always") { return false }
    if skip.contains("untagged") && own.isEmpty { return false }
    if own.contains("always") { return true }
    if only.isEmpty || only.contains("all") { return !own.contains("never") || !own.isDisjoint(with: only) }
    if only.contains("tagged") && !own.isEmpty && !own.contains("never") { return true }
    if only.contains("untagged") && own.isEmpty { return true }
    return !own.isDisjoint(with: only)
  }

  /// The tasks that run, blocks kept only where something in them runs.
  func filter(_ nodes: [TaskNode]) -> [TaskNode] {
    nodes.compactMap { node in
      switch node {
      case let .task(task):
        return selects(task.tags) ? node : nil
      case var .block(block):
        block.tasks = filter(block.tasks)
        block.rescue = filter(block.rescue)
        block.always = filter(block.always)
        return block.tasks.isEmpty && block.always.isEmpty ? nil : .block(block)
      }
    }
  }
}
