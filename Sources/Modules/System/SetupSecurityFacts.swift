import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's "restrictive" collectors (selinux, apparmor, chroot, fips) and `caps`:
/// what confines processes on the host.
enum SetupSecurityFacts {
  /// From the Python probe: Ansible reads SELinux through the Python `selinux` library,
  /// and says so when the library is missing.
  static let selinux = SetupCollector(
    name: "selinux",
    sections: { options in [SetupPlatformFacts.pythonSection(options)] },
    parse: { output, _ in
      let report = SetupPlatformFacts.probe(output)
      guard case let .dict(status)? = report["selinux"] else {
        return ["selinux": .dict(["status": "Missing selinux Python library"]), "selinux_python_present": false]
      }
      return ["selinux": .dict(status), "selinux_python_present": true]
    })

  static let apparmor = SetupCollector(
    name: "apparmor",
    sections: { _ in [.init("apparmor", "[ -e /sys/kernel/security/apparmor ] && echo enabled")] },
    parse: { output, _ in ["apparmor": .dict(["status": output.first("apparmor") == "enabled" ? "enabled" : "disabled"])] })

  /// Ansible compares `/` with PID 1's root; when it may not look there (not root), it
  /// compares the root's inode with the number the file system gives its root.
  static let chroot = SetupCollector(
    name: "chroot", factIDs: ["is_chroot"],
    sections: { _ in
      [.init("chroot", "printf 'chroot_env=%s\\n' \"${debian_chroot:-}\"; echo \"root=$(stat -c '%i %d' / 2>/dev/null)\"; "
        + "echo \"proc1=$(stat -L -c '%i %d' /proc/1/root/. 2>/dev/null)\"; echo \"fstype=$(stat -f -c %T / 2>/dev/null)\"")]
    },
    parse: { output, _ in
      let values = output.values("chroot")
      if let variable = values["chroot_env"], !variable.isEmpty { return ["is_chroot": true] }
      let root = values["root"] ?? ""
      if let proc = values["proc1"], !proc.isEmpty { return ["is_chroot": .bool(root != proc)] }
      let fstype = values["fstype"] ?? ""
      let rootInode = fstype.contains("btrfs") ? "256" : (fstype.contains("xfs") ? "128" : "2")
      return ["is_chroot": .bool(root.split(separator: " ").first.map(String.init) != rootInode)]
    })

  static let fips = SetupCollector(
    name: "fips",
    sections: { _ in [.init("fips", "fc /proc/sys/crypto/fips_enabled")] },
    parse: { output, _ in ["fips": .bool(output.file("/proc/sys/crypto/fips_enabled") == "1")] })

  /// `capsh --print`'s Current line: `=ep` alone means nothing is enforced.
  static let caps = SetupCollector(
    name: "caps", factIDs: ["system_capabilities", "system_capabilities_enforced"],
    sections: { _ in [.init("caps", "command -v capsh >/dev/null 2>&1 && capsh --print 2>/dev/null && echo @@caps_ok")] },
    parse: { output, _ in
      guard output.has("caps_ok") else { return ["system_capabilities_enforced": "N/A", "system_capabilities": "N/A"] }
      var enforced = "NA"
      var capabilities: [Value] = []
      for line in output["caps"] where line.hasPrefix("Current:") {
        let parts = line.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count > 1, parts[1].trimmingCharacters(in: .whitespaces) == "=ep" {
          enforced = "False"
        } else {
          enforced = "True"
          let afterEquals = line.split(separator: "=", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
          capabilities = afterEquals.split(separator: ",", omittingEmptySubsequences: false).map { .string($0.trimmingCharacters(in: .whitespaces)) }
        }
      }
      return ["system_capabilities_enforced": .string(enforced), "system_capabilities": .list(capabilities)]
    })
}
