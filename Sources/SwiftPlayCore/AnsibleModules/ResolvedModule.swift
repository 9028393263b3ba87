/// What a task's action name stands for, as the one resolver answers the loader, the
/// executor, ad-hoc mode and the output.
package enum ResolvedModule: Sendable {
  /// An action the engine carries out itself (`include_tasks`, `set_fact`'s kin, `meta`).
  case engine(String)
  /// A Swift module: the fast path. Options it does not implement send the task to its
  /// Ansible twin when it runs.
  case native(any Module.Type)
  /// One of Ansible's own modules, a collection's or a `library/` one, run by the host's
  /// Python.
  case ansible(AnsibleModuleSource)

  /// The canonical name a task records: the Swift module's name, the engine action, or
  /// the Ansible module's name (`getent` for a builtin, the FQCN for a collection's).
  package var canonicalName: String {
    switch self {
    case let .engine(name): return name
    case let .native(module): return module.name
    case let .ansible(source):
      return source.name.hasPrefix("ansible.builtin.") ? String(source.name.dropFirst(16)) : source.name
    }
  }
}
