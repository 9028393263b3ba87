import Foundation
import Jinja
import Modules
import SwiftPlayCore
import Vault

/// The entry of each target: the same calls the command line makes with user input.
extension FuzzTarget {
  static func playbook(_ text: String) {
    // The loader renders import paths with the controller's lookups, `pipe` among them: a
    // mutated input must not run shell commands on the machine that fuzzes.
    guard !FuzzScratch.mayCallLookup(text) else { return }
    // The loader reads files (imports resolve against the playbook's folder), so the input
    // is written where a playbook would be; a fresh folder per process keeps runs apart.
    guard let path = FuzzScratch.write(text, named: "playbook.yml") else { return }
    _ = try? PlaybookLoader(catalog: FuzzCatalog(), extraVars: ["fuzz": "yes"]).load(path)
  }

  static func inventoryINI(_ text: String) {
    var inventory = Inventory()
    guard (try? INIInventoryParser().parse(text, file: "fuzz.ini", into: &inventory)) != nil else { return }
    exercise(&inventory)
  }

  static func inventoryYAML(_ text: String) {
    var inventory = Inventory()
    guard (try? YAMLInventoryParser().parse(text, file: "fuzz.yml", into: &inventory)) != nil else { return }
    exercise(&inventory)
  }

  /// What a run does with an inventory once it is read: complete the group tree, work out
  /// each host's variables, select hosts.
  private static func exercise(_ inventory: inout Inventory) {
    inventory.finish()
    for host in inventory.hostNames.prefix(20) { _ = inventory.variables(for: host) }
    for group in inventory.groupNames.prefix(20) { _ = HostPattern(group).resolve(in: inventory) }
    _ = HostPattern("all:!ungrouped").resolve(in: inventory)
  }

  static func config(_ text: String) {
    guard let path = FuzzScratch.write(text, named: "ansible.cfg") else { return }
    _ = try? AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": path], currentDirectory: FuzzScratch.folder)
  }

  static func vault(_ text: String) {
    _ = try? VaultEnvelope.parse(text, source: "fuzz.vault")
    _ = try? VaultIdentity.parse(text)
    _ = try? VaultKeyring([VaultSecret(password: "fuzz")]).decrypt(text, source: "fuzz.vault")
  }

  static func jinjaExpression(_ text: String) {
    guard let template = try? Template("{{ " + text + " }}", name: "fuzz") else { return }
    _ = try? template.renderNative(FuzzScratch.templateVariables)
  }

  static func jinjaTemplate(_ text: String) {
    // No lookup provider: a template must not reach files or run commands here. Templates
    // come from memory only: the input itself (so it may include, import or extend itself)
    // and a parent with blocks.
    guard let template = try? Template(text, name: "fuzz.j2") else { return }
    let loader = DictionaryTemplateLoader([
      "fuzz.j2": text, "base.j2": "{% block a %}A{% block b %}{% endblock %}{% endblock %}{% macro m(x) %}{{ caller(x) }}{% endmacro %}",
    ])
    _ = try? template.render(FuzzScratch.templateVariables, loader: loader)
  }

  static func fromYAML(_ text: String) {
    guard let template = try? Template("{{ data | from_yaml_all }}", name: "fuzz") else { return }
    _ = try? template.renderNative(["data": .string(text)])
  }

  static func hostPattern(_ text: String) {
    _ = HostPattern(text).resolve(in: FuzzScratch.inventory)
    _ = try? HostRange.expand(text)
  }

  static func extraVars(_ text: String) {
    // `@file` reads a file: that is file access, not parsing, and a fuzzer that found
    // `@/dev/stdin` would only wait for input.
    guard !text.trimmingCharacters(in: .whitespaces).hasPrefix("@") else { return }
    _ = try? ExtraVars.parse([text])
  }
}

/// The module registry, as the loader asks for modules.
struct FuzzCatalog: ModuleCatalog {
  func moduleType(named name: String) -> (any Module.Type)? { ModuleRegistry.lookup(name) }
}
