/// The modules a run can use, by the names tasks write (`shell`, `ansible.builtin.shell`).
/// The playbook loader validates every task against it before anything runs.
public protocol ModuleCatalog: Sendable {
  func moduleType(named name: String) -> (any Module.Type)?
  /// The error for a name no module answers to (a catalog may list what it has).
  func unknownModuleError(_ name: String) -> ModuleError
}

extension ModuleCatalog {
  public func unknownModuleError(_ name: String) -> ModuleError {
    ModuleError(module: name, message: "couldn't resolve module/action '\(name)'")
  }
}
