import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's general collectors that read one file or ask one tool: package and service
/// managers, kernel command line, load, SSH host keys, systemd, DNS.
enum SetupSystemFacts {
  /// Ansible's package managers by the file that reveals each; the last one present wins.
  static let packageManagers: [(path: String, name: String)] = [
    ("/usr/bin/rpm-ostree", "atomic_container"), ("/usr/bin/yum", "dnf"), ("/usr/bin/dnf-3", "dnf"), ("/usr/bin/dnf5", "dnf5"),
    ("/usr/bin/apt-get", "apt"), ("/usr/bin/zypper", "zypper"), ("/usr/sbin/urpmi", "urpmi"), ("/usr/bin/pacman", "pacman"),
    ("/bin/opkg", "opkg"), ("/usr/pkg/bin/pkgin", "pkgin"), ("/opt/local/bin/pkgin", "pkgin"), ("/opt/tools/bin/pkgin", "pkgin"),
    ("/opt/local/bin/port", "macports"), ("/usr/local/bin/brew", "homebrew"), ("/opt/homebrew/bin/brew", "homebrew"),
    ("/sbin/apk", "apk"), ("/usr/sbin/pkg", "pkgng"), ("/usr/sbin/swlist", "swdepot"), ("/usr/bin/emerge", "portage"),
    ("/usr/sbin/pkgadd", "svr4pkg"), ("/usr/bin/pkg", "pkg5"), ("/usr/bin/xbps-install", "xbps"), ("/usr/local/sbin/pkg", "pkgng"),
    ("/usr/bin/swupd", "swupd"), ("/usr/sbin/sorcery", "sorcery"), ("/usr/bin/installp", "installp"),
  ]

  static let pkgMgr = SetupCollector(
    name: "pkg_mgr", requires: ["distribution"],
    sections: { _ in
      let paths = packageManagers.map(\.path) + ["/run/ostree-booted", "/usr/bin/dnf", "/usr/bin/microdnf", "/usr/bin/rpm"]
      return [.init("pkg_mgr", "for p in \(paths.joined(separator: " ")); do [ -e \"$p\" ] && echo \"$p\"; done; "
        + "echo \"dnf=$(readlink -f /usr/bin/dnf 2>/dev/null)\"; "
        + "[ -e /usr/bin/rpm ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null 2>&1 && echo apt_rpm")]
    },
    parse: { output, facts in
      let present = Set(output["pkg_mgr"])
      let family = facts["os_family"]?.plainText ?? ""
      var name = "unknown"
      for manager in packageManagers where present.contains(manager.path) {
        if family == "Altlinux" && manager.path == "/usr/bin/pkg" { continue }
        name = manager.name
      }
      if family == "RedHat" {
        if present.contains("/run/ostree-booted") { name = "atomic_container" }
        else if present.contains("/usr/bin/dnf") { name = output.values("pkg_mgr")["dnf"] == "/usr/bin/dnf5" ? "dnf5" : "dnf" }
        else if present.contains("/usr/bin/microdnf") { name = "dnf" }
        else { name = "unknown" }
      } else if family == "Debian" && name != "apt" {
        name = "apt"
      } else if family == "Altlinux" && name == "apt" {
        name = "apt_rpm"
      }
      if name == "apt" && present.contains("/usr/bin/rpm") && output["pkg_mgr"].contains("apt_rpm") { name = "apt_rpm" }
      return ["pkg_mgr": .string(name)]
    })

  /// Ansible names the service manager after PID 1's command, unless that is a plain
  /// `init` or a shell; then it looks for the marks each manager leaves.
  static let serviceMgr = SetupCollector(
    name: "service_mgr", requires: ["distribution", "platform"],
    sections: { _ in
      [.init("service_mgr", "fc /proc/1/comm; echo @@service_mgr_probe; "
        + "echo \"ps=$(ps -p 1 -o comm 2>/dev/null | tail -n 1)\"; echo \"init=$(readlink /sbin/init 2>/dev/null)\"; "
        + "for p in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/ /etc/init/ /sbin/openrc /etc/init.d/ /etc/dinit.d/; do [ -e \"$p\" ] && echo \"exists=$p\"; done; "
        + "for c in systemctl initctl; do command -v $c >/dev/null 2>&1 && echo \"bin=$c\"; done")]
    },
    parse: { output, facts in ["service_mgr": .string(serviceManager(output, facts))] })

