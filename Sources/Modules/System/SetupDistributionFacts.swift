import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's `distribution` and `lsb` collectors on Linux. Ansible first guesses from
/// os-release (through the `distro` library: the ID capitalised, the version, the code
/// name), then walks its list of release files; the first one its parser recognises names
/// the distribution and records which file it was (`distribution_file_*`).
enum SetupDistributionFacts {
  /// Ansible's release files in its order, with the variety each is read as. `allowEmpty`
  /// files name the distribution by existing.
  static let releaseFiles: [(path: String, name: String, allowEmpty: Bool)] = [
    ("/etc/altlinux-release", "Altlinux", false), ("/etc/oracle-release", "OracleLinux", false),
    ("/etc/slackware-version", "Slackware", false), ("/etc/centos-release", "CentOS", false),
    ("/etc/redhat-release", "RedHat", false), ("/etc/vmware-release", "VMwareESX", true),
    ("/etc/openwrt_release", "OpenWrt", false), ("/etc/os-release", "Amazon", false),
    ("/etc/system-release", "Amazon", false), ("/etc/alpine-release", "Alpine", false),
    ("/etc/arch-release", "Archlinux", true), ("/etc/os-release", "Archlinux", false),
    ("/etc/os-release", "SUSE", false), ("/etc/SuSE-release", "SUSE", false),
    ("/etc/gentoo-release", "Gentoo", false), ("/etc/os-release", "Debian", false),
    ("/etc/lsb-release", "Debian", false), ("/etc/lsb-release", "Mandriva", false),
    ("/etc/sourcemage-release", "SMGL", false), ("/usr/lib/os-release", "ClearLinux", false),
    ("/etc/coreos/update.conf", "Coreos", false), ("/etc/os-release", "Flatcar", false),
    ("/etc/os-release", "NA", false),
  ]

  static let searchStrings = ["OracleLinux": "Oracle Linux", "RedHat": "Red Hat", "Altlinux": "ALT", "SMGL": "Source Mage GNU/Linux"]

  static let families: [String: String] = {
    let map: [String: [String]] = [
      "RedHat": ["RedHat", "RHEL", "Fedora", "CentOS", "Scientific", "SLC", "Ascendos", "CloudLinux", "PSBM", "OracleLinux", "OVS",
        "OEL", "Amazon", "Amzn", "Virtuozzo", "XenServer", "Alibaba", "EulerOS", "openEuler", "AlmaLinux", "Rocky", "TencentOS",
        "EuroLinux", "Kylin Linux Advanced Server", "MIRACLE"],
      "Debian": ["Debian", "Ubuntu", "Raspbian", "Neon", "KDE neon", "Linux Mint", "SteamOS", "Devuan", "Kali", "Cumulus Linux",
        "Pop!_OS", "Parrot", "Pardus GNU/Linux", "Uos", "Deepin", "OSMC", "Linux Mint Debian Edition"],
      "Suse": ["SuSE", "SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP", "SUSE_LINUX", "openSUSE Leap", "ALP-Dolomite",
        "SL-Micro", "openSUSE MicroOS"],
      "Archlinux": ["Archlinux", "Antergos", "Manjaro"], "Mandrake": ["Mandrake", "Mandriva"],
      "Slackware": ["Slackware"], "Altlinux": ["Altlinux"], "SMGL": ["SMGL"], "Gentoo": ["Gentoo", "Funtoo"],
      "Alpine": ["Alpine"], "ClearLinux": ["Clear Linux OS", "Clear Linux Mix"],
    ]
    var families: [String: String] = [:]
    for (family, names) in map { for name in names { families[name] = family } }
    return families
  }()

  static let distribution = SetupCollector(
    name: "distribution",
    factIDs: ["distribution_version", "distribution_release", "distribution_major_version", "os_family"],
    sections: { _ in
      // A release file counts when it is a file and (unless allowEmpty) not empty.
      let paths = Array(Set(releaseFiles.map(\.path))).sorted()
      return [
        .init("release_files", "for p in \(paths.joined(separator: " ")); do [ -f \"$p\" ] && { [ -s \"$p\" ] && echo \"$p\" || echo \"$p empty\"; }; done"),
        .init("release_content", "fc \(paths.joined(separator: " ")) /etc/debian_version"),
      ]
    },
    parse: { output, _ in parse(output) })

