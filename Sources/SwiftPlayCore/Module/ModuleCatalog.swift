/// The modules a run can use, by the names tasks write (`shell`, `ansible.builtin.shell`,
/// `community.general.timezone`). The playbook loader validates every task's action
/// against it before anything runs; the executor asks it how to run one. `ModuleResolver`
/// is the real one; the defaults here serve catalogs of Swift modules alone (tests).
package protocol ModuleCatalog: Sendable {
  func moduleType(named name: String) -> (any Module.Type)?
  /// The error for a name no module answers to (a catalog may list what it has).
  func unknownModuleError(_ name: String) -> ModuleError
  /// What `name` stands for, searching `collections` (the `collections:` keyword) first
  /// for a short name; nil when nothing answers to it.
  func resolve(_ name: String, collections: [String]) -> ResolvedModule?
  /// Adds a `library/` folder (beside a playbook, in a role) to the module search path,
  /// for the rest of the run, as Ansible adds them when it loads a play or role.
  func registerLibrary(_ folder: String)
  /// Adds a folder holding `ansible_collections/` (a playbook's `collections/`), searched
  /// before the configured collections paths, as Ansible searches it.
  func registerCollections(_ folder: String)
  /// Runs Ansible's own modules; nil without Ansible on the controller.
  var runner: AnsibleModuleRunner? { get }
  /// Ansible's module of the same name as a Swift one, for options the Swift one lacks.
  func ansibleTwin(of module: any Module.Type) -> AnsibleModuleSource?
  /// Whether the module needs a controller-side action plugin swiftplay has not got.
  func needsActionPlugin(_ source: AnsibleModuleSource) -> Bool
}

extension ModuleCatalog {
  package func unknownModuleError(_ name: String) -> ModuleError {
    ModuleError(module: name, message: "couldn't resolve module/action '\(name)'")
  }

  package func resolve(_ name: String, collections: [String]) -> ResolvedModule? {
    let short = Keywords.shortName(name)
    if EngineActions.all.contains(short) { return .engine(short) }
    return moduleType(named: name).map { .native($0) }
  }

  package func registerLibrary(_ folder: String) {}
  package func registerCollections(_ folder: String) {}
  package var runner: AnsibleModuleRunner? { nil }
  package func ansibleTwin(of module: any Module.Type) -> AnsibleModuleSource? { nil }
  package func needsActionPlugin(_ source: AnsibleModuleSource) -> Bool { false }
}
