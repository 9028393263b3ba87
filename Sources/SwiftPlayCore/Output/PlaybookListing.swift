import ValueModel

/// `--list-hosts`, `--list-tasks` and `--list-tags`, in ansible-playbook's layout.
package struct PlaybookListing {
  let inventory: Inventory
  let limit: String?
  let tags: Set<String>
  let skipTags: Set<String>
  let extraVars: ValueDict
  let display: Display

  package init(
    inventory: Inventory, limit: String?, tags: Set<String>, skipTags: Set<String>, extraVars: ValueDict,
    display: Display
  ) {
    self.inventory = inventory
    self.limit = limit
    self.tags = tags
    self.skipTags = skipTags
    self.extraVars = extraVars
    self.display = display
  }

  package func show(_ playbooks: [Playbook], hosts showHosts: Bool, tasks showTasks: Bool, tags showTags: Bool) {
    let selection = Self.selection(only: tags, skip: skipTags, listingTags: showTags)
    for playbook in playbooks {
      var lines = ["", "playbook: \(playbook.path)"]
      for (index, play) in playbook.plays.enumerated() {
        var vars = play.vars
        vars.merge(extraVars) { _, new in new }
        let templar = Templar(variables: vars)
        let pattern = (try? templar.renderText(play.hosts)) ?? play.hosts
        let name = play.name.map { (try? templar.renderText($0)) ?? $0 } ?? play.hosts
        lines += ["", "  play #\(index + 1) (\(pattern)): \(name)\tTAGS: [\(play.tags.joined(separator: ", "))]"]
        if showHosts {
          var (hosts, _) = HostPattern(pattern).resolve(in: inventory)
          if let limit, let limited = try? HostPattern.limit(hosts, to: limit, in: inventory) { hosts = limited }
          lines += ["    pattern: ['\(pattern)']", "    hosts (\(hosts.count)):"] + hosts.map { "      \($0)" }
        }
        let tasks = (selection.filter(play.preTasks) + selection.filter(play.roles.flatMap(\.tasks))
          + selection.filter(play.tasks) + selection.filter(play.postTasks)).flatMap(Self.listed)
        if showTasks {
          lines.append("    tasks:")
          for task in tasks {
            lines.append("      \(Self.listedName(task))\tTAGS: [\(Self.sorted(task.tags).joined(separator: ", "))]")
          }
        }
        // ansible-playbook prints the play's tag summary for --list-tags only.
        if showTags {
          let all = Set(tasks.flatMap(\.tags))
          lines.append("      TASK TAGS: [\(Self.sorted(Array(all)).joined(separator: ", "))]")
        }
      }
      display.out(lines.joined(separator: "\n"))
    }
  }

  static func sorted(_ tags: [String]) -> [String] { Array(Set(tags)).sorted() }

  /// The tasks listed: those the tags select, except that `--list-tags` without
  /// `--tags`/`--skip-tags` selects `never` and `all`, as ansible-playbook does, so the
  /// tags of `never` tasks are listed too (and the tasks, when `--list-tasks` comes along).
  static func selection(only: Set<String>, skip: Set<String>, listingTags: Bool) -> TagSelection {
    guard listingTags && only.isEmpty && skip.isEmpty else { return TagSelection(only: only, skip: skip) }
    return TagSelection(only: ["never", "all"], skip: [])
  }

  /// The tasks ansible-playbook lists of a node: a block's own tasks, never its rescue
  /// or always sections.
  static func listed(_ node: TaskNode) -> [PlaybookTask] {
    switch node {
    case let .task(task): return [task]
    case let .block(block): return block.tasks.flatMap(listed)
    }
  }

  /// A task as ansible-playbook lists it: a named task as `role : name` inside a role (an
  /// `include_role` by its name alone), an unnamed one by its action as written, with no
  /// role prefix.
  static func listedName(_ task: PlaybookTask) -> String {
    guard let name = task.name else { return task.writtenAction ?? task.action }
    guard let role = task.role, task.action != "include_role" else { return name }
    return "\(role.name) : \(name)"
  }
}
