import Foundation
import LocalProcess
import ValueModel

/// The common Ansible lookups, run on this machine: `env`, `file`, `pipe`, `vars`,
/// `fileglob`, `first_found`, `template`, those of `LocalLookups+Controller` and the
/// list-shaping ones of `ListLookups`.
///
/// Relative paths are searched as Ansible searches them (`FileSearchPath`): the task's
/// role and folder, then the playbook's folder, each with the lookup's subfolder (`files/`,
/// `templates/`) first.
package struct LocalLookups: LookupProvider {
  /// The directory relative paths and `pipe` commands start from (a playbook's directory).
  package var baseDirectory: URL
  /// The environment `env` reads; the process environment unless a test pins it.
  package var environment: [String: String]
  /// The task's search path (`ansible_search_path`); empty outside a task.
  package var searchPaths: [String]
  /// The subfolder `first_found` searches when a task loops `with_first_found` (`files`,
  /// or `templates`/`vars` for template and include_vars tasks); nil for `lookup()`.
  package var loopSubdirectory: String?

  package init(
    baseDirectory: URL, searchPaths: [String] = [], environment: [String: String] = LocalLookups.processEnvironment
  ) {
    self.baseDirectory = baseDirectory
    self.searchPaths = searchPaths
    self.environment = environment
  }

  /// The process environment, read once: every task's templar makes lookups, and nothing
  /// in swiftplay changes its own environment while it runs.
  package static let processEnvironment = ProcessInfo.processInfo.environment

  private var fileSearch: FileSearchPath {
    FileSearchPath(paths: searchPaths, baseDirectory: baseDirectory.path)
  }

  package func run(_ name: String, terms: [Value], options: ValueDict, variables: ValueDict) throws -> [Value] {
    switch name {
    case "env":
      return terms.map { .string(environment[$0.text] ?? options["default"]?.text ?? "") }
    case "vars":
      return try terms.map { term in
        if let v = variables[term.text], !v.isUndefined { return v }
        if let fallback = options["default"] { return fallback }
        throw LookupError(lookup: name, term: term.text, reason: "no variable found with this name")
      }
    case "file":
      return try terms.map { .string(try readFile(name, $0.text, options: options)) }
    case "template":
      return try terms.map { term in
        let path = try locate(name, term.text, subdirectory: "templates")
        let source = try read(name, term.text, at: path)
        let loader = FileTemplateLoader(searchPath: fileSearch.lookupTemplateFolders(templateFile: path.path))
        var context = variables
        if case .dict(let extra)? = options["template_vars"] { for (k, v) in extra.elements { context[k] = v } }
        return .string(try Template(source, name: path.path, options: templateOptions(options)).render(context, lookups: self, loader: loader))
      }
    case "pipe":
      return try terms.map { .string(try pipe($0.text, lookup: "pipe")) }
    case "fileglob":
      return try terms.flatMap { try fileglob($0.text) }
    case "first_found":
      return try firstFound(terms, options: options)
    case "lines":
      return try lines(terms)
    case "varnames":
      return try varnames(terms, variables: variables)
    case "inventory_hostnames":
      return try inventoryHostnames(terms, variables: variables)
    case "password":
      return try password(terms, options: options)
    case "url":
      return try url(terms, options: options)
    default:
      return try ListLookups.run(name, terms: terms)
    }
  }

  /// The template lookup's options: delimiters and trim_blocks (default True).
  private func templateOptions(_ options: ValueDict) -> TemplateOptions {
    var result = TemplateOptions.ansible
    if let v = options["trim_blocks"] { result.trimBlocks = v.isTruthy }
    let delimiters: [(String, WritableKeyPath<TemplateOptions, String>)] = [
      ("variable_start_string", \.variableStart), ("variable_end_string", \.variableEnd),
      ("comment_start_string", \.commentStart), ("comment_end_string", \.commentEnd),
    ]
    for (key, path) in delimiters {
      if let v = options[key] { result[keyPath: path] = v.text }
    }
    return result
  }

  private func candidates(_ term: String, subdirectory: String) -> [URL] {
    fileSearch.candidates(term, subdirectory: subdirectory).map { URL(fileURLWithPath: $0) }
  }

  private func locate(_ lookup: String, _ term: String, subdirectory: String) throws -> URL {
    var isDir: ObjCBool = false
    for url in candidates(term, subdirectory: subdirectory)
    where FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue {
      return url
    }
    throw LookupError(lookup: lookup, term: term, reason: "could not locate file in \(baseDirectory.path)")
  }

  private func read(_ lookup: String, _ term: String, at url: URL) throws -> String {
    do {
      return try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LookupError(lookup: lookup, term: term, reason: "could not read \(url.path) as UTF-8 text")
    }
  }

  /// Ansible's `file` lookup strips trailing whitespace unless `rstrip=False`.
  private func readFile(_ lookup: String, _ term: String, options: ValueDict) throws -> String {
    var text = try read(lookup, term, at: try locate(lookup, term, subdirectory: "files"))
    if options["lstrip"]?.isTruthy == true {
      text = String(text.drop { $0.isWhitespace })
    }
    if options["rstrip"]?.isTruthy ?? true {
      while let last = text.last, last.isWhitespace { text.removeLast() }
    }
    return text
  }

  /// Runs `command` with /bin/sh in the base directory; a non-zero exit is an error, as in
  /// Ansible, so a failing command cannot silently template an empty string.
  func pipe(_ command: String, lookup: String) throws -> String {
    let outcome: LocalProcess.Outcome
    do {
      outcome = try LocalProcess.run(["/bin/sh", "-c", command], directory: baseDirectory.path, environment: environment)
    } catch {
      throw LookupError(lookup: lookup, term: command, reason: "could not start /bin/sh: \(error)")
    }
    guard outcome.status == 0 else {
      throw LookupError(lookup: lookup, term: command, reason: "command exited with status \(outcome.status)")
    }
    var text = String(decoding: outcome.stdout, as: UTF8.self)
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }


  /// Matching regular files, sorted, as absolute paths; no match is an empty result.
  private func fileglob(_ pattern: String) throws -> [Value] {
    let dirPart = (pattern as NSString).deletingLastPathComponent
    let filePart = (pattern as NSString).lastPathComponent
    let dirs = pattern.hasPrefix("/") ? [URL(fileURLWithPath: dirPart)]
      : candidates(dirPart, subdirectory: "files")
    for dir in dirs {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
      let found = names.sorted().filter { fnmatch(filePart, $0, 0) == 0 }.map { dir.appendingPathComponent($0) }
        .filter { url in
          var isDir: ObjCBool = false
          return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
        }
      if !found.isEmpty { return found.map { .string($0.standardizedFileURL.path) } }
    }
    return []
  }

  /// The first existing file among the terms, as Ansible's `first_found`: a term is a file
  /// name, a list, or a dict of `files`, `paths` and `skip`; each path joins each file.
  private func firstFound(_ terms: [Value], options: ValueDict) throws -> [Value] {
    var skip = options["skip"]?.isTruthy ?? false
    func strings(_ value: Value?, splitOn separators: String) -> [String] {
      guard let value else { return [] }
      if case .list(let items) = value { return items.flatMap { strings($0, splitOn: separators) } }
      return value.text.split(whereSeparator: { separators.contains($0) }).map(String.init)
    }
    var wanted: [String] = []
    func add(_ term: Value, paths inherited: [String]) {
      switch term {
      case .dict(let d):
        let paths = d["paths"].map { strings($0, splitOn: ",:;") } ?? inherited
        if d["skip"]?.isTruthy == true { skip = true }
        let files = strings(d["files"] ?? options["files"], splitOn: ",;")
        wanted += paths.isEmpty ? files : paths.flatMap { path in files.map { (path as NSString).appendingPathComponent($0) } }
      case .list(let l):
        l.forEach { add($0, paths: inherited) }
      default:
        let files = strings(term, splitOn: ",;")
        wanted += inherited.isEmpty ? files : inherited.flatMap { path in files.map { (path as NSString).appendingPathComponent($0) } }
      }
    }
    let paths = strings(options["paths"], splitOn: ",:;")
    if terms.isEmpty { add(options["files"] ?? .list([]), paths: paths) } else { terms.forEach { add($0, paths: paths) } }
    for name in wanted {
      if let found = fileSearch.candidates(name, subdirectory: loopSubdirectory).first(where: { FileManager.default.fileExists(atPath: $0) }) {
        return [.string(URL(fileURLWithPath: found).standardizedFileURL.path)]
      }
    }
    if skip { return [] }
    throw LookupError(lookup: "first_found", term: wanted.joined(separator: ", "), reason: "No file was found when using first_found.")
  }
}

