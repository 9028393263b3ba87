import Foundation

/// The folders installed collections are found in, in search order, and the lookups the
/// loader makes in them: a collection's folder, its roles and its playbooks. Each root
/// holds `ansible_collections/<namespace>/<name>`, as Ansible's collection finder expects;
/// a root written as the `ansible_collections` folder itself is taken as its parent, as
/// Ansible takes it.
///
/// One place answers "where is collection X", so roles, playbooks and modules from
/// collections are found the same way.
package struct CollectionRoots: Sendable, Equatable {
  /// The roots, each the folder that holds `ansible_collections`.
  package var roots: [String]

  package init(_ roots: [String]) {
    var seen: [String] = []
    for root in roots where !root.isEmpty {
      let expanded = (root as NSString).expandingTildeInPath
      let parent = (expanded as NSString).lastPathComponent == "ansible_collections"
        ? (expanded as NSString).deletingLastPathComponent : expanded
      let normalized = (parent as NSString).standardizingPath
      if !seen.contains(normalized) { seen.append(normalized) }
    }
    self.roots = seen
  }

  /// The settings' `collections_path`, then the `ansible_collections` the PyPI `ansible`
  /// package installed (Ansible searches `sys.path` after the configured paths).
  package static func configured(_ config: AnsibleConfig) -> CollectionRoots {
    CollectionRoots(config.pathList("collections_path") + [ControllerAnsible.installed?.bundledCollections].compactMap { $0 })
  }

  /// These roots with `folders` searched first: a playbook's adjacent `collections/`.
  package func preferring(_ folders: [String]) -> CollectionRoots {
    CollectionRoots(folders + roots)
  }

  /// `namespace.name`'s folder in the first root that has it.
  package func folder(of collection: String) -> String? {
    let parts = collection.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy(Self.isWord) else { return nil }
    for root in roots {
      let path = "\(root)/ansible_collections/\(parts[0])/\(parts[1])"
      if Self.isDirectory(path) { return path }
    }
    return nil
  }

  /// The folder of the role `name` in `collection` (`roles/<name>`), when it has one.
  package func role(_ name: String, in collection: String) -> String? {
    guard Self.isWord(Substring(name)), let folder = folder(of: collection) else { return nil }
    let path = "\(folder)/roles/\(name)"
    return Self.isDirectory(path) ? path : nil
  }

  /// `namespace.collection.[subdir.]name` split into the collection and the rest, when
  /// `reference` is a fully qualified name as Ansible defines one (three or more words).
  package static func split(_ reference: String) -> (collection: String, rest: [String])? {
    let parts = reference.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 3, parts.allSatisfy(isWord) else { return nil }
    return ("\(parts[0]).\(parts[1])", parts.dropFirst(2).map(String.init))
  }

  /// A fully qualified playbook name (`ns.coll.site`, `ns.coll.sub.site`): the collection
  /// and the file in its `playbooks/` folder (`.yml` or `.yaml`).
  package func playbook(_ reference: String) -> (collection: String, path: String)? {
    guard let (collection, rest) = Self.split(reference), let folder = folder(of: collection) else { return nil }
    let stem = "\(folder)/playbooks/" + rest.joined(separator: "/")
    for candidate in [stem + ".yml", stem + ".yaml"] where FileManager.default.fileExists(atPath: candidate) {
      return (collection, candidate)
    }
    return nil
  }

  /// A word of a collection reference: letters, digits and `_` (Python's `\w`).
  static func isWord(_ part: Substring) -> Bool {
    !part.isEmpty && part.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}
