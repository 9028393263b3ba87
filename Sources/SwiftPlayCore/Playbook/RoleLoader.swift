import Foundation
import Yams
import ValueModel

/// Finds roles where Ansible looks for them and reads their folders: dependencies from
/// `meta/main.yml` first, then defaults, vars, tasks and handlers.
struct RoleLoader {
  let state: LoadState

  /// The role with its dependencies' tasks first; nil when the play already has this
  /// very use of it and the role does not allow duplicates.
  func load(_ request: RoleRequest, scope: KeywordScope, parentRole: RoleContext?) throws(PlaybookError) -> Role? {
    let (path, collection) = try find(request, parentRole: parentRole)
    // A role given as a path is named after its folder, a collection's role by its fully
    // qualified name, as in Ansible.
    let name = collection.map { "\($0).\((path as NSString).lastPathComponent)" }
      ?? (request.name.contains("/") ? (path as NSString).lastPathComponent : request.name)
    guard !state.stack.contains(path) else {
      throw PlaybookError(request.location, "role '\(name)' depends on itself", excerpt: request.excerpt)
    }
    let meta = try file(in: path, "meta", nil, request)
    var allowDuplicates = false
    var dependencies: [Node] = []
    var metaCollections: [String] = []
    if let meta, let root = meta.root, case .mapping = root {
      let map = try meta.map(root, "meta/main")
      if let node = map["allow_duplicates"] { allowDuplicates = try meta.value(node).asBoolean }
      if let node = map["dependencies"] { dependencies = try meta.list(node, "dependencies") }
      if let node = map["collections"] { metaCollections = try Self.collectionNames(node, in: meta) }
    }
    // A collection's role finds its siblings by short name; a role from a roles path sees
    // the playbook's default collection. Either adds its meta's `collections:`.
    let owner = collection ?? state.defaultCollection
    var roleCollections = Self.searchList([owner].compactMap { $0 } + metaCollections, fallback: nil)
    if !roleCollections.contains("ansible.builtin"), !roleCollections.contains("ansible.legacy") {
      roleCollections.append(collection == nil ? "ansible.legacy" : "ansible.builtin")
    }
    // The conditions and tags in force (the role's and its parents'): a dependency shared
    // by two roles with different conditions runs under each, as in Ansible.
    let outer = scope.merged(with: request.own)
    let identity = RoleIdentity(
      path: path, parameters: request.parameters, when: outer.when, tags: outer.tags, vars: request.vars,
      tasksFrom: request.tasksFrom)
    if !(request.allowDuplicates ?? allowDuplicates), state.rolesSeen.contains(identity) { return nil }
    state.rolesSeen.append(identity)
    state.stack.append(path)
    defer { state.stack.removeLast() }

    var role = Role(name: name, path: path)
    role.defaults = try variables(in: path, "defaults", request.defaultsFrom, request)
    role.vars = try variables(in: path, "vars", request.varsFrom, request).merging(request.vars) { _, new in new }
    var context = RoleContext(
      name: name, path: path, defaults: role.defaults, vars: role.vars, collection: collection, collections: roleCollections)
    context.parameters = request.parameters
    if let parentRole { context.parentPaths = [parentRole.path] + parentRole.parentPaths }
    if let meta {
      for dependency in dependencies {
        let dependencyRequest = try RoleRequest.read(dependency, in: meta, state: state)
        guard let loaded = try load(dependencyRequest, scope: outer, parentRole: context) else { continue }
        role.tasks += loaded.tasks
        role.handlers += loaded.handlers
      }
    }
    var inner = outer
    inner.role = context
    role.tasks += try validationTask(path: path, name: name, request: request, meta: meta, scope: inner)
    if let tasks = try file(in: path, "tasks", request.tasksFrom, request), let root = tasks.root {
      role.tasks += try TaskListParser(state: state, file: tasks, isHandler: false)
        .parse(root, "a role's tasks", scope: inner, directory: tasks.directory)
    }
    if let handlers = try file(in: path, "handlers", request.handlersFrom, request), let root = handlers.root {
      let nodes = try TaskListParser(state: state, file: handlers, isHandler: true)
        .parse(root, "a role's handlers", scope: inner, directory: handlers.directory)
      role.handlers += nodes.allTasks  // blocks in a handlers file give their tasks
    }
    return role
  }

