import Foundation
import Yams
import ValueModel

/// What the engine asks of the loader while a play runs: the dynamic `include_tasks` and
/// `include_role`, loaded and validated the same way as the rest of the playbook.
extension PlaybookLoader: IncludeLoader {
  /// include_tasks at run time: the file's tasks with the include task's inherited keywords applied (its when, tags, vars, connection keywords, environment, role context, ...). `vars` are the include's rendered parameters, merged into each task's vars.
  ///
  /// As in Ansible, the include's own `when`, `tags` and other keywords applied to the
  /// include alone; the file's tasks get what the include inherited, its vars and
  /// parameters, and the keywords of its `apply:`.
  package func loadIncludedTasks(_ path: String, inheriting parent: PlaybookTask, vars: ValueDict) throws(PlaybookError) -> [TaskNode] {
    let excerpt = Self.excerpt(of: parent.location)
    var candidates = [LoadState.resolve(path, from: parent.directory)]
    if let role = parent.role { candidates.append(LoadState.resolve(path, from: (role.path as NSString).appendingPathComponent("tasks"))) }
    candidates.append(LoadState.resolve(path, from: FileManager.default.currentDirectoryPath))
    let found = candidates.first { LoadState.exists($0) } ?? candidates[0]
    let file = try SourceFile.read(found, requestedAt: parent.location, excerpt: excerpt, yaml: yaml)
    let state = makeState(directory: Self.playbookDirectory(of: parent))
    state.stack = [found]
    var scope = try scope(inheritedBy: parent)
    scope.parameters.merge(vars) { _, new in new }
    try Self.checkDepth(of: &scope, at: parent, excerpt: excerpt)
    guard let root = file.root else { return [] }
    return try TaskListParser(state: state, file: file, isHandler: false)
      .parse(root, "an included tasks file", scope: scope, directory: file.directory)
  }

  /// include_role / import_role: a role by name, looked up in <directory>/roles, then rolesPath, then <directory> itself, as Ansible does; tasksFrom/handlersFrom... select other files; parent's keywords inherited when given.
  package func loadRole(
    _ name: String, from directory: String, tasksFrom: String?, parameters: ValueDict, inheriting parent: PlaybookTask?
  ) throws(PlaybookError) -> Role {
    let state = makeState(directory: directory)
    let arguments = parent?.arguments ?? [:]
    let location = parent?.location ?? SourceLocation(file: directory, line: 0, column: 0)
    // A role included from a role knows its parents, nearest first, as Ansible tells it.
    var parameters = parameters
    if let parentRole = parent?.role {
      func inherited(_ key: String) -> [Value] {
        if case let .list(items)? = parentRole.parameters[key] { return items }
        return []
      }
      let names = inherited("ansible_parent_role_names"), paths = inherited("ansible_parent_role_paths")
      parameters["ansible_parent_role_names"] = .list([.string(parentRole.name)] + names)
      parameters["ansible_parent_role_paths"] = .list([.string(parentRole.path)] + paths)
    }
    let request = RoleRequest(
      name: name, location: location, file: Self.sourceFile(of: location), parameters: parameters, vars: [:], own: KeywordScope(),
      tasksFrom: tasksFrom, handlersFrom: arguments["handlers_from"]?.plainText, varsFrom: arguments["vars_from"]?.plainText,
      defaultsFrom: arguments["defaults_from"]?.plainText, allowDuplicates: true,
      validateSpec: arguments["rolespec_validate"]?.asBoolean ?? true)
    var scope = try parent.map { task throws(PlaybookError) in try self.scope(inheritedBy: task) } ?? KeywordScope()
    if let parent { try Self.checkDepth(of: &scope, at: parent, excerpt: Self.excerpt(of: parent.location)) }
    guard let role = try RoleLoader(state: state).load(request, scope: scope, parentRole: parent?.role) else {
      return Role(name: name, path: directory)
    }
    return role
  }

  /// Dynamic includes nested deeper than any real playbook needs: a file or role that
  /// includes itself with no condition to end it would otherwise run forever.
  static let maxIncludeDepth = 100

