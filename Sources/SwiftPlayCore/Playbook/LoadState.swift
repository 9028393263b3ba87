import AnsibleYAML
import Foundation
import ValueModel

/// What one `load` call shares between the play, task and role readers: the loader's
/// settings, the variables import paths are rendered with, the roles a play already ran
/// (for Ansible's once-per-play rule) and the files being read (to stop import loops).
final class LoadState {
  let catalog: any ModuleCatalog
  let rolesPath: [String]
  /// Where installed collections are, for `ns.coll.role` and `ns.coll.playbook`.
  let collections: CollectionRoots
  let extraVars: ValueDict
  /// The loader's YAML reader, with the run's vault secrets.
  let yaml: YAMLLoader
  /// Folder of the file holding the current play: roles are searched from here.
  var playbookDirectory: String
  /// Play vars under extra vars, for `{{ }}` in import paths and role names.
  var templateVariables: ValueDict
  /// Identities of the roles the current play already has.
  var rolesSeen: [RoleIdentity] = []
  /// Handlers of roles brought in by `import_role`, for the play's handler list.
  var importedHandlers: [PlaybookTask] = []
  /// Files and roles being read, innermost last.
  var stack: [String] = []
  /// The collection of the playbook being read when it came from one (`ns.coll.site`):
  /// its plays look up short role names in it first, as Ansible's default collection.
  var defaultCollection: String?
  /// The current play's collection search list (its `collections:` keyword, after the
  /// default collection): where short role names are looked up before the roles paths.
  var collectionList: [String] = []

  init(
    catalog: any ModuleCatalog, rolesPath: [String], extraVars: ValueDict, directory: String, yaml: YAMLLoader,
    collections: CollectionRoots = CollectionRoots([])
  ) {
    self.catalog = catalog
    self.rolesPath = rolesPath
    self.collections = collections
    self.extraVars = extraVars
    self.yaml = yaml
    self.playbookDirectory = directory
    self.templateVariables = extraVars
  }

  /// Renders `{{ }}` in a path or role name written in the playbook.
  func render(_ text: String, at node: SourceLocation, file: SourceFile?) throws(PlaybookError) -> String {
    guard text.contains("{{") || text.contains("{%") else { return text }
    do {
      return try Templar(variables: templateVariables, baseDirectory: playbookDirectory).renderText(text)
    } catch {
      let excerpt = file.map { SourceExcerpt.render($0.text, line: node.line, column: node.column) } ?? ""
      throw PlaybookError(node, "cannot render '\(text)': \(error)", excerpt: excerpt)
    }
  }

  /// A path as written, made absolute against `directory`.
  static func resolve(_ path: String, from directory: String) -> String {
    let expanded = (path as NSString).expandingTildeInPath
    let joined = expanded.hasPrefix("/") ? expanded : (directory as NSString).appendingPathComponent(expanded)
    return (joined as NSString).standardizingPath
  }

  static func exists(_ path: String, directory: Bool = false) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && (isDirectory.boolValue == directory)
  }
}

/// What makes two uses of a role the same use, so the second is skipped (Ansible's rule:
/// same role, parameters, conditions, tags, vars and entry files).
struct RoleIdentity: Equatable {
  var path: String
  var parameters: ValueDict
  var when: [Value]
  var tags: [String]
  var vars: ValueDict
  var tasksFrom: String?
}
