import Foundation
import Jinja

/// Renders `{{ ... }}` in task arguments with one host's variables, as Ansible's templar
/// does: a string that is one expression keeps the expression's type, other strings
/// become text, and lists and mappings are rendered member by member.
package struct Templar: Sendable {
  var context: [String: Value]
  /// Variables defined in terms of themselves: using one fails with the recursion error.
  var recursive: RecursiveVariables
  /// Where `lookup('file', ...)` and friends read: the task's search path (its role and
  /// folder), then the playbook's folder (the working folder for ad-hoc runs).
  var lookups: LocalLookups

  /// Variables may themselves hold templates (`url: "http://{{ host }}"`); they are
  /// resolved against each other first, depth first, as Ansible resolves them lazily
  /// (see `VariableResolution`).
  package init(
    variables: [String: JSONValue], baseDirectory: String = FileManager.default.currentDirectoryPath, searchPaths: [String] = []
  ) {
    let lookups = LocalLookups(baseDirectory: URL(fileURLWithPath: baseDirectory), searchPaths: searchPaths)
    self.lookups = lookups
    let resolution = VariableResolution(raw: variables.mapValues(\.jinjaValue), lookups: lookups)
    context = resolution.resolveAll()
    recursive = RecursiveVariables(errors: resolution.recursive)
  }

  var resolver: TemplarResolver { TemplarResolver(recursive: recursive, context: context) }

  package func render(_ value: JSONValue, name: String = "<task>") throws(TemplateError) -> JSONValue {
    switch value {
    case let .string(text) where Template.isTemplate(text):
      return JSONValue(try Template(text, name: name).renderNative(context, lookups: lookups, resolver: resolver, loader: loader))
    case let .array(items):
      var rendered: [JSONValue] = []
      for item in items { rendered.append(try render(item, name: name)) }
      return .array(rendered)
    case let .object(members):
      var rendered: [String: JSONValue] = [:]
      for (key, member) in members { rendered[key] = try render(member, name: name) }
      return .object(rendered)
    default:
      return value
    }
  }

  /// Renders to text, whatever the expression's type.
  package func renderText(_ text: String, name: String = "<task>") throws(TemplateError) -> String {
    guard Template.isTemplate(text) else { return text }
    return try Template(text, name: name).render(context, lookups: lookups, resolver: resolver, loader: loader)
  }

  /// What `{% include %}` in a task's own templates finds: files in the playbook's folder,
  /// as Ansible's environment loads them from the loader's base folder.
  var loader: FileTemplateLoader {
    FileTemplateLoader(searchPath: [lookups.baseDirectory.path])
  }

  /// The task's file search (its roles and folder, then the playbook's folder).
  var fileSearch: FileSearchPath {
    FileSearchPath(paths: lookups.searchPaths, baseDirectory: lookups.baseDirectory.path)
  }
}

extension JSONValue {
  var jinjaValue: Value {
    switch self {
    case .null: return .none
    case let .bool(flag): return .bool(flag)
    case let .int(number): return .int(number)
    case let .double(number): return .double(number)
    case let .string(text): return .string(text)
    case let .array(items): return .list(items.map(\.jinjaValue))
    case let .object(members): return .dict(ValueDict(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.jinjaValue) }))
    }
  }

  init(_ value: Value) {
    switch value {
    case .none, .undefined: self = .null
    case let .bool(flag): self = .bool(flag)
    case let .int(number): self = .int(number)
    case let .double(number): self = .double(number)
    case let .string(text): self = .string(text)
    case let .list(items): self = .array(items.map(JSONValue.init))
    case let .dict(members): self = .object(Dictionary(members.entries.map { ($0.key, JSONValue($0.value)) }) { _, new in new })
    }
  }
}

extension Templar {
  /// The items of a `with_<name>` loop: Ansible runs the lookup of that name with
  /// `wantlist=True`; `first_found` then searches the subfolder the task's action implies
  /// (`templates/` for template, `vars/` for include_vars, else `files/`), and its terms
  /// lose what is undefined instead of failing, as Ansible's do.
  func loopItems(lookup name: String, terms: JSONValue, action: String) throws -> [JSONValue] {
    let rendered = name == "first_found" ? try renderDroppingUndefined(terms) ?? .array([]) : try render(terms, name: "with_\(name)")
    var lookups = self.lookups
    lookups.loopSubdirectory = (["template", "var", "file"].first { action.contains($0) } ?? "file") + "s"
    let list: [Value]
    if case let .array(items) = rendered { list = items.map(\.jinjaValue) } else { list = [rendered.jinjaValue] }
    return try lookups.run(name, terms: list, options: [:], variables: context).map(JSONValue.init)
  }

  private func renderDroppingUndefined(_ value: JSONValue) throws(TemplateError) -> JSONValue? {
    switch value {
    case .string:
      do { return try render(value, name: "with_first_found") } catch where error.isUndefined { return nil }
    case let .array(items):
      var kept: [JSONValue] = []
      for item in items { if let rendered = try renderDroppingUndefined(item) { kept.append(rendered) } }
      return .array(kept)
    case let .object(members):
      var kept: [String: JSONValue] = [:]
      for (key, member) in members { kept[key] = try renderDroppingUndefined(member) }
      return .object(kept)
    default:
      return value
    }
  }
}
