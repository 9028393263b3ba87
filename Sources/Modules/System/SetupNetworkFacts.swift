import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's Linux `network` collector and the initiator names it gathers beside it
/// (iSCSI, NVMe, Fibre Channel). Interfaces come from /sys/class/net in the order the
/// folder lists them, addresses from `ip addr show` per interface, the default routes
/// from `ip route get` towards Ansible's two probe addresses.
enum SetupNetworkFacts {
  static let probeIPv4 = "8.8.8.8"
  static let probeIPv6 = "2404:6800:400a:800::1012"
  static let interfaceTypes = ["1": "ether", "32": "infiniband", "512": "ppp", "772": "loopback", "65534": "tunnel"]

  static let network = SetupCollector(
    name: "network", factIDs: ["interfaces", "default_ipv4", "default_ipv6", "all_ipv4_addresses", "all_ipv6_addresses"],
    requires: ["distribution", "platform"],
    sections: { _ in
      // One grep reads every interface's small sysfs files and one `ip addr show` each
      // lists the primary and secondary addresses: a fork per interface and file costs
      // seconds on a busy host.
      let files = ["address", "mtu", "operstate", "type", "speed", "flags", "bridge/bridge_id", "bridge/stp_state", "bonding/slaves",
        "bonding/mode", "bonding/miimon", "bonding/lacp_rate", "bonding/primary", "bonding/all_slaves_active", "bonding_slave/perm_hwaddr"]
      return [.init("network", "if command -v ip >/dev/null 2>&1; then echo ip; "
        + "echo @@route4; ip -4 route get \(probeIPv4) 2>/dev/null; echo @@route6; ip -6 route get \(probeIPv6) 2>/dev/null; "
        + "echo @@local4; ip -4 route show table local 2>/dev/null; echo @@local6; ip -6 route show table local 2>/dev/null; "
        + "echo @@netorder; ls -U /sys/class/net 2>/dev/null; "
        + "echo @@netfiles; grep -sH '' " + files.map { "/sys/class/net/*/" + $0 }.joined(separator: " ") + "; "
        + "echo @@netpaths; for p in /sys/class/net/*; do [ -d \"$p\" ] && echo \"dir $p\"; done; "
        + "for p in /sys/class/net/*/bridge /sys/class/net/*/bonding /sys/class/net/*/bonding_slave /sys/class/net/*/brif/*; do [ -e \"$p\" ] && echo \"has $p\"; done; "
        + "for p in /sys/class/net/*/device; do [ -e \"$p\" ] && echo \"device $p $(readlink \"$p\")\"; "
        + "[ -e \"$p/driver/module\" ] && echo \"module $p $(readlink -f \"$p/driver/module\")\"; done; "
        + "if o=$(ip addr show primary 2>/dev/null); then echo @@addresses; printf '%s\\n' \"$o\"; else echo @@addresses; ip addr show 2>/dev/null; fi; "
        + "if o=$(ip addr show secondary 2>/dev/null); then echo @@secondaries; printf '%s\\n' \"$o\"; fi; "
        + "if et=$(command -v ethtool 2>/dev/null); then for n in $(ls -U /sys/class/net); do "
        + "if o=$(\"$et\" -k \"$n\" 2>/dev/null); then echo \"@@features $n\"; printf '%s\\n' \"$o\"; fi; "
        + "if o=$(\"$et\" -T \"$n\" 2>/dev/null); then echo \"@@timestamping $n\"; printf '%s\\n' \"$o\"; fi; done; fi; fi")]
    },
    parse: { output, _ in parse(output) })

  /// `ip route get`'s answer: the interface, source address and gateway.
  static func defaultRoute(_ lines: [String], probe: String) -> ValueDict {
    var route: ValueDict = [:]
    guard let words = lines.first?.split(whereSeparator: \.isWhitespace).map(String.init), words.first == probe else { return route }
    for index in 0..<max(0, words.count - 1) {
      switch words[index] {
      case "dev": route["interface"] = .string(words[index + 1])
      case "src": route["address"] = .string(words[index + 1])
      case "via" where words[index + 1] != probe: route["gateway"] = .string(words[index + 1])
      default: break
      }
    }
    return route
  }

