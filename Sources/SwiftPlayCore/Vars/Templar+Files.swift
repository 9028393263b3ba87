import Foundation
import Jinja
import ValueModel

/// Whole template files, as the template module renders them: the host's variables plus
/// the template's own (`template_path`, `ansible_managed`, ...), Ansible's whitespace
/// options, and its rule for trailing newlines.
extension Templar {
  /// A variable as the task sees it (after the host's variables resolved each other).
  package func value(of name: String) -> Value? {
    context[name].map(\.definedOrNull)
  }

  /// Renders `source` to text. Jinja drops the template's final newline; Ansible then adds
  /// newlines back until the output ends with as many as the source did (the template
  /// engine's `preserveTrailingNewlines`). `newline` is the template module's
  /// `newline_sequence`: the template's own newlines are written with it (newlines inside
  /// variable values stay as they are, as in Jinja). `file` is the template's path: what it
  /// includes, imports or extends is searched as Ansible's template action searches
  /// (`FileSearchPath.templateFolders`).
  package func renderFile(
    _ source: String, name: String, file: String? = nil, adding extra: ValueDict, options: TemplateOptions,
    newline: String = "\n"
  ) throws(TemplateError) -> String {
    var variables = context
    var recursive = recursive
    for (key, value) in extra {
      variables[key] = value
      recursive.errors[key] = nil
    }
    var options = options
    options.keepTrailingNewline = false
    options.preserveTrailingNewlines = true
    options.newlineSequence = newline
    let folders = file.map { fileSearch.templateFolders(templateFile: $0) } ?? [lookups.baseDirectory.path]
    return try Template(source, name: name, options: options).render(
      variables, lookups: lookups, resolver: TemplarResolver(recursive: recursive, context: variables), loader: FileTemplateLoader(searchPath: folders))
  }
}