  static func serviceManager(_ output: SetupOutput, _ facts: ValueDict) -> String {
    let probe = output["service_mgr_probe"]
    let exists = Set(probe.filter { $0.hasPrefix("exists=") }.map { String($0.dropFirst(7)) })
    let bins = Set(probe.filter { $0.hasPrefix("bin=") }.map { String($0.dropFirst(4)) })
    let values = output.values("service_mgr_probe")
    let link = values["init"] ?? ""
    var first: String? = output.file("/proc/1/comm")
    if first == nil, let ps = values["ps"], !ps.trimmingCharacters(in: .whitespaces).isEmpty,
      ps.range(of: #"^ *[0-9]+ "#, options: .regularExpression) == nil, ps != "COMMAND" {
      first = ps
    }
    if first == nil, !link.isEmpty { first = link }
    if let name = first {
      let base = URL(fileURLWithPath: name).lastPathComponent.trimmingCharacters(in: .whitespacesAndNewlines)
      if base != "init" && !base.hasSuffix("sh") {
        let map = ["procd": "openwrt_init", "runit-init": "runit", "svscan": "svc", "openrc-init": "openrc"]
        return map[base] ?? base
      }
    }
    guard facts["system"]?.plainText == "Linux" else { return "service" }
    let systemctl = bins.contains("systemctl")
    if systemctl && ["/run/systemd/system/", "/dev/.run/systemd/", "/dev/.systemd/"].contains(where: exists.contains) { return "systemd" }
    if bins.contains("initctl") && exists.contains("/etc/init/") { return "upstart" }
    if exists.contains("/sbin/openrc") { return "openrc" }
    if systemctl && URL(fileURLWithPath: link).lastPathComponent == "systemd" { return "systemd" }
    if exists.contains("/etc/init.d/") { return "sysvinit" }
    if exists.contains("/etc/dinit.d/") { return "dinit" }
    return "service"
  }

  static let cmdline = SetupCollector(
    name: "cmdline",
    sections: { _ in [.init("cmdline", "fc /proc/cmdline")] },
    parse: { output, _ in
      guard let data = output.file("/proc/cmdline") else { return [:] }
      let pieces = splitNonPOSIX(data)
      var single: ValueDict = [:]
      var repeated: ValueDict = [:]
      for piece in pieces {
        guard let equals = piece.firstIndex(of: "=") else {
          single[piece] = true
          repeated[piece] = true
          continue
        }
        let key = String(piece[..<equals])
        let value = Value.string(String(piece[piece.index(after: equals)...]))
        single[key] = value
        switch repeated[key] {
        case let .list(values)?: repeated[key] = .list(values + [value])
        case let existing?: repeated[key] = .list([existing, value])
        default: repeated[key] = value
        }
      }
      return ["cmdline": .dict(single), "proc_cmdline": .dict(repeated)]
    })

  /// Python's `shlex.split(text, posix=False)`: quotes stay in the words, a word that
  /// starts with a quote ends at the closing quote, and an unclosed quote ends the list
  /// (Ansible keeps what came before it).
  static func splitNonPOSIX(_ text: String) -> [String] {
    var words: [String] = []
    var word = ""
    var quote: Character?
    var inWord = false
    for character in text {
      if let open = quote {
        word.append(character)
        if character == open {
          words.append(word)
          word = ""
          quote = nil
          inWord = false
        }
      } else if character == " " || character == "\t" || character == "\n" || character == "\r" {
        if inWord { words.append(word) }
        word = ""
        inWord = false
      } else if !inWord && (character == "\"" || character == "'") {
        quote = character
        word = String(character)
      } else {
        word.append(character)
        inWord = true
      }
    }
    if quote != nil { return words }
    if inWord { words.append(word) }
    return words
  }

