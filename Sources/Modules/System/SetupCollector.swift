import SwiftPlayCore
import ValueModel

/// One of Ansible's fact collectors (`platform`, `hardware`, `local`, ...): the shell
/// sections that read its raw data and the parser that turns them into facts. Setup joins
/// the sections of every chosen collector into one script, so a whole gather is one round
/// trip; each parser is a pure function of recorded output, tested without a host.
struct SetupCollector: Sendable {
  /// One `@@name` section of the script: a header, then what `command` prints.
  struct Section: Sendable {
    let name: String
    let command: String
    init(_ name: String, _ command: String) {
      self.name = name
      self.command = command
    }
  }

  /// Ansible's name for it, the word `gather_subset` takes.
  let name: String
  /// Other words `gather_subset` accepts for it (Ansible's fact ids: `devices` names
  /// the hardware collector).
  var factIDs: Set<String> = []
  /// Collectors whose facts its parser reads; chosen with it, as Ansible resolves them.
  var requires: Set<String> = []
  /// Its sections, given the module's options. Two collectors may share a section
  /// (`/proc/cpuinfo`); the script prints it once.
  let sections: @Sendable (SetupOptions) -> [Section]
  /// Its facts (names without the `ansible_` prefix), given the output and the facts
  /// of the collectors that ran before it.
  let parse: @Sendable (SetupOutput, ValueDict) -> ValueDict

  /// Ansible's Linux collectors, in the order its default list holds them.
  static let all: [SetupCollector] = [
    SetupPlatformFacts.platform, SetupDistributionFacts.distribution, SetupDistributionFacts.lsb,
    SetupSecurityFacts.selinux, SetupSecurityFacts.apparmor, SetupSecurityFacts.chroot, SetupSecurityFacts.fips,
    SetupPlatformFacts.python, SetupSecurityFacts.caps, SetupSystemFacts.pkgMgr, SetupSystemFacts.serviceMgr,
    SetupSystemFacts.cmdline, SetupSessionFacts.dateTime, SetupSessionFacts.env, SetupSystemFacts.loadavg,
    SetupSystemFacts.sshPubKeys, SetupSessionFacts.user, SetupSystemFacts.systemd, SetupVirtualFacts.virtual,
    SetupHardwareFacts.hardware, SetupSystemFacts.dns, SetupNetworkFacts.fibreChannel, SetupNetworkFacts.network,
    SetupNetworkFacts.iscsi, SetupNetworkFacts.nvme, SetupLocalFacts.local,
    // Ansible runs facter and ohai only where they are installed; their names are accepted.
    SetupCollector(name: "facter", factIDs: ["facter"], sections: { _ in [] }, parse: { _, _ in [:] }),
    SetupCollector(name: "ohai", sections: { _ in [] }, parse: { _, _ in [:] }),
  ]

  /// The shell script for `collectors`: the environment first (before the script changes
  /// PATH), then each section once. PATH gains the sbin folders Ansible's get_bin_path
  /// searches, and the C locale makes every tool print what the parsers expect.
  static func script(for collectors: [SetupCollector], options: SetupOptions) -> String {
    var lines = [
      "fc() { for p; do if [ -f \"$p\" ] && [ -r \"$p\" ]; then echo \"@@file $p\"; cat \"$p\" 2>/dev/null; echo; fi; done; }",
    ]
    let sections = collectors.flatMap { $0.sections(options) }
    var seen: Set<String> = []
    for section in sections.filter({ $0.name == "env" }) + [Section("", setupEnvironment)] + sections.filter({ $0.name != "env" })
    where seen.insert(section.name).inserted {
      if !section.name.isEmpty { lines.append("echo '@@\(section.name)'") }
      lines.append(section.command)
    }
    lines.append("echo @@end")
    return lines.joined(separator: "\n")
  }

  static let setupEnvironment =
    "PATH=\"$PATH:/sbin:/usr/sbin:/usr/local/sbin\"; LC_ALL=C; LANG=C; export PATH LC_ALL LANG"
}
