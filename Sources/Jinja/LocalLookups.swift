import Foundation

/// The common Ansible lookups, run on this machine: `env`, `file`, `pipe`, `vars`,
/// `fileglob`, `first_found` and `template`.
///
/// Relative paths are searched the way Ansible searches a play's directory: first in its
/// `files/` (or `templates/` for `template`) subdirectory, then in the directory itself.
public struct LocalLookups: LookupProvider {
  /// The directory relative paths and `pipe` commands start from (a playbook's directory).
  public var baseDirectory: URL
  /// The environment `env` reads; the process environment unless a test pins it.
  public var environment: [String: String]

  public init(baseDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.baseDirectory = baseDirectory
    self.environment = environment
  }

  public func run(_ name: String, terms: [Value], options: [String: Value], variables: [String: Value]) throws -> [Value] {
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
        return .string(try Template(source, name: path.path).render(variables, lookups: self))
      }
    case "pipe":
      return try terms.map { .string(try pipe($0.text)) }
    case "fileglob":
      return try terms.flatMap { try fileglob($0.text) }
    case "first_found":
      return try firstFound(terms, options: options)
    default:
      throw LookupError(lookup: name, term: terms.first?.text ?? "", reason: "lookup plugin '\(name)' not found")
    }
  }

  private func candidates(_ term: String, subdirectory: String) -> [URL] {
    if term.hasPrefix("/") { return [URL(fileURLWithPath: term)] }
    return [baseDirectory.appendingPathComponent(subdirectory).appendingPathComponent(term),
            baseDirectory.appendingPathComponent(term)]
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
  private func readFile(_ lookup: String, _ term: String, options: [String: Value]) throws -> String {
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
  private func pipe(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = baseDirectory
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    do {
      try process.run()
    } catch {
      throw LookupError(lookup: "pipe", term: command, reason: "could not start /bin/sh: \(error)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw LookupError(lookup: "pipe", term: command, reason: "command exited with status \(process.terminationStatus)")
    }
    var text = String(decoding: data, as: UTF8.self)
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

  /// The first existing file among the terms; terms may be dicts with `files` and `paths`.
  private func firstFound(_ terms: [Value], options: [String: Value]) throws -> [Value] {
    var names: [String] = []
    var skip = options["skip"]?.isTruthy ?? false
    var paths = (options["paths"].map { (try? $0.iterated()) ?? [$0] } ?? []).map(\.text)
    func add(_ term: Value) {
      if case .dict(let d) = term {
        for f in d["files"].map({ (try? $0.iterated()) ?? [$0] }) ?? [] { add(f) }
        paths += (d["paths"].map { (try? $0.iterated()) ?? [$0] } ?? []).map(\.text)
        if d["skip"]?.isTruthy == true { skip = true }
      } else if case .list(let l) = term {
        l.forEach(add)
      } else {
        names += term.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      }
    }
    terms.forEach(add)
    var tried: [URL] = []
    for name in names {
      tried += paths.isEmpty ? candidates(name, subdirectory: "files")
        : paths.flatMap { candidates(($0 as NSString).appendingPathComponent(name), subdirectory: "files") }
    }
    for url in tried where FileManager.default.fileExists(atPath: url.path) {
      return [.string(url.standardizedFileURL.path)]
    }
    if skip { return [] }
    throw LookupError(lookup: "first_found", term: names.joined(separator: ", "), reason: "no file was found")
  }
}