  /// The Python probe's `os.getloadavg()`; /proc/loadavg when there is no Python.
  static let loadavg = SetupCollector(
    name: "loadavg",
    sections: { options in [SetupPlatformFacts.pythonSection(options), .init("loadavg", "fc /proc/loadavg")] },
    parse: { output, _ in
      var numbers: [Value] = []
      if case let .list(values)? = SetupPlatformFacts.probe(output)["loadavg"] {
        numbers = values.map { value in if case let .int(whole) = value { .double(Double(whole)) } else { value } }
      } else if let text = output.file("/proc/loadavg") {
        numbers = text.split(separator: " ").prefix(3).compactMap { Double($0) }.map(Value.double)
      }
      guard numbers.count == 3 else { return [:] }
      return ["loadavg": .dict(["1m": numbers[0], "5m": numbers[1], "15m": numbers[2]])]
    })

  static let sshKeyFolders = ["/etc/ssh", "/etc/openssh", "/etc"]
  static let sshKeyAlgorithms = ["dsa", "rsa", "ecdsa", "ed25519"]

  static let sshPubKeys = SetupCollector(
    name: "ssh_pub_keys",
    factIDs: ["ssh_host_pub_keys", "ssh_host_key_dsa_public", "ssh_host_key_rsa_public", "ssh_host_key_ecdsa_public", "ssh_host_key_ed25519_public"],
    sections: { _ in
      [.init("ssh_pub_keys", "fc " + sshKeyFolders.flatMap { folder in sshKeyAlgorithms.map { "\(folder)/ssh_host_\($0)_key.pub" } }.joined(separator: " "))]
    },
    parse: { output, _ in
      var facts: ValueDict = [:]
      for folder in sshKeyFolders {
        for algorithm in sshKeyAlgorithms {
          let name = "ssh_host_key_\(algorithm)_public"
          // Ansible stops at the first folder that repeats a key type it already has.
          if facts[name] != nil { return facts }
          guard let data = output.file("\(folder)/ssh_host_\(algorithm)_key.pub") else { continue }
          let words = data.split(whereSeparator: \.isWhitespace)
          guard words.count >= 2 else { continue }
          facts[name] = .string(String(words[1]))
          facts[name + "_keytype"] = .string(String(words[0]))
        }
      }
      return facts
    })

  static let systemd = SetupCollector(
    name: "systemd",
    sections: { _ in
      [.init("systemd", "if command -v systemctl >/dev/null 2>&1 && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }; "
        + "then systemctl --version 2>/dev/null && echo @@systemd_ok; fi")]
    },
    parse: { output, _ in
      let lines = output["systemd"]
      guard output.has("systemd_ok"), lines.count > 1,
        let version = lines[0].split(separator: " ").dropFirst().first.flatMap({ Int($0) })
      else { return [:] }
      return ["systemd": .dict(["features": .string(lines[1]), "version": .int(version)])]
    })

  static let dns = SetupCollector(
    name: "dns",
    sections: { _ in [.init("dns", "fc /etc/resolv.conf")] },
    parse: { output, _ in ["dns": .dict(parseResolvConf(output.file("/etc/resolv.conf") ?? ""))] })

  static func parseResolvConf(_ text: String) -> ValueDict {
    var dns: ValueDict = [:]
    var nameservers: [Value] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix("#") || line.hasPrefix(";") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
      guard let keyword = tokens.first else { continue }
      let rest = tokens.dropFirst().map(Value.string)
      switch keyword {
      case "nameserver":
        nameservers += rest
        dns["nameservers"] = .list(nameservers)
      case "domain": if tokens.count > 1 { dns["domain"] = .string(tokens[1]) }
      case "search": dns["search"] = .list(Array(rest))
      case "sortlist": dns["sortlist"] = .list(Array(rest))
      case "options":
        var options: ValueDict = [:]
        for option in tokens.dropFirst() {
          let parts = option.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
          options[String(parts[0])] = parts.count == 2 && !parts[1].isEmpty ? .string(String(parts[1])) : true
        }
        dns["options"] = .dict(options)
      default: break
      }
    }
    return dns
  }
}
