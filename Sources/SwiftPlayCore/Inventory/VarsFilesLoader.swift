import AnsibleYAML
import Foundation
import ValueModel

/// Reads `group_vars/` and `host_vars/` in a folder: for each name, a file (`.yml`,
/// `.yaml`, `.json` or no extension) or a folder of such files, read in name order.
package struct VarsFilesLoader {
  /// Reads the files, with the run's vault secrets.
  let yaml: YAMLLoader

  package init(yaml: YAMLLoader = YAMLLoader()) { self.yaml = yaml }

  package func load(besides folder: String, into inventory: inout Inventory) throws(InventoryError) {
    for (kind, isGroup) in [("group_vars", true), ("host_vars", false)] {
      let root = folder + "/" + kind
      for entry in Self.sortedEntries(root) {
        let name = Self.stripExtension(entry)
        let vars = try read(root + "/" + entry)
        if isGroup { inventory.addGroupVarsFile(name, vars) } else { inventory.addHostVarsFile(name, vars) }
      }
    }
  }

  /// One file's mapping, or a folder's files merged in name order.
  func read(_ path: String) throws(InventoryError) -> ValueDict {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [:] }
    if isFolder.boolValue {
      var merged: ValueDict = [:]
      for entry in Self.sortedEntries(path) { merged.merge(try read(path + "/" + entry)) { _, new in new } }
      return merged
    }
    let text: String
    do { text = try ControllerFile.readText(path) } catch {
      throw InventoryError(file: path, line: 0, message: error == .notAFile(path)
        ? "not a regular file (a device or a pipe is never read)" : "cannot read the file (check its permissions and encoding)")
    }
    let value: Value
    do { value = try yaml.load(text, file: path) } catch {
      throw InventoryError(error, text: text)
    }
    switch value {
    case .null: return [:]
    case let .dict(vars): return vars
    default: throw InventoryError(file: path, line: 1, message: "variables must be a mapping of names to values")
    }
  }

  /// Entries Ansible reads: visible, with a YAML/JSON extension or none.
  static func sortedEntries(_ folder: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return entries.filter { entry in
      guard !entry.hasPrefix("."), !entry.hasSuffix("~") else { return false }
      let ext = URL(fileURLWithPath: entry).pathExtension
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isFolder)
      return isFolder.boolValue || ext.isEmpty || ["yml", "yaml", "json"].contains(ext)
    }.sorted()
  }

  static func stripExtension(_ entry: String) -> String {
    for ext in [".yml", ".yaml", ".json"] where entry.hasSuffix(ext) { return String(entry.dropLast(ext.count)) }
    return entry
  }
}
