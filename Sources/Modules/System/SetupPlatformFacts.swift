import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's `platform` and `python` collectors. Several facts Ansible takes from the
/// Python that runs its module (the version, `socket.getfqdn()`, the userspace bits, the
/// selinux library, `os.getloadavg()`, the DST zone name), so the script asks the host's
/// Python for them in one small program; without a Python those keys fall back to shell
/// tools or are left out, as Ansible could not gather at all there.
enum SetupPlatformFacts {
  /// The candidates Ansible's interpreter discovery (`auto`) tries, in its order.
  static let interpreterCandidates = AnsibleModuleRunner.discoveryCandidates

  /// The probe program. It prints one JSON object; its own text has no single quote so
  /// the shell passes it as one word.
  static let probeProgram = """
    import json, os, platform, socket, struct, sys, time
    r = {"version_info": list(sys.version_info), "executable": sys.executable, "python_version": platform.python_version()}
    r["type"] = getattr(getattr(sys, "implementation", None), "name", None)
    r["bits"] = "%dbit" % (struct.calcsize("P") * 8)
    r["fqdn"] = socket.getfqdn()
    r["tz_dst"] = time.tzname[1]
    try:
        r["loadavg"] = list(os.getloadavg())
    except OSError:
        pass
    # Whether ssl.SSLContext imports: the _ssl extension is what it needs, and finding it
    # spares loading OpenSSL (a fifth of a second).
    import importlib.util
    r["ssl"] = importlib.util.find_spec("_ssl") is not None and importlib.util.find_spec("ssl") is not None
    try:
        import ctypes
        lib = ctypes.CDLL("libselinux.so.1", use_errno=True)
    except (ImportError, OSError):
        r["selinux"] = None
    else:
        names = {1: "enforcing", 0: "permissive", -1: "disabled"}
        def config_mode():
            mode = ctypes.c_int()
            return names.get(mode.value, "unknown") if lib.selinux_getenforcemode(ctypes.byref(mode)) == 0 else "unknown"
        def policy_type():
            name = ctypes.c_char_p()
            return name.value.decode() if lib.selinux_getpolicytype(ctypes.byref(name)) == 0 else "unknown"
        s = {"status": "disabled"}
        if lib.is_selinux_enabled():
            s = {"status": "enabled"}
            for key, ask in (("policyvers", lib.security_policyvers), ("config_mode", config_mode),
                             ("mode", lambda: names.get(lib.security_getenforce(), "unknown")), ("type", policy_type)):
                try:
                    s[key] = ask()
                except (AttributeError, OSError):
                    s[key] = "unknown"
        r["selinux"] = s
    print(json.dumps(r))
    """

  /// Runs the probe with the configured interpreter, or the first candidate found.
  static func pythonSection(_ options: SetupOptions) -> SetupCollector.Section {
    let find: String
    if let python = options.python {
      find = "P=\(ShellQuote.quote(python))"
    } else {
      find = "P=; for p in \(interpreterCandidates.joined(separator: " ")); do P=$(command -v \"$p\" 2>/dev/null) && [ -n \"$P\" ] && break; done"
    }
    // Without a Python, the FQDN comes from hostname(1), the nearest the shell has.
    return SetupCollector.Section(
      "python", "\(find); if [ -z \"$P\" ] || ! \"$P\" -c \(ShellQuote.quote(probeProgram)) 2>/dev/null; then "
        + "echo \"fqdn=$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)\"; fi")
  }

  /// Ansible's interpreter discovery alone (no Python started), for the
  /// `discovered_interpreter_python` fact its executor adds to every gather.
  static func discoverySection(_ options: SetupOptions) -> SetupCollector.Section {
    SetupCollector.Section(
      "interpreter", "for p in \(interpreterCandidates.joined(separator: " ")); do P=$(command -v \"$p\" 2>/dev/null) && [ -n \"$P\" ] && { echo \"$P\"; break; }; done")
  }

  /// The probe's report, if the host has a Python.
  static func probe(_ output: SetupOutput) -> ValueDict {
    guard let line = output["python"].last(where: { $0.hasPrefix("{") }),
      case let .dict(report)? = try? JSON.decode(line)
    else { return [:] }
    return report
  }

  static let platform = SetupCollector(
    name: "platform",
    factIDs: ["system", "kernel", "kernel_version", "machine", "python_version", "architecture", "machine_id"],
    sections: { options in
      [
        .init("uname", "uname -s; uname -n; uname -r; uname -m; uname -v"),
        .init("long_bit", "getconf LONG_BIT 2>/dev/null"),
        .init("machine_id", "fc /var/lib/dbus/machine-id /etc/machine-id"),
        pythonSection(options),
      ]
    },
    parse: { output, _ in parsePlatform(output) })

  static func parsePlatform(_ output: SetupOutput) -> ValueDict {
    let uname = output["uname"]
    func field(_ index: Int) -> String { index < uname.count ? uname[index] : "" }
    let report = probe(output)
    let nodename = field(1)
    let fqdn = report["fqdn"]?.plainText ?? output.values("python")["fqdn"] ?? nodename
    let machine = field(3)
    var facts: ValueDict = [
      "system": .string(field(0)), "kernel": .string(field(2)), "kernel_version": .string(field(4)),
      "machine": .string(machine), "nodename": .string(nodename),
      "hostname": .string(String(nodename.split(separator: ".", omittingEmptySubsequences: false).first ?? "")),
      "fqdn": .string(fqdn),
      "domain": .string(fqdn.split(separator: ".", omittingEmptySubsequences: false).dropFirst().joined(separator: ".")),
      "architecture": .string(machine),
    ]
    if let version = report["python_version"] { facts["python_version"] = version }
    let bits = report["bits"].map { $0.plainText.replacingOccurrences(of: "bit", with: "") } ?? output.first("long_bit") ?? ""
    facts["userspace_bits"] = .string(bits)
    if machine == "x86_64" {
      if bits == "64" { facts["userspace_architecture"] = "x86_64" } else if bits == "32" { facts["userspace_architecture"] = "i386" }
    }
    if let id = output.file("/var/lib/dbus/machine-id") ?? output.file("/etc/machine-id"),
      let line = id.split(separator: "\n").first {
      facts["machine_id"] = .string(String(line))
    }
    return facts
  }

  static let python = SetupCollector(
    name: "python",
    sections: { options in [pythonSection(options)] },
    parse: { output, _ in
      let report = probe(output)
      guard case let .list(info)? = report["version_info"], info.count >= 5 else { return [:] }
      return [
        "python": .dict([
          "version": .dict(["major": info[0], "minor": info[1], "micro": info[2], "releaselevel": info[3], "serial": info[4]]),
          "version_info": .list(info), "executable": report["executable"] ?? .null,
          "has_sslcontext": report["ssl"] ?? false, "type": report["type"] ?? .null,
        ])
      ]
    })
}
