/// The modules a run can use, by the names tasks write (`shell`, `ansible.builtin.shell`).
/// The playbook loader validates every task against it before anything runs.
public protocol ModuleCatalog: Sendable {
  func moduleType(named name: String) -> (any Module.Type)?
}
