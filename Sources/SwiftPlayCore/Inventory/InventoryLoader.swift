import AnsibleYAML
import Foundation

/// Turns `-i` arguments (files, folders, `h1,h2,` lists) into one inventory.
package struct InventoryLoader {
  /// Things worth telling the user that did not stop the load (sources that were skipped).
  package private(set) var warnings: [String] = []

  /// Reads YAML inventories and group_vars/host_vars, with the run's vault secrets.
  let yaml: YAMLLoader

  package init(yaml: YAMLLoader = YAMLLoader()) { self.yaml = yaml }

  /// With no sources, the default is `./inventory` (file or folder), then /etc/ansible/hosts.
  package mutating func load(sources: [String], currentDirectory: String) throws(InventoryError) -> Inventory {
    var inventory = Inventory()
    var chosen = sources
    if chosen.isEmpty {
      let local = currentDirectory + "/inventory"
      chosen = [FileManager.default.fileExists(atPath: local) ? local : "/etc/ansible/hosts"]
    }
    for source in chosen {
      try add(source, to: &inventory)
    }
    inventory.finish()
    if inventory.hostNames.isEmpty {
      warnings.append("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'")
    }
    return inventory
  }

  mutating func add(_ source: String, to inventory: inout Inventory) throws(InventoryError) {
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: source, isDirectory: &isFolder)
    if !exists && source.contains(",") {
      // `-i 'web1,web2,'`: a literal host list, as Ansible's host_list plugin reads it.
      for name in source.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
        inventory.addHost(name)
      }
      inventory.sources.append(source)
      return
    }
    guard exists else {
      warnings.append("Unable to parse \(source) as an inventory source")
      return
    }
    if isFolder.boolValue {
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? []
      for entry in entries.sorted() where !Self.isIgnored(entry) {
        let path = source + "/" + entry
        var entryIsFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &entryIsFolder)
        if !entryIsFolder.boolValue { try addFile(path, to: &inventory) }
      }
      try VarsFilesLoader(yaml: yaml).load(besides: source, into: &inventory)
      return
    }
    try addFile(source, to: &inventory)
    try VarsFilesLoader(yaml: yaml).load(besides: URL(fileURLWithPath: source).deletingLastPathComponent().path, into: &inventory)
  }

  /// One inventory file: YAML (or JSON) by its extension, as Ansible's yaml plugin
  /// decides, INI otherwise.
  mutating func addFile(_ path: String, to inventory: inout Inventory) throws(InventoryError) {
    let text: String
    do { text = try ControllerFile.readText(path) } catch {
      throw InventoryError(file: path, line: 0, message: error == .notAFile(path)
        ? "not a regular file (a device or a pipe is never read)" : "cannot read the file (check its permissions and encoding)")
    }
    inventory.currentSource = path
    defer { inventory.currentSource = nil }
    if [".yml", ".yaml", ".json"].contains(where: path.hasSuffix) {
      try YAMLInventoryParser(yaml: yaml).parse(text, file: path, into: &inventory)
    } else {
      try INIInventoryParser().parse(text, file: path, into: &inventory)
    }
    inventory.sources.append(path)
  }

  /// Files Ansible skips in an inventory folder (its INVENTORY_IGNORE_EXTS, hidden files and
  /// the variable folders); a file named explicitly with -i is read whatever its name.
  static func isIgnored(_ name: String) -> Bool {
    let ignoredSuffixes = ["~", ".orig", ".bak", ".ini", ".cfg", ".retry", ".pyc", ".pyo", ".swp", ".md", ".txt", ".rst", ".rpm"]
    return name.hasPrefix(".") || name == "group_vars" || name == "host_vars"
      || ignoredSuffixes.contains { name.hasSuffix($0) }
  }
}
