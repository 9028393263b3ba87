import Foundation

/// An ad-hoc command (`-m MODULE -a ARGS PATTERN`) as data for the playbook engine: one
/// play on the pattern's hosts, no fact gathering, one task running the module, as
/// Ansible's `ansible` builds one. Check mode, diff, become, environment, timeouts and
/// results then come from the one engine that runs playbooks.
package struct AdHocPlay: Sendable {
  /// The module as the command line names it (`shell`, `ansible.builtin.copy`).
  package let module: String
  /// The `-a` text: `k=v` options and, for command-like modules, the command itself.
  /// Each value is rendered per host by the engine, as any task's arguments are.
  package let arguments: String
  package let pattern: String
  /// Where relative paths (`src=`, lookups, `playbook_dir`) start: the current folder.
  package let directory: String
  /// `-B SECONDS`: the module runs as an async job; `-P SECONDS` polls it (Ansible's
  /// `async:` and `poll:` of the task).
  package var background: Int?
  package var poll: Int?

  /// Engine actions that make sense for one task on its own (`EngineActions.adHoc`).
  static var engineActions: Set<String> { EngineActions.adHoc }

  package init(module: String, arguments: String, pattern: String, directory: String) {
    self.module = module
    self.arguments = arguments
    self.pattern = pattern
    self.directory = directory
  }

  /// The synthetic place errors name, as Ansible names the origin of an ad-hoc task.
  package var location: SourceLocation { SourceLocation(file: "<adhoc '\(module)' task>", line: 1, column: 1) }

  /// The one-play playbook. Throws when the module is unknown or refuses the `-a` text
  /// as written (before any host is contacted; each host parses it again once rendered).
  package func playbook(catalog: any ModuleCatalog) throws(ModuleError) -> Playbook {
    let action = try resolvedAction(catalog: catalog)
    var task = PlaybookTask(location: location, action: action, directory: directory)
    task.writtenAction = module
    if case let .ansible(source)? = catalog.resolve(module, collections: []) { task.ansibleModule = source }
    let freeForm = catalog.moduleType(named: action)?.takesFreeForm ?? false
    task.arguments = KeyValueArguments.parse(arguments, freeForm: freeForm)
    for key in task.arguments.keys { task.argumentLocations[key] = location }
    if let background, background > 0 {
      task.asyncTimeout = .int(background)
      task.poll = poll.map { .int($0) }
    }
    var play = Play(location: location, directory: directory, hosts: pattern)
    play.name = "Ansible Ad-Hoc"
    play.gatherFacts = false
    play.tasks = [.task(task)]
    return Playbook(path: location.file, plays: [play])
  }

  /// The canonical action name, once the module exists and takes the arguments.
  func resolvedAction(catalog: any ModuleCatalog) throws(ModuleError) -> String {
    let short = Keywords.shortName(module)
    if Self.engineActions.contains(short) { return short }
    if Keywords.engineActions.contains(short) {
      throw ModuleError(module: module, message: "'\(module)' is not a valid action for ad-hoc commands")
    }
    guard let resolved = catalog.resolve(module, collections: []) else { throw catalog.unknownModuleError(module) }
    guard case let .native(moduleType) = resolved else { return resolved.canonicalName }
    if moduleType.takesFreeForm && arguments.isEmpty {
      throw ModuleError(module: module, message: "No argument passed to \(module) module")
    }
    // Option names are checked when the task runs (an option the Swift module lacks runs
    // Ansible's module); the shape of the `-a` text is checked now.
    do { _ = try moduleType.parse(adHocArguments: arguments) } catch where error.message.hasPrefix("Unsupported parameters") {}
    return moduleType.name
  }
}
