import Yams
import ValueModel

/// One use of a role: a `roles:` entry, a `meta/main.yml` dependency, an `import_role` or
/// an `include_role`, with what it asks of the role.
struct RoleRequest {
  var name: String
  var location: SourceLocation
  /// The file it was written in, to quote in errors; nil for the engine's `include_role`.
  var file: SourceFile?
  /// Keys of a `roles:` entry that are not keywords: the role's parameters.
  var parameters: ValueDict
  /// The entry's `vars:` keyword.
  var vars: ValueDict
  /// Keywords on the entry (when, tags, become, ...), inherited by the role's tasks.
  var own: KeywordScope
  var tasksFrom: String?
  var handlersFrom: String?
  var varsFrom: String?
  var defaultsFrom: String?
  /// nil: the role's `meta/main.yml` decides.
  var allowDuplicates: Bool?
  /// Whether the role's argument spec is checked first (`rolespec_validate`, default on).
  var validateSpec = true

  var excerpt: String {
    file.map { SourceExcerpt.render($0.text, line: location.line, column: location.column) } ?? ""
  }

  /// Reads a `roles:` entry or a dependency: a name, or a mapping with `role:` (or
  /// `name:`), keywords and parameters.
  static func read(_ node: Node, in file: SourceFile, state: LoadState) throws(PlaybookError) -> RoleRequest {
    let place = file.location(node)
    if case .scalar = node {
      // A bare name; Ansible also takes a number (`- 42`) as one.
      let value = try file.value(node)
      guard value != .null else { throw file.error(node, "role definitions must contain a role name") }
      return RoleRequest(
        name: try state.render(value.plainText, at: place, file: file), location: place, file: file, parameters: [:], vars: [:],
        own: KeywordScope())
    }
    guard case .mapping = node else { throw file.error(node, "a role must be named by a string or a mapping with 'role:'") }
    let map = try file.map(node, "a role")
    guard let nameNode = map["role"] ?? map["name"], case let .string(name) = try file.value(nameNode), !name.isEmpty else {
      throw file.error(node, "role definitions must contain a role name")
    }
    let reader = KeywordReader(file: file)
    var request = RoleRequest(name: try state.render(name, at: place, file: file), location: place, file: file, parameters: [:], vars: [:], own: KeywordScope())
    for entry in map.entries where entry.key != "role" && entry.key != "name" {
      if entry.key == "vars" {
        request.vars = try reader.vars(entry.value)
      } else if Keywords.roleEntry.contains(entry.key) {
        _ = try reader.read(entry.key, entry.value, into: &request.own)
      } else {
        request.parameters[entry.key] = try file.value(entry.value)
      }
    }
    return request
  }
}