  static func parse(_ output: SetupOutput) -> ValueDict {
    guard output.first("network") == "ip" else { return [:] }
    var defaultIPv4 = defaultRoute(output["route4"], probe: probeIPv4)
    var defaultIPv6 = defaultRoute(output["route6"], probe: probeIPv6)
    var interfaces: [String: ValueDict] = [:]
    var order: [String] = []
    var allIPv4: [Value] = [], allIPv6: [Value] = []
    let files = output.grepped("netfiles")
    let paths = output["netpaths"]
    let folders = Set(paths.filter { $0.hasPrefix("dir ") }.map { URL(fileURLWithPath: String($0.dropFirst(4))).lastPathComponent })
    let primary = addressBlocks(output["addresses"])
    let secondary = addressBlocks(output["secondaries"])
    for device in output["netorder"] where folders.contains(device) {
      let base = "/sys/class/net/\(device)/"
      var values: [String: String] = [:]
      for (path, value) in files where path.hasPrefix(base) { values[String(path.dropFirst(base.count))] = value }
      func text(_ key: String) -> String? { values[key] }
      let lines = paths.compactMap { line -> String? in
        let words = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count >= 2, words[1].hasPrefix(base) else { return nil }
        let rest = String(words[1].dropFirst(base.count))
        switch words[0] {
        case "has": return rest.hasPrefix("brif/") ? "brif=" + rest.dropFirst(5) : "has=" + rest
        case "device": return rest == "device" && words.count > 2 ? "pciid=" + URL(fileURLWithPath: words[2]).lastPathComponent : nil
        case "module": return words.count > 2 ? "module=" + URL(fileURLWithPath: words[2]).lastPathComponent : nil
        default: return nil
        }
      }
      for line in lines where line.hasPrefix("pciid=") || line.hasPrefix("module=") {
        let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
        values[parts[0]] = parts.count > 1 ? parts[1] : ""
      }
      let has = Set(lines.filter { $0.hasPrefix("has=") }.map { String($0.dropFirst(4)) })
      var info: ValueDict = ["device": .string(device)]
      let macaddress = text("address")
      if let mac = macaddress, !mac.isEmpty, mac != "00:00:00:00:00:00" { info["macaddress"] = .string(mac) }
      if let mtu = text("mtu").flatMap({ Int($0) }) { info["mtu"] = .int(mtu) }
      if let state = text("operstate") { info["active"] = .bool(state != "down") }
      if let module = values["module"] { info["module"] = .string(module) }
      if let type = text("type") { info["type"] = .string(interfaceTypes[type] ?? "unknown") }
      if has.contains("bridge") {
        info["type"] = "bridge"
        info["interfaces"] = .list(lines.filter { $0.hasPrefix("brif=") }.map { .string(String($0.dropFirst(5))) })
        if values["bridge/bridge_id"] != nil { info["id"] = .string(text("bridge/bridge_id") ?? "") }
        if values["bridge/stp_state"] != nil { info["stp"] = .bool(text("bridge/stp_state") == "1") }
      }
      if has.contains("bonding") {
        info["type"] = "bonding"
        info["slaves"] = .list((text("bonding/slaves") ?? "").split(separator: " ").map { .string(String($0)) })
        for key in ["mode", "miimon", "lacp_rate"] {
          info[key] = .string(String((text("bonding/" + key) ?? "").split(separator: " ").first ?? ""))
        }
        if let primary = text("bonding/primary") {
          info["primary"] = .string(primary)
          if values["bonding/all_slaves_active"] != nil { info["all_slaves_active"] = .bool(text("bonding/all_slaves_active") == "1") }
        }
      }
      if has.contains("bonding_slave") { info["perm_macaddress"] = .string(text("bonding_slave/perm_hwaddr") ?? "") }
      if let pciid = values["pciid"] { info["pciid"] = .string(pciid) }
      if let speed = text("speed").flatMap({ Int($0) }) { info["speed"] = .int(speed) }
      if let flags = text("flags").flatMap({ Int($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: 16) }) {
        info["promisc"] = .bool(flags & 0x0100 > 0)
      }
      interfaces[device] = info
      if !order.contains(device) { order.append(device) }

      func addresses(_ lines: [String], secondary: Bool) {
        for line in lines {
          let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
          guard let kind = words.first else { continue }
          if kind == "inet", words.count > 1 {
            let pieces = words[1].split(separator: "/").map(String.init)
            let address = pieces[0]
            let prefix = pieces.count > 1 ? pieces[1] : "32"
            let broadcast = pieces.count > 1 && words.count > 3 && words[2] == "brd" ? words[3] : ""
            let length = Int(prefix) ?? 32
            let ipv4: Value = .dict([
              "address": .string(address), "broadcast": .string(broadcast), "netmask": .string(netmask(length)),
              "network": .string(network(address, length)), "prefix": .string(prefix),
            ])
            let label = words[words.count - 1]
            if label != device {
              interfaces[label] = [:]
              if !order.contains(label) { order.append(label) }
            }
            if !secondary && interfaces[label]?["ipv4"] == nil {
              interfaces[label]?["ipv4"] = ipv4
            } else {
              let earlier = interfaces[label]?["ipv4_secondaries"]?.listItems ?? []
              interfaces[label]?["ipv4_secondaries"] = .list(earlier + [ipv4])
            }
            if secondary {
              var list = interfaces[device]?["ipv4_secondaries"]?.listItems ?? []
              if device != label { list.append(ipv4) }
              interfaces[device]?["ipv4_secondaries"] = .list(list)
            }
            if defaultIPv4["address"]?.plainText == address, case let .dict(fields) = ipv4 {
              for key in ["broadcast", "netmask", "network", "prefix"] { defaultIPv4[key] = fields[key] }
              defaultIPv4["macaddress"] = .string(macaddress ?? "")
              defaultIPv4["mtu"] = interfaces[device]?["mtu"] ?? .null
              defaultIPv4["type"] = interfaces[device]?["type"] ?? "unknown"
              defaultIPv4["alias"] = .string(label)
            }
            if !address.hasPrefix("127.") { allIPv4.append(.string(address)) }
          } else if kind == "inet6", words.count > 3 {
            let address: String, prefix: String, scope: String
            if words[2] == "peer", words.count > 5 {
              address = words[1]
              prefix = String(words[3].split(separator: "/").last ?? "")
              scope = words[5]
            } else {
              let pieces = words[1].split(separator: "/").map(String.init)
              address = pieces[0]
              prefix = pieces.count > 1 ? pieces[1] : ""
              scope = words[3]
            }
            let entry: Value = .dict(["address": .string(address), "prefix": .string(prefix), "scope": .string(scope)])
            let earlier = interfaces[device]?["ipv6"]?.listItems ?? []
            interfaces[device]?["ipv6"] = .list(earlier + [entry])
            if defaultIPv6["address"]?.plainText == address {
              defaultIPv6["prefix"] = .string(prefix)
              defaultIPv6["scope"] = .string(scope)
              defaultIPv6["macaddress"] = .string(macaddress ?? "")
              defaultIPv6["mtu"] = interfaces[device]?["mtu"] ?? .null
              defaultIPv6["type"] = interfaces[device]?["type"] ?? "unknown"
            }
            if address != "::1" { allIPv6.append(.string(address)) }
          }
        }
      }
      addresses(primary[device] ?? [], secondary: false)
      addresses(secondary[device] ?? [], secondary: true)
      interfaces[device]?.merge(ethtool(features: output.sections["features " + device], timestamping: output.sections["timestamping " + device])) { $1 }
    }
    var facts: ValueDict = [:]
    var names: [Value] = []
    for name in order {
      let key = name.replacingOccurrences(of: ":", with: "_")
      names.append(.string(key))
      facts[key] = .dict(interfaces[name] ?? [:])
    }
    facts["interfaces"] = .list(names)
    facts["default_ipv4"] = .dict(defaultIPv4)
    facts["default_ipv6"] = .dict(defaultIPv6)
    facts["all_ipv4_addresses"] = .list(allIPv4)
    facts["all_ipv6_addresses"] = .list(allIPv6)
    facts["locally_reachable_ips"] = .dict(["ipv4": .list(localAddresses(output["local4"])), "ipv6": .list(localAddresses(output["local6"]))])
    return facts
  }

