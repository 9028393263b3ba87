import AnsibleYAML
import Foundation
import Yams
import ValueModel

/// Reads a playbook into the typed model, Ansible-compatible, and validates all of it
/// (keywords, modules, arguments, roles, imports) before anything runs: a playbook that
/// loads is one the engine can start without discovering a typo halfway through.
package struct PlaybookLoader: Sendable {
  let catalog: any ModuleCatalog
  let rolesPath: [String]
  let extraVars: ValueDict
  /// Installed collections (`collections_path` and Ansible's bundled ones); a playbook's
  /// adjacent `collections/` folder is searched before them.
  let collections: CollectionRoots
  /// Reads every playbook, task, role and argument-spec file, with the run's vault secrets.
  let yaml: YAMLLoader

  /// Actions the engine implements itself (meta, include_tasks, include_role, include_vars,
  /// group_by, add_host, pause, wait_for_connection) are accepted without a catalog entry.
  package init(
    catalog: any ModuleCatalog, rolesPath: [String] = [], extraVars: ValueDict = [:],
    collections: CollectionRoots = CollectionRoots([]), yaml: YAMLLoader = YAMLLoader()
  ) {
    self.yaml = yaml
    self.catalog = catalog
    self.rolesPath = rolesPath
    self.extraVars = extraVars
    self.collections = collections
  }

  /// The file a playbook argument names: a path, or a playbook of an installed collection
  /// (`ns.coll.site` is `playbooks/site.yml` in `ns.coll`) when no such file exists, as
  /// ansible-playbook takes it. Nil when neither exists.
  package func locate(_ target: String) -> (path: String, collection: String?)? {
    if FileManager.default.fileExists(atPath: target) { return (target, nil) }
    let adjacent = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("collections")
    guard let found = collections.preferring([adjacent]).playbook(target) else { return nil }
    return (found.path, found.collection)
  }

  package func load(_ target: String) throws(PlaybookError) -> Playbook {
    let located = locate(target)
    let path = located?.path ?? target
    let absolute = LoadState.resolve(path, from: FileManager.default.currentDirectoryPath)
    let state = makeState(directory: (absolute as NSString).deletingLastPathComponent)
    state.defaultCollection = located?.collection
    let file = try SourceFile.read(absolute, requestedAt: nil, yaml: yaml)
    guard file.root != nil else {
      throw PlaybookError(SourceLocation(file: absolute, line: 0, column: 0), "empty playbook, nothing to do")
    }
    state.stack = [absolute]
    return Playbook(path: path, plays: try plays(in: file, imported: KeywordScope(), state: state))
  }

  func makeState(directory: String) -> LoadState {
    // A playbook's adjacent `collections/` folder comes first, as in Ansible.
    LoadState(
      catalog: catalog, rolesPath: rolesPath, extraVars: extraVars, directory: directory, yaml: yaml,
      collections: collections.preferring([(directory as NSString).appendingPathComponent("collections")]))
  }

  /// The plays of one playbook file, `import_playbook` entries expanded in place.
  private func plays(in file: SourceFile, imported: KeywordScope, state: LoadState) throws(PlaybookError) -> [Play] {
    guard let root = file.root else { return [] }
    guard case .sequence = root else {
      throw file.error(root, "a playbook must be a list of plays, got \(SourceFile.kind(root)) instead")
    }
    var result: [Play] = []
    for entry in try file.list(root, "a playbook") {
      if let map = entry.mapping, map.keys.contains(where: { Self.importPlaybookKeys.contains($0.string ?? "") }) {
        result += try importPlaybook(try file.map(entry, "import_playbook"), in: file, imported: imported, state: state)
      } else {
        result.append(try PlayParser(state: state, file: file).parse(entry, imported: imported))
      }
    }
    return result
  }

  /// `import_playbook` as written: short, or fully qualified as ansible-lint asks.
  static let importPlaybookKeys: Set<String> = ["import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook"]

  private func importPlaybook(_ map: YAMLMap, in file: SourceFile, imported: KeywordScope, state: LoadState) throws(PlaybookError) -> [Play] {
    let reader = KeywordReader(file: file)
    var own = KeywordScope()
    for entry in map.entries where !Self.importPlaybookKeys.contains(entry.key) && entry.key != "name" {
      guard Keywords.importPlaybook.contains(entry.key) else {
        throw file.error(entry.keyNode, "'\(entry.key)' is not a valid attribute for a PlaybookInclude")
      }
      // Only when, tags and vars reach the plays, as in Ansible; the rest are accepted.
      var scratch = KeywordScope()
      _ = try reader.read(entry.key, entry.value, into: &scratch)
      switch entry.key {
      case "when": own.when = scratch.when
      case "tags": own.tags = scratch.tags
      case "vars": own.vars = scratch.vars
      default: break
      }
    }
    let pathNode = Self.importPlaybookKeys.sorted().lazy.compactMap { map[$0] }.first
    guard let pathNode, case let .string(written) = try file.value(pathNode), !written.isEmpty else {
      throw file.error(map.node, "import_playbook needs the path of a playbook")
    }
    let place = file.location(map.node)
    state.templateVariables = own.vars.merging(extraVars) { _, new in new }
    let rendered = try state.render(written, at: place, file: file)
    // `ns.coll.name` is a playbook of an installed collection, its plays looking up short
    // role names in that collection; any other name is a path.
    let fromCollection = rendered.hasPrefix("/") ? nil : state.collections.playbook(rendered)
    let path = fromCollection?.path ?? LoadState.resolve(rendered, from: file.directory)
    let excerpt = SourceExcerpt.render(file.text, line: place.line, column: place.column)
    guard !state.stack.contains(path) else {
      throw PlaybookError(place, "'\(written)' imports itself (through \(state.stack.last ?? path))", excerpt: excerpt)
    }
    let other = try SourceFile.read(path, requestedAt: place, excerpt: excerpt, yaml: yaml)
    state.stack.append(path)
    let outerCollection = state.defaultCollection
    if let fromCollection { state.defaultCollection = fromCollection.collection }
    defer {
      state.stack.removeLast()
      state.defaultCollection = outerCollection
    }
    // The outer import's conditions apply first, and its vars win over the inner one's.
    var combined = imported.merged(with: own)
    combined.vars = own.vars.merging(imported.vars) { _, outer in outer }
    return try plays(in: other, imported: combined, state: state)
  }
}