  /// Adds the include at `parent` to the chain in `scope`, or stops a chain too long.
  private static func checkDepth(of scope: inout KeywordScope, at parent: PlaybookTask, excerpt: String) throws(PlaybookError) {
    scope.includedFrom.append(parent.location)
    guard scope.includedFrom.count <= maxIncludeDepth else {
      let first = scope.includedFrom[0]
      throw PlaybookError(
        parent.location,
        "includes nest deeper than \(maxIncludeDepth) levels here (first at \(first.file):\(first.line)): "
          + "a file or role that includes itself needs a condition that ends it", excerpt: excerpt)
    }
  }

  /// The include's inherited scope, its vars, and its `apply:` keywords.
  private func scope(inheritedBy parent: PlaybookTask) throws(PlaybookError) -> KeywordScope {
    var scope = parent.inherited ?? Self.scope(of: parent)
    scope.vars.merge(parent.vars) { _, new in new }
    // The include's own `vars:` are also include parameters for what it includes.
    let outerVars = parent.inherited?.vars ?? [:]
    scope.parameters.merge(parent.parameters) { _, new in new }
    scope.parameters.merge(parent.vars.filter { outerVars[$0.key] != $0.value }) { _, new in new }
    if scope.role == nil { scope.role = parent.role }
    guard case let .dict(apply)? = parent.arguments["apply"] else { return scope }
    let file = Self.sourceFile(of: parent.location) ?? SourceFile(path: parent.location.file, text: "", root: nil)
    let reader = KeywordReader(file: file)
    var own = KeywordScope()
    for (key, value) in apply.sorted(by: { $0.key < $1.key }) {
      guard Keywords.block.contains(key), !["block", "rescue", "always", "name"].contains(key) else {
        throw PlaybookError(parent.location, "'\(key)' is not a valid attribute for a Block (in apply)", excerpt: Self.excerpt(of: parent.location))
      }
      _ = try reader.read(key, Self.node(value), into: &own)
    }
    return scope.merged(with: own)
  }

  /// A task's keywords as a scope, for tasks the loader did not make.
  private static func scope(of task: PlaybookTask) -> KeywordScope {
    var scope = KeywordScope()
    scope.when = task.when
    scope.tags = task.tags
    scope.connectionKeywords = task.connectionKeywords
    scope.environment = task.environment
    scope.moduleDefaults = task.moduleDefaults
    scope.ignoreErrors = task.ignoreErrors
    scope.ignoreUnreachable = task.ignoreUnreachable
    scope.noLog = task.noLog
    scope.checkMode = task.checkMode
    scope.diff = task.diff
    scope.anyErrorsFatal = task.anyErrorsFatal
    scope.delegateTo = task.delegateTo
    scope.role = task.role
    return scope
  }

  /// Roles are searched from the playbook's folder; a role task's playbook is the folder
  /// above its `roles/` folder.
  private static func playbookDirectory(of task: PlaybookTask) -> String {
    guard let role = task.role else { return task.directory }
    let rolesFolder = (role.path as NSString).deletingLastPathComponent
    return (rolesFolder as NSString).lastPathComponent == "roles" ? (rolesFolder as NSString).deletingLastPathComponent : task.directory
  }

  private static func sourceFile(of location: SourceLocation) -> SourceFile? {
    guard let data = FileManager.default.contents(atPath: location.file), let text = String(data: data, encoding: .utf8) else { return nil }
    return SourceFile(path: location.file, text: text, root: nil)
  }

  private static func excerpt(of location: SourceLocation) -> String {
    sourceFile(of: location).map { SourceExcerpt.render($0.text, line: location.line, column: location.column) } ?? ""
  }

  /// A value as a YAML node, so `apply:` keywords read like written ones.
  static func node(_ value: Value) -> Node {
    switch value {
    case .null, .undefined: return Node("null", Tag(.null))
    case let .bool(flag): return Node(flag ? "true" : "false", Tag(.bool))
    case let .int(number): return Node(String(number), Tag(.int))
    case let .double(number): return Node(PythonRepr.float(number), Tag(.float))
    case let .string(text): return Node(text, Tag(.str))
    case let .list(items): return Node(items.map(node))
    case let .dict(members): return Node(members.map { (Node($0.key, Tag(.str)), node($0.value)) })
    }
  }
}