  /// Where the role lives, and the collection holding it: a fully qualified name in its
  /// collection; a short name first in each collection of the search list in force (the
  /// parent role's, else the play's), then `<playbook dir>/roles`, each roles path, the
  /// folder holding the parent role (for dependencies), the playbook dir, then the name
  /// as a path. Ansible's order, and its error naming every place searched.
  func find(_ request: RoleRequest, parentRole: RoleContext?) throws(PlaybookError) -> (path: String, collection: String?) {
    let searchList = parentRole?.collections ?? state.collectionList
    if let (collection, rest) = CollectionRoots.split(request.name), rest.count == 1 {
      if let path = state.collections.role(rest[0], in: collection) { return (path, collection) }
    } else if !request.name.contains("/") {
      for collection in searchList where collection != "ansible.builtin" && collection != "ansible.legacy" {
        if let path = state.collections.role(request.name, in: collection) { return (path, collection) }
      }
    }
    var searched = [(state.playbookDirectory as NSString).appendingPathComponent("roles")]
    searched += state.rolesPath.map { LoadState.resolve($0, from: state.playbookDirectory) }
    if let parentRole { searched.append((parentRole.path as NSString).deletingLastPathComponent) }
    searched.append(state.playbookDirectory)
    for folder in searched {
      let candidate = LoadState.resolve(request.name, from: folder)
      if LoadState.exists(candidate, directory: true) { return (candidate, nil) }
    }
    let asPath = LoadState.resolve(request.name, from: FileManager.default.currentDirectoryPath)
    if LoadState.exists(asPath, directory: true) { return (asPath, nil) }
    var error = PlaybookError(
      request.location, "the role '\(request.name)' was not found in \((searchList + searched).joined(separator: ":"))",
      excerpt: request.excerpt)
    error.exitCode = 1  // Ansible's general error, not a parse error
    throw error
  }

  /// A `collections:` keyword's names (a list, or one name), each `namespace.name`.
  static func collectionNames(_ node: Node, in file: SourceFile) throws(PlaybookError) -> [String] {
    let items: [Value]
    switch try file.value(node) {
    case .null: return []
    case let .list(values): items = values
    case let value: items = [value]
    }
    var names: [String] = []
    for item in items {
      guard case let .string(name) = item, name.split(separator: ".", omittingEmptySubsequences: false).count == 2,
        name.split(separator: ".").allSatisfy(CollectionRoots.isWord)
      else {
        throw file.error(node, "'collections' takes collection names of the form namespace.name, got '\(item.plainText)'")
      }
      if !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// A search list without repeats, with `fallback` (`ansible.legacy`) appended to a
  /// non-empty list naming neither synthetic collection, as Ansible completes a play's.
  static func searchList(_ names: [String], fallback: String?) -> [String] {
    var list: [String] = []
    for name in names where !list.contains(name) { list.append(name) }
    if let fallback, !list.isEmpty, !list.contains("ansible.builtin"), !list.contains("ansible.legacy") { list.append(fallback) }
    return list
  }

  /// `<role>/<folder>/<name or main>` with `.yml`, `.yaml` or `.json`, read; nil when the
  /// role has no such file (an error only when the name was asked for).
  private func file(in path: String, _ folder: String, _ name: String?, _ request: RoleRequest) throws(PlaybookError) -> SourceFile? {
    let base = (path as NSString).appendingPathComponent(folder)
    let stem = name ?? "main"
    let candidates = [stem, stem + ".yml", stem + ".yaml", stem + ".json"].map { (base as NSString).appendingPathComponent($0) }
    guard let found = candidates.first(where: { LoadState.exists($0) }) else {
      guard let name else { return nil }
      throw PlaybookError(
        request.location, "could not find specified file in role: \(folder)/\(name) (looked in \(base))", excerpt: request.excerpt)
    }
    return try SourceFile.read(found, requestedAt: request.location, excerpt: request.excerpt, yaml: state.yaml)
  }

  private func variables(in path: String, _ folder: String, _ name: String?, _ request: RoleRequest) throws(PlaybookError) -> ValueDict {
    guard let source = try file(in: path, folder, name, request), let root = source.root else { return [:] }
    switch try source.value(root) {
    case .null: return [:]
    case let .dict(members): return members
    default: throw source.error(root, "a role's \(folder) file must be a mapping of variables")
    }
  }
}
