import Yams
import ValueModel

/// The checks Ansible makes on a task's arguments, made here before anything runs.
extension TaskParser {
  /// Arguments against the module's options, and the engine actions' own rules.
  func validate(_ task: inout PlaybookTask, at actionNode: Node) throws(PlaybookError) {
    let arguments = task.arguments
    func error(_ key: String?, _ message: String) -> PlaybookError {
      guard let key, let place = task.argumentLocations[key] else { return file.error(actionNode, message) }
      return PlaybookError(place, message, excerpt: SourceExcerpt.render(file.text, line: place.line, column: place.column))
    }
    switch task.action {
    case "include_tasks", "import_tasks":
      try rejectOptions(arguments, allowed: Keywords.includeTasksArguments, task.action, error)
      if arguments["_raw_params"] == nil, let path = arguments["file"] {
        task.arguments["_raw_params"] = path
        task.arguments["file"] = nil
      }
      guard let path = task.arguments["_raw_params"], path != .null, path.plainText != "" else {
        throw file.error(actionNode, "no file specified for \(task.action)")
      }
    case "include_role", "import_role":
      try rejectOptions(arguments, allowed: Keywords.includeRoleArguments, task.action, error)
      guard arguments["name"] ?? arguments["role"] != nil else {
        throw file.error(actionNode, "'name' is a required field for \(task.action)")
      }
    case "meta":
      guard let raw = arguments["_raw_params"]?.plainText, !raw.contains("{{") else { break }
      guard Keywords.metaActions.contains(raw) else {
        throw error("_raw_params", "invalid meta action requested: \(raw)")
      }
    default:
      if let key = arguments.keys.sorted().first(where: { $0.hasPrefix("_ansible_") }) {
        throw error(key, "invalid parameter specified beginning with keyword '_ansible_' for action '\(task.action)': '\(key)'. The prefix '_ansible_' is reserved for internal use only")
      }
      guard let module = state.catalog.moduleType(named: task.action) else { return }
      if arguments["_raw_params"] != nil, !module.takesFreeForm {
        throw error("_raw_params", "action '\(task.action)' does not support raw params: write its options as key=value or as a mapping")
      }
      // Option names are checked when the task runs, as Ansible checks them: a task that
      // never runs never fails, and an option the Swift module lacks runs Ansible's.
    }
  }

  private func rejectOptions(
    _ arguments: ValueDict, allowed: Set<String>, _ action: String, _ error: (String?, String) -> PlaybookError
  ) throws(PlaybookError) {
    let bad = arguments.keys.filter { !allowed.contains($0) }.sorted()
    if let first = bad.first { throw error(first, "invalid options for \(action): \(bad.joined(separator: ","))") }
  }

  /// `loop_control:`, each key checked.
  func loopControl(_ node: Node) throws(PlaybookError) -> LoopControl {
    var control = LoopControl()
    for entry in try file.map(node, "loop_control").entries {
      let value = try file.value(entry.value)
      switch entry.key {
      case "loop_var":
        guard case let .string(name) = value else { throw file.error(entry.value, "loop_var must be a variable name") }
        control.loopVar = name
      case "index_var":
        guard case let .string(name) = value else { throw file.error(entry.value, "index_var must be a variable name") }
        control.indexVar = name
      case "label": control.label = value
      case "pause":
        switch value {
        case let .int(seconds): control.pause = Double(seconds)
        case let .double(seconds): control.pause = seconds
        case let .string(text) where Double(text) != nil: control.pause = Double(text) ?? 0
        default: throw file.error(entry.value, "pause must be a number of seconds")
        }
      case "extended": control.extended = value.asBoolean
      case "extended_allitems": control.extendedAllItems = value.asBoolean
      case "break_when": control.breakWhen = try KeywordReader(file: file).conditions(entry.value)
      default: throw file.error(entry.keyNode, "'\(entry.key)' is not a valid attribute for a LoopControl")
      }
    }
    return control
  }
}