/// Where Ansible looks for a relative file a task names (`DataLoader.path_dwim_relative_stack`):
/// in each folder of the task's search path (its roles, then its own folder), first under the
/// kind's subfolder (`files/`, `templates/`, `vars/`), then as is; a folder inside a role's
/// `tasks/` also tries the role's subfolder; the playbook's folder comes last.
package struct FileSearchPath: Sendable {
  package var paths: [String]
  package var baseDirectory: String

  package init(paths: [String], baseDirectory: String) {
    self.paths = paths
    self.baseDirectory = baseDirectory
  }

  /// Where the template module's template finds what it includes, imports or extends
  /// (Ansible's template action): each folder of the task's search path, the playbook's
  /// folder and the template's own folder, each as `templates/` under it, then itself.
  package func templateFolders(templateFile: String) -> [String] {
    withTemplates(paths + [baseDirectory, (templateFile as NSString).deletingLastPathComponent])
  }

  /// The same for the `template` lookup: the template's own folder first, then each folder
  /// of the task's search path with `templates/` first (the playbook's folder is not added).
  package func lookupTemplateFolders(templateFile: String) -> [String] {
    [(templateFile as NSString).deletingLastPathComponent] + withTemplates(paths)
  }

  private func withTemplates(_ folders: [String]) -> [String] {
    folders.flatMap { [$0 + "/templates", $0] }
  }

  package func candidates(_ source: String, subdirectory: String?) -> [String] {
    if source.hasPrefix("/") { return [source] }
    if source.hasPrefix("~") { return [(source as NSString).expandingTildeInPath] }
    // A source that already starts with the subfolder (`files/a.conf`) is not put under it again.
    let subfolder = subdirectory.flatMap { source.split(separator: "/").first.map(String.init) == $0 ? nil : $0 }
    func join(_ parts: String?...) -> String { parts.compactMap { $0 }.joined(separator: "/") }
    var search: [String] = []
    for path in paths {
      let parent = (path as NSString).deletingLastPathComponent
      if parent.hasSuffix("/tasks") {
        search.append(join((parent as NSString).deletingLastPathComponent, subdirectory, source))
        search.append(join(parent, source))
      }
      if let subfolder { search.append(join(path, subfolder, source)) }
      search.append(join(path, source))
    }
    if let subfolder { search.append(join(baseDirectory, subfolder, source)) }
    search.append(join(baseDirectory, source))
    var seen = Set<String>()
    return search.filter { seen.insert($0).inserted }
  }
}