  /// `ip addr show`'s lines by interface: a block starts at `N: name[@peer]: <...>`.
  static func addressBlocks(_ lines: [String]) -> [String: [String]] {
    var blocks: [String: [String]] = [:]
    var current: String?
    for line in lines {
      if let first = line.first, first.isNumber {
        let words = line.split(separator: " ")
        if words.count > 1 {
          let name = words[1].hasSuffix(":") ? words[1].dropLast() : words[1]
          current = String(name.split(separator: "@").first ?? name)
          continue
        }
      }
      if let current { blocks[current, default: []].append(line) }
    }
    return blocks
  }

  /// The `local` routes' destinations, each once, in order.
  static func localAddresses(_ lines: [String]) -> [Value] {
    var seen: [String] = []
    for line in lines {
      let words = line.split(whereSeparator: \.isWhitespace)
      if words.count > 1, words[0] == "local", !seen.contains(String(words[1])) { seen.append(String(words[1])) }
    }
    return seen.map(Value.string)
  }

  /// `ethtool -k` features and `ethtool -T` time stamping, when ethtool answered.
  static func ethtool(features: [String]?, timestamping: [String]?) -> ValueDict {
    var data: ValueDict = [:]
    if let features {
      var map: ValueDict = [:]
      for line in features where !line.isEmpty && !line.hasSuffix(":") {
        guard let range = line.range(of: ": ") else { continue }
        let value = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if value.isEmpty { continue }
        map[line[..<range.lowerBound].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")] = .string(value)
      }
      data["features"] = .dict(map)
    }
    if let timestamping {
      let text = timestamping.joined(separator: "\n")
      func words(_ prefix: String) -> [Value] {
        guard let regex = try? NSRegularExpression(pattern: prefix + #"(\w+)"#) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
          Range(match.range(at: 1), in: text).map { .string(text[$0].lowercased()) }
        }
      }
      data["timestamping"] = .list(words("SOF_TIMESTAMPING_"))
      data["hw_timestamp_filters"] = .list(words("HWTSTAMP_FILTER_"))
      if let line = timestamping.first(where: { $0.contains("PTP Hardware Clock: ") }),
        let index = Int(line.components(separatedBy: "PTP Hardware Clock: ")[1].prefix { $0.isNumber }) {
        data["phc_index"] = .int(index)
      }
    }
    return data
  }

  static func netmask(_ prefix: Int) -> String {
    let bits: UInt32 = prefix <= 0 ? 0 : (prefix >= 32 ? ~0 : ~UInt32(0) << UInt32(32 - prefix))
    return dotted(bits)
  }

  static func network(_ address: String, _ prefix: Int) -> String {
    let parts = address.split(separator: ".").compactMap { UInt32($0) }
    guard parts.count == 4 else { return "" }
    let value = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    let mask: UInt32 = prefix <= 0 ? 0 : (prefix >= 32 ? ~0 : ~UInt32(0) << UInt32(32 - prefix))
    return dotted(value & mask)
  }

  static func dotted(_ value: UInt32) -> String {
    [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xff) }.joined(separator: ".")
  }

