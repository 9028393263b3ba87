import Foundation

/// Finds the templates a template names in `{% extends %}`, `{% include %}`, `{% import %}`
/// and `{% from %}`, as jinja2's loaders do.
///
/// Reaching other files is the caller's decision, as with `LookupProvider`: without a
/// loader those statements fail with a clear error, so a template from an untrusted place
/// reads nothing on its own.
package protocol TemplateLoader: Sendable {
  /// The source of the template called `name`, or nil when there is none by that name.
  func source(of name: String) throws -> TemplateSource?

  /// What to say when no template is called `name` (where it was looked for).
  func notFound(_ name: String) -> String
}

extension TemplateLoader {
  package func notFound(_ name: String) -> String { "template not found: '\(name)'" }
}

/// A template's text and where it came from (the file, for error messages).
package struct TemplateSource: Sendable {
  package var text: String
  package var path: String

  package init(text: String, path: String) {
    self.text = text
    self.path = path
  }
}

/// jinja2's FileSystemLoader: a name is a `/`-separated path looked up in each folder of
/// the search path in turn; `..` may not leave the folders.
package struct FileTemplateLoader: TemplateLoader {
  package var searchPath: [String]

  package init(searchPath: [String]) {
    self.searchPath = searchPath
  }

  package func source(of name: String) throws -> TemplateSource? {
    // jinja2's split_template_path: empty and "." pieces go, ".." means not found
    let pieces = name.split(separator: "/").filter { !$0.isEmpty && $0 != "." }
    if pieces.contains("..") { return nil }
    let relative = pieces.joined(separator: "/")
    for folder in searchPath {
      let path = folder + "/" + relative
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw EvalError("could not read the template \(path)")
      }
      guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
        throw EvalError("the template \(path) is not valid UTF-8")
      }
      return TemplateSource(text: text, path: path)
    }
    return nil
  }

  /// Ansible's words: the name and every folder searched.
  package func notFound(_ name: String) -> String {
    "'\(name)' not found in search paths: " + searchPath.map { "'\($0)'" }.joined(separator: ", ")
  }
}

/// Templates held in memory by name, for tests and for callers that already hold the text.
package struct DictionaryTemplateLoader: TemplateLoader {
  package var templates: [String: String]

  package init(_ templates: [String: String]) {
    self.templates = templates
  }

  package func source(of name: String) throws -> TemplateSource? {
    templates[name].map { TemplateSource(text: $0, path: name) }
  }
}
