import SwiftPlayCore

/// Every module swiftplay ships. A test compares this list with the files under
/// Sources/Modules so a new module cannot be forgotten here.
package enum ModuleRegistry {
  package static let all: [any Module.Type] = [
    CommandModule.self,
    ShellModule.self,
    RawModule.self,
    ScriptModule.self,
    PingModule.self,
    DebugModule.self,
    SetFactModule.self,
    AssertModule.self,
    ValidateArgumentSpecModule.self,
    FailModule.self,
    StatModule.self,
    FileModule.self,
    CopyModule.self,
    TemplateModule.self,
    FetchModule.self,
    GetUrlModule.self,
    UnarchiveModule.self,
    LineInFileModule.self,
    BlockInFileModule.self,
    ReplaceModule.self,
    IniFileModule.self,
    SetupModule.self,
    SwapoffModule.self,
    SysctlModule.self,
    MountModule.self,
    ServiceModule.self,
    SystemdServiceModule.self,
    ModprobeModule.self,
    HostnameModule.self,
    WaitForModule.self,
    KubeadmInitModule.self,
    KubeadmTokenModule.self,
    KubeadmJoinModule.self,
    KubeadmResetModule.self,
    GroupModule.self,
    UserModule.self,
    AptModule.self,
    PackageModule.self,
    DpkgSelectionsModule.self,
    AptKeyModule.self,
    AptRepositoryModule.self,
    Deb822RepositoryModule.self,
  ]

  /// Finds a module by short name, alias, or `ansible.builtin.` / `ansible.legacy.` name.
  package static func lookup(_ name: String) -> (any Module.Type)? {
    let short = ["ansible.builtin.", "ansible.legacy."].reduce(name) { name, prefix in
      name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }
    return all.first { $0.name == short || $0.aliases.contains(short) }
  }

  /// Ansible's message for a module name it cannot resolve.
  package static func unknownModuleError(_ name: String) -> ModuleError {
    ModuleError(
      module: name,
      message: "couldn't resolve module/action '\(name)'. This often indicates a misspelling, "
        + "missing collection, or incorrect module path. Available here: "
        + all.map { $0.name }.sorted().joined(separator: ", "))
  }
}