  static let iscsi = SetupCollector(
    name: "iscsi",
    sections: { _ in [.init("iscsi", "fc /etc/iscsi/initiatorname.iscsi")] },
    parse: { output, _ in
      let line = (output.file("/etc/iscsi/initiatorname.iscsi") ?? "").split(separator: "\n").first { $0.hasPrefix("InitiatorName=") }
      return ["iscsi_iqn": .string(line.map { String($0.dropFirst("InitiatorName=".count)) } ?? "")]
    })

  static let nvme = SetupCollector(
    name: "nvme",
    sections: { _ in [.init("nvme", "fc /etc/nvme/hostnqn")] },
    parse: { output, _ in
      let line = (output.file("/etc/nvme/hostnqn") ?? "").split(separator: "\n").first { $0.hasPrefix("nqn.") }
      return ["hostnqn": .string(line.map(String.init) ?? "")]
    })

  static let fibreChannel = SetupCollector(
    name: "fibre_channel_wwn",
    sections: { _ in [.init("fibre_channel_wwn", "for f in /sys/class/fc_host/*/port_name; do [ -r \"$f\" ] && cat \"$f\"; done 2>/dev/null")] },
    parse: { output, _ in
      ["fibre_channel_wwn": .list(output["fibre_channel_wwn"].map { line in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return .string(String(trimmed.dropFirst(2)))
      })]
    })
}

extension Value {
  /// The items of an array; empty for anything else.
  var arrayItems: [Value] {
    if case let .list(items) = self { return items }
    return []
  }
}
