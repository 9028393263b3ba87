import Foundation
import Jinja
import ValueModel

/// Renders `{{ ... }}` in task arguments with one host's variables, as Ansible's templar
/// does: a string that is one expression keeps the expression's type, other strings
/// become text, and lists and mappings are rendered member by member.
package struct Templar: Sendable {
  var context: ValueDict
  /// Variables defined in terms of themselves: using one fails with the recursion error.
  var recursive: RecursiveVariables
  /// Where `lookup('file', ...)` and friends read: the task's search path (its role and
  /// folder), then the playbook's folder (the working folder for ad-hoc runs).
  var lookups: LocalLookups

  /// Variables may themselves hold templates (`url: "http://{{ host }}"`); they are
  /// resolved against each other first, depth first, as Ansible resolves them lazily
  /// (see `VariableResolution`).
  package init(
    variables: ValueDict, baseDirectory: String = FileManager.default.currentDirectoryPath, searchPaths: [String] = []
  ) {
    let lookups = LocalLookups(baseDirectory: URL(fileURLWithPath: baseDirectory), searchPaths: searchPaths)
    self.lookups = lookups
    let resolution = VariableResolution(raw: variables, lookups: lookups)
    context = resolution.resolveAll()
    recursive = RecursiveVariables(errors: resolution.recursive)
  }

  var resolver: TemplarResolver { TemplarResolver(recursive: recursive, context: context) }

  package func render(_ value: Value, name: String = "<task>") throws(TemplateError) -> Value {
    switch value {
    case let .string(text) where Template.isTemplate(text):
      return try Template(text, name: name).renderNative(context, lookups: lookups, resolver: resolver, loader: loader).definedOrNull
    case let .list(items):
      var rendered: [Value] = []
      for item in items { rendered.append(try render(item, name: name)) }
      return .list(rendered)
    case let .dict(members):
      var rendered: ValueDict = [:]
      for (key, member) in members { rendered[key] = try render(member, name: name) }
      return .dict(rendered)
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

extension Templar {
  /// The items of a `with_<name>` loop: Ansible runs the lookup of that name with
  /// `wantlist=True`; `first_found` then searches the subfolder the task's action implies
  /// (`templates/` for template, `vars/` for include_vars, else `files/`), and its terms
  /// lose what is undefined instead of failing, as Ansible's do.
  func loopItems(lookup name: String, terms: Value, action: String) throws -> [Value] {
    let rendered = name == "first_found" ? try renderDroppingUndefined(terms) ?? .list([]) : try render(terms, name: "with_\(name)")
    var lookups = self.lookups
    lookups.loopSubdirectory = (["template", "var", "file"].first { action.contains($0) } ?? "file") + "s"
    let list: [Value]
    if case let .list(items) = rendered { list = items } else { list = [rendered] }
    return try lookups.run(name, terms: list, options: [:], variables: context).map(\.definedOrNull)
  }

  private func renderDroppingUndefined(_ value: Value) throws(TemplateError) -> Value? {
    switch value {
    case .string:
      do { return try render(value, name: "with_first_found") } catch where error.isUndefined { return nil }
    case let .list(items):
      var kept: [Value] = []
      for item in items { if let rendered = try renderDroppingUndefined(item) { kept.append(rendered) } }
      return .list(kept)
    case let .dict(members):
      var kept: ValueDict = [:]
      for (key, member) in members { kept[key] = try renderDroppingUndefined(member) }
      return .dict(kept)
    default:
      return value
    }
  }
}
