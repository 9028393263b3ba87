import SwiftPlayCore

/// The file module's link states and `recurse`, kept apart so each file stays readable.
extension FileModule {
  func planLink(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let src = src ?? (current?.kind == .link ? current?.linkTarget : nil) else {
      return Self.failure("src is required for creating new symlinks")
    }
    var values = current.map { pathValues($0) } ?? ["path": .string(path)]
    values["src"] = .string(src)
    // A relative src is read from the link's folder (from the path itself when it is a folder).
    let base = current?.kind == .directory ? path : Self.dirname(path)
    let resolved = src.hasPrefix("/") ? src : (base.isEmpty ? src : base + "/" + src)
    if !force, try await target.run("[ -e \(ShellQuote.quote(resolved)) ]").rc != 0 {
      return Self.failure("src file does not exist, use 'force=yes' if you really want to create the link: \(resolved)", values)
    }
    let quotedPath = ShellQuote.quote(path)
    let link = "ln -s -- \(ShellQuote.quote(src)) \(quotedPath)"
    var commands: [String]
    switch current?.kind {
    case nil:
      commands = [link]
    case .link?:
      if current?.linkTarget == src { return try await linkAttributes(current, src: src, on: target) }
      commands = ["rm -f -- \(quotedPath)", link]
    case .directory?:
      if try await target.run("[ -z \"$(ls -A -- \(quotedPath))\" ]").rc != 0 {
        return Self.failure("the directory \(path) is not empty, refusing to convert it", values)
      }
      guard force else { return Self.failure("refusing to convert from directory to symlink for \(path)", values) }
      commands = ["rmdir -- \(quotedPath)", link]
    default:
      guard force else {
        return Self.failure("refusing to convert from \(current?.fileModuleState ?? "file") to symlink for \(path)", values)
      }
      commands = ["rm -f -- \(quotedPath)", link]
    }
    commands += linkOwnership(quotedPath)
    return change(
      commands, before: ["path": .string(path), "state": .string(current?.fileModuleState ?? "absent")],
      after: ["path": .string(path), "state": "link"], values: ["dest": .string(path), "src": .string(src)],
      probe: path, key: "dest", follow: false)
  }

  func planHard(_ current: PathState?, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let src else { return Self.failure("src is required for creating new hardlinks") }
    var values = current.map { pathValues($0, key: "dest") } ?? ["dest": .string(path)]
    values["src"] = .string(src)
    guard let source = try await PathState.probe(src, on: target) else { return Self.failure("src does not exist", values) }
    let quotedPath = ShellQuote.quote(path)
    var commands = ["ln -- \(ShellQuote.quote(src)) \(quotedPath)"]
    if let current {
      if current.inode == source.inode && current.device == source.device {
        return try await linkAttributes(current, src: src, on: target)
      }
      guard force, current.kind != .directory else {
        return Self.failure("Cannot link, \(current.fileModuleState) exists at destination", values)
      }
      commands = ["ln -f -- \(ShellQuote.quote(src)) \(quotedPath)"]
    }
    commands += attributes.commands(forShellWord: quotedPath)
    return change(
      commands, before: ["path": .string(path), "state": .string(current?.fileModuleState ?? "absent")],
      after: ["path": .string(path), "state": "hard"], values: ["dest": .string(path), "src": .string(src)],
      probe: path, key: "dest", follow: false)
  }

  /// A link already in place: only owner and group (of the link itself) may differ.
  func linkAttributes(_ current: PathState?, src: String, on target: Target) async throws(ConnectionError) -> ModulePlan {
    guard let current else { return Self.failure("\(path) disappeared while being read") }
    var values = pathValues(current, key: "dest")
    values["src"] = .string(src)
    let changes = try await attributes.changes(path, current, onLink: current.kind == .link, on: target)
    if let failure = changes.failure { return Self.failure(failure, values) }
    if changes.isEmpty { return unchangedPlan(values) }
    var before = changes.before
    var after = changes.after
    before["path"] = .string(path)
    after["path"] = .string(path)
    return change(changes.commands, before: before, after: after, values: values, probe: path, key: "dest", follow: false)
  }

  func linkOwnership(_ quotedPath: String) -> [String] {
    (attributes.owner.map { ["chown -h \(ShellQuote.quote($0)) -- \(quotedPath)"] } ?? [])
      + (attributes.group.map { ["chgrp -h \(ShellQuote.quote($0)) -- \(quotedPath)"] } ?? [])
  }

  /// `recurse: true`: the folder's own attributes decide the diff, as in Ansible; what is
  /// inside is checked with one `find` and fixed with `find -exec`.
  func planRecurse(_ found: PathState, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let top = try await attributes.changes(path, found, on: target)
    if let failure = top.failure { return Self.failure(failure, pathValues(found)) }
    let inside = "find \(ShellQuote.quote(path)) -mindepth 1 ! -type l"
    var tests: [String] = []
    var commands = top.commands
    if let owner = attributes.owner {
      tests.append("! -user \(ShellQuote.quote(owner))")
      commands.append("\(inside) -exec chown \(ShellQuote.quote(owner)) {} +")
    }
    if let group = attributes.group {
      tests.append("! -group \(ShellQuote.quote(group))")
      commands.append("\(inside) -exec chgrp \(ShellQuote.quote(group)) {} +")
    }
    var needsChange = false
    switch attributes.mode {
    case let .absolute(bits)?:
      tests.append("! -perm 0\(FileMode.text(bits))")
      commands.append("\(inside) -exec chmod 0\(FileMode.text(bits)) {} +")
    case let .symbolic(text)?:
      let listing = try await target.run("\(inside) -exec stat -c '%f' {} +").stdout
      needsChange = listing.split(separator: "\n").contains { line in
        guard let raw = Int(line, radix: 16) else { return false }
        let isDirectory = raw & 0o170000 == 0o040000
        return FileMode.symbolic(text).resolve(current: raw & 0o7777, isDirectory: isDirectory) != raw & 0o7777
      }
      let clauses = text.split(separator: ",").map { "ugoa".contains($0.first ?? "+") ? String($0) : "a" + $0 }
      commands.append("\(inside) -exec chmod \(ShellQuote.quote(clauses.joined(separator: ","))) {} +")
    case nil: break
    }
    if !needsChange && !tests.isEmpty {
      let probe = "\(inside) \\( \(tests.joined(separator: " -o ")) \\) -print | head -n 1"
      needsChange = !(try await target.run(probe).stdout.isEmpty)
    }
    guard needsChange || !top.isEmpty else { return unchangedPlan(pathValues(found)) }
    var before = top.before
    var after = top.after
    before["path"] = .string(path)
    after["path"] = .string(path)
    return change(commands, before: before, after: after, values: pathValues(found), probe: path)
  }

  static func dirname(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
