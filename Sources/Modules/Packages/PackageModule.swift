import SwiftPlayCore

/// Installs or removes packages with the host's own package manager, as Ansible's generic
/// package module does. swiftplay speaks apt only: on a Debian-family host the task runs
/// as the apt module with the same arguments; any other manager fails that host with a
/// message naming it.
///
/// ```yaml
/// - name: the tools every node needs
///   ansible.builtin.package:
///     name: [curl, gnupg]
///     state: present
/// ```
package struct PackageModule: PlannedModule {
  package static let name = "package"
  /// Its own options (`name` and `state` required), plus whatever the backend takes
  /// (apt's, the only backend here; apt's `pkg` and `package` stay aliases of `name`).
  package static let argumentSpec = ArgumentSpec(
    [
      .raw("name", aliases: ["pkg", "package"], required: true), .str("state", required: true), .str("use", default: "auto"),
    ] + AptModule.argumentSpec.options.filter { !["package", "state"].contains($0.name) })
  static let managers = ["apt", "apk", "dnf", "dnf5", "pacman", "pkgng", "portage", "yum", "zypper", "homebrew", "openbsd_pkg"]

  let use: String
  let apt: AptModule

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    use = values.string("use") ?? "auto"
    var backend = arguments
    backend.options["use"] = nil
    // Ansible's package passes `installed`/`removed` through; apt knows them by their new names.
    let state = values.string("state")
    if state == "installed" { backend.options["state"] = "present" }
    if state == "removed" { backend.options["state"] = "absent" }
    do {
      apt = try AptModule(arguments: backend)
    } catch {
      throw ModuleError(module: Self.name, message: error.message)
    }
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    var manager = use
    if manager == "auto" {
      // The gathered fact when there is one, else a look at the host's programs.
      manager = (try? target.templar.render(.string("{{ ansible_pkg_mgr }}")))?.plainText ?? ""
      if manager.isEmpty || manager == "unknown" {
        let probe = try await target.run(
          "for m in apt-get:apt dnf5:dnf5 dnf:dnf yum:yum zypper:zypper apk:apk pacman:pacman pkg:pkgng; do "
            + "command -v \"${m%%:*}\" >/dev/null 2>&1 && { echo \"${m#*:}\"; exit 0; }; done; echo unknown")
        manager = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      }
    }
    guard manager == "apt" else {
      return ModulePlan(result: ModuleResult(changed: false, failed: true, values: [
        "msg": .string("the package module of swiftplay supports only apt; this host's package manager is "
          + "'\(manager)': use that manager's own module, or set use: apt"),
      ]))
    }
    return try await apt.plan(on: target)
  }
}