  /// os-release's `KEY=value` pairs, quotes removed.
  static func osRelease(_ text: String) -> [String: String] {
    var release: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      release[String(line[..<equals])] = String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
    return release
  }

  static func parse(_ output: SetupOutput) -> ValueDict {
    let osText = output.file("/etc/os-release") ?? output.file("/usr/lib/os-release") ?? ""
    let release = osRelease(osText)
    // The guess, as the distro library answers it.
    let id = (release["ID"] ?? "").lowercased()
    var name = id.prefix(1).uppercased() + id.dropFirst()
    if name == "Amzn" { name = "Amazon" } else if name == "Rhel" { name = "Redhat" } else if name.isEmpty { name = "OtherLinux" }
    var version = release["VERSION_ID"] ?? ""
    if id == "debian", let point = output.file("/etc/debian_version"), point.range(of: #"^[0-9]+(\.[0-9]+)+$"#, options: .regularExpression) != nil,
      point.filter({ $0 == "." }).count > version.filter({ $0 == "." }).count {
      version = point
    }
    let codename = release["VERSION_CODENAME"] ?? release["UBUNTU_CODENAME"] ?? codenameFromVersion(release["VERSION"])
    var facts: ValueDict = [
      "distribution": .string(name), "distribution_version": .string(version.isEmpty ? "NA" : version),
      "distribution_release": .string(codename ?? "NA"),
    ]
    let major = (version.isEmpty ? "NA" : version).split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    facts["distribution_major_version"] = .string(major.isEmpty ? "NA" : major)

    let present = output["release_files"]
    for entry in releaseFiles {
      let nonEmpty = present.contains(entry.path)
      let exists = nonEmpty || present.contains(entry.path + " empty")
      if entry.allowEmpty && exists {
        facts["distribution"] = .string(entry.name)
        facts["distribution_file_path"] = .string(entry.path)
        facts["distribution_file_variety"] = .string(entry.name)
        break
      }
      guard nonEmpty, let content = output.file(entry.path) else { continue }
      if let parsed = parseFile(entry.name, content.trimmingCharacters(in: CharacterSet(charactersIn: "'\"\\")), path: entry.path, output: output, guess: facts) {
        facts["distribution"] = .string(entry.name)
        facts["distribution_file_path"] = .string(entry.path)
        facts["distribution_file_variety"] = .string(entry.name)
        facts["distribution_file_parsed"] = true
        facts.merge(parsed) { $1 }
        break
      }
    }
    let distribution = facts["distribution"]?.plainText ?? ""
    facts["os_family"] = .string(families[distribution] ?? distribution)
    return facts
  }

  /// The code name in `VERSION="12 (bookworm)"`, as distro reads it when os-release has none.
  static func codenameFromVersion(_ version: String?) -> String? {
    guard let version, let open = version.firstIndex(of: "("), let close = version.lastIndex(of: ")"), open < close else { return nil }
    let name = version[version.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
    return name.isEmpty ? nil : name
  }

  /// One release file as Ansible's parser for `name` reads it; nil when it does not
  /// recognise the file (the walk goes on).
  static func parseFile(_ name: String, _ data: String, path: String, output: SetupOutput, guess: ValueDict) -> ValueDict? {
    if let search = searchStrings[name] {
      return ["distribution": .string(data.contains(search) ? name : String(data.split(whereSeparator: \.isWhitespace).first ?? ""))]
    }
    switch name {
    case "Archlinux": return data.contains("Arch Linux") ? [:] : nil
    case "Amazon":
      guard data.contains("Amazon") else { return nil }
      var facts: ValueDict = [:]
      if path == "/etc/os-release", let version = osRelease(data)["VERSION_ID"] {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        facts["distribution_version"] = .string(version)
        facts["distribution_major_version"] = .string(parts[0])
        facts["distribution_minor_version"] = .string(parts.count > 1 ? parts[1] : "NA")
      }
      return facts
    case "Alpine": return ["distribution_version": .string(data)]
    case "SUSE": return data.lowercased().contains("suse") ? suse(data) : nil
    case "Debian": return debian(data, path: path, output: output, guess: guess)
    default: return nil
    }
  }

  static func suse(_ data: String) -> ValueDict {
    let release = osRelease(data)
    var facts: ValueDict = [:]
    if let name = release["NAME"] { facts["distribution"] = .string(name) }
    if let version = release["VERSION_ID"] {
      facts["distribution_version"] = .string(version)
      facts["distribution_major_version"] = .string(String(version.split(separator: ".").first ?? ""))
      let minor = version.split(separator: ".").dropFirst().first.map(String.init)
      if data.lowercased().contains("open") { facts["distribution_release"] = .string(minor ?? "") }
      else if data.lowercased().contains("enterprise") { facts["distribution_release"] = .string(minor ?? "0") }
    }
    return facts
  }

  /// Ansible's Debian-family parser: Debian (point release from /etc/debian_version, code
  /// name from PRETTY_NAME), Ubuntu (the guess stands) and the derivatives it names.
  static func debian(_ data: String, path: String, output: SetupOutput, guess: ValueDict) -> ValueDict? {
    func first(_ pattern: String) -> String? {
      guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]),
        let match = regex.firstMatch(in: data, range: NSRange(data.startIndex..., in: data)),
        let range = Range(match.range(at: 1), in: data)
      else { return nil }
      return String(data[range])
    }
    var facts: ValueDict = [:]
    if data.contains("Debian") || data.contains("Raspbian") {
      facts["distribution"] = "Debian"
      if let release = first(#"PRETTY_NAME=[^(\n]+ \(?([^)\n]+?)\)"#) { facts["distribution_release"] = .string(release) }
      for line in (output.file("/etc/debian_version") ?? "").split(separator: "\n") {
        if let match = line.range(of: #"[0-9]+\.[0-9]+"#, options: .regularExpression) {
          facts["distribution_minor_version"] = .string(String(line[match].split(separator: ".")[1]))
        }
      }
    } else if data.contains("Ubuntu") {
      facts["distribution"] = "Ubuntu"
    } else if data.contains("SteamOS") {
      facts["distribution"] = "SteamOS"
    } else if data.contains("Devuan") {
      facts["distribution"] = "Devuan"
      if let release = first(#"PRETTY_NAME="?[^("\n]+ \(?([^) "\n]+)\)?"#) { facts["distribution_release"] = .string(release) }
      if let version = first(#"VERSION_ID="(.*)""#) {
        facts["distribution_version"] = .string(version)
        facts["distribution_major_version"] = .string(version)
      }
    } else if data.contains("Mint") {
      facts["distribution"] = "Linux Mint"
      if let version = first(#"VERSION_ID="(.*)""#) {
        facts["distribution_version"] = .string(version)
        facts["distribution_major_version"] = .string(String(version.split(separator: ".").first ?? ""))
      }
    } else {
      return nil
    }
    return facts
  }

  static let lsb = SetupCollector(
    name: "lsb",
    sections: { _ in
      [.init("lsb_release", "command -v lsb_release >/dev/null 2>&1 && lsb_release -a 2>/dev/null && echo @@lsb_release_ok"),
       .init("lsb_file", "[ -e /etc/lsb-release ] && { echo @@lsb_file_exists; cat /etc/lsb-release 2>/dev/null; }")]
    },
    parse: { output, _ in ["lsb": .dict(parseLSB(output))] })

  static func parseLSB(_ output: SetupOutput) -> ValueDict {
    var facts: [String: String] = [:]
    if output.has("lsb_release_ok") {
      for line in output["lsb_release"] where line.contains(":") {
        let value = String(line[line.index(after: line.firstIndex(of: ":") ?? line.startIndex)...]).trimmingCharacters(in: .whitespaces)
        if line.contains("LSB Version:") { facts["release"] = value }
        else if line.contains("Distributor ID:") { facts["id"] = value }
        else if line.contains("Description:") { facts["description"] = value }
        else if line.contains("Release:") { facts["release"] = value }
        else if line.contains("Codename:") { facts["codename"] = value }
      }
    }
    if facts.isEmpty && output.has("lsb_file_exists") {
      for line in output["lsb_file_exists"] {
        guard let equals = line.firstIndex(of: "=") else { continue }
        let value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        if line.contains("DISTRIB_ID") { facts["id"] = value }
        else if line.contains("DISTRIB_RELEASE") { facts["release"] = value }
        else if line.contains("DISTRIB_DESCRIPTION") { facts["description"] = value }
        else if line.contains("DISTRIB_CODENAME") { facts["codename"] = value }
      }
    }
    if let release = facts["release"] { facts["major_release"] = String(release.split(separator: ".", omittingEmptySubsequences: false).first ?? "") }
    return ValueDict(sortingKeys: facts.mapValues { .string($0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"\\"))) })
  }
}
