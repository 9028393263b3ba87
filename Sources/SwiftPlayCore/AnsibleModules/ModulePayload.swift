import Foundation

/// Packs a module and the module_utils it imports, found by reading its imports
/// transitively, into a zip laid out as Python packages (`ansible/module_utils/…`,
/// `ansible_collections/<ns>/<coll>/plugins/module_utils/…`), as Ansible's AnsiballZ
/// packs them, so the host's Python imports everything from the one file.
struct ModulePayload {
  /// Folders searched for `ansible.module_utils.*`, first match wins: the playbook's and
  /// roles' `module_utils/`, the `module_utils` setting, then Ansible's own.
  let moduleUtilsPaths: [String]
  /// Folders holding `ansible_collections`.
  let collectionRoots: [String]

  /// The module_utils the wrapper itself needs whatever the module imports: basic (which
  /// reads the arguments) and, on ansible-core 2.19, its JSON profiles, which basic
  /// loads by name rather than by an import statement.
  static let alwaysNeeded = [
    "ansible.module_utils.basic",
    "ansible.module_utils._internal._json._profiles._module_legacy_c2m",
    "ansible.module_utils._internal._json._profiles._module_legacy_m2c",
    "ansible.module_utils._internal._json._profiles._module_modern_c2m",
    "ansible.module_utils._internal._json._profiles._module_modern_m2c",
  ]

  enum PayloadError: Error, CustomStringConvertible {
    case unreadable(String)
    var description: String {
      switch self {
      case let .unreadable(path): return "cannot read the module source \(path)"
      }
    }
  }

  /// The zip bytes for `source`.
  func build(_ source: AnsibleModuleSource) throws(PayloadError) -> [UInt8] {
    guard let moduleText = try? String(contentsOfFile: source.path, encoding: .utf8) else { throw .unreadable(source.path) }
    var files: [String: [UInt8]] = [:]
    let modulePath = source.importName.replacingOccurrences(of: ".", with: "/") + ".py"
    files[modulePath] = Array(moduleText.utf8)
    var queue: [(text: String, name: String, isPackage: Bool)] = [(moduleText, source.importName, false)]
    var wanted = Self.alwaysNeeded
    var seen: Set<String> = []
    let roots = (source.collectionsRoot.map { [$0] } ?? []) + collectionRoots
    func visit(_ dotted: String) {
      // The longest prefix of the name that is a file: `from a.b import c` may name a
      // submodule `c` or a function in `a.b`.
      var parts = dotted.split(separator: ".").map(String.init)
      while !parts.isEmpty {
        let name = parts.joined(separator: ".")
        if seen.contains(name) { return }
        if let (file, isPackage) = locate(parts, roots: roots) {
          seen.insert(name)
          guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
          let zipPath = parts.joined(separator: "/") + (isPackage ? "/__init__.py" : ".py")
          files[zipPath] = Array(text.utf8)
          queue.append((text, name, isPackage))
          // Parent packages are imported first; theirs may import more.
          for count in stride(from: parts.count - 1, through: 2, by: -1) {
            visit(parts.prefix(count).joined(separator: "."))
          }
          return
        }
        parts.removeLast()
      }
    }
    while !queue.isEmpty || !wanted.isEmpty {
      for name in wanted { visit(name) }
      wanted = []
      guard let next = queue.popLast() else { break }
      for found in PythonImports.scan(next.text, selfName: next.name, isPackage: next.isPackage) {
        guard Self.isPacked(found.module) else { continue }
        for name in found.names { wanted.append(found.module + "." + name) }
        wanted.append(found.module)
      }
    }
    // Every folder on the way is a package; those without an `__init__.py` of their own
    // (the top `ansible`, collections' namespace folders) get an empty one.
    for path in Array(files.keys) {
      var parts = path.split(separator: "/").dropLast()
      while !parts.isEmpty {
        let initPath = parts.joined(separator: "/") + "/__init__.py"
        if files[initPath] == nil { files[initPath] = [] }
        parts = parts.dropLast()
      }
    }
    // The controller's `ansible/__init__.py` imports controller code: an empty one here.
    files["ansible/__init__.py"] = []
    var zip = StoredZip()
    for path in files.keys.sorted() { zip.add(path, files[path] ?? []) }
    return zip.archive
  }

  /// Names the payload carries: module_utils and collections' code, never the standard
  /// library or third-party packages, which the host's Python provides.
  static func isPacked(_ module: String) -> Bool {
    module.hasPrefix("ansible.module_utils") || module.hasPrefix("ansible_collections.")
  }

  /// The file for a dotted name, and whether it is a package's `__init__.py`.
  private func locate(_ parts: [String], roots: [String]) -> (String, Bool)? {
    var bases: [String] = []
    var rest: ArraySlice<String>
    if parts.count >= 2, parts[0] == "ansible", parts[1] == "module_utils" {
      bases = moduleUtilsPaths
      rest = parts.dropFirst(2)
    } else if parts.first == "ansible_collections" {
      bases = roots.map { $0 + "/ansible_collections" }
      rest = parts.dropFirst()
    } else {
      return nil
    }
    for base in bases {
      let stem = ([base] + rest).joined(separator: "/")
      if FileManager.default.fileExists(atPath: stem + ".py") { return (stem + ".py", false) }
      if FileManager.default.fileExists(atPath: stem + "/__init__.py") { return (stem + "/__init__.py", true) }
    }
    return nil
  }
}
