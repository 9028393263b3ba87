import Foundation
import SwiftPlayCore

/// Network facts from `ip`: the default IPv4 route's interface and address, every IPv4
/// address, and one `ansible_<interface>` mapping per interface.
enum SetupNetworkFacts {
  /// `folderOrder` is /sys/class/net as the directory lists it, the order Ansible walks
  /// the interfaces in for `ansible_all_ipv4_addresses`.
  static func parse(route: [String], addresses: [String], links: [String], folderOrder: [String] = []) -> [String: JSONValue] {
    var facts: [String: JSONValue] = [:]
    // `2: eth0: <BROADCAST,...,UP> mtu 1400 ... link/ether 02:fc:00:00:00:01 brd ...`
    var interfaces: [String: [String: JSONValue]] = [:]
    var order: [String] = []
    for line in links {
      let words = line.split(separator: " ").map(String.init)
      guard words.count > 2 else { continue }
      let device = String(words[1].dropLast().split(separator: "@").first ?? "")
      var info: [String: JSONValue] = ["device": .string(device), "active": .bool(words[2].contains("UP"))]
      if let mtu = words.firstIndex(of: "mtu"), mtu + 1 < words.count { info["mtu"] = .int(Int(words[mtu + 1]) ?? 0) }
      if let kind = words.firstIndex(where: { $0.hasPrefix("link/") }) {
        let type = String(words[kind].dropFirst(5))
        info["type"] = .string(type == "ether" ? "ether" : (type == "loopback" ? "loopback" : type))
        if type == "ether", kind + 1 < words.count { info["macaddress"] = .string(words[kind + 1]) }
      }
      interfaces[device] = info
      order.append(device)
    }
    // `4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\ ...`
    var all: [(device: String, address: String)] = []
    for line in addresses {
      let words = line.split(separator: " ").map(String.init)
      guard words.count > 3, let inet = words.firstIndex(of: "inet"), inet + 1 < words.count else { continue }
      let device = words[1]
      let cidr = words[inet + 1].split(separator: "/")
      let address = String(cidr.first ?? "")
      let prefix = Int(cidr.count > 1 ? cidr[1] : "32") ?? 32
      let broadcast = words.firstIndex(of: "brd").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } ?? ""
      if !address.hasPrefix("127.") { all.append((device, address)) }
      let ipv4: [String: JSONValue] = [
        "address": .string(address), "prefix": .string(String(prefix)), "netmask": .string(netmask(prefix)),
        "network": .string(network(address, prefix)), "broadcast": .string(broadcast),
      ]
      if interfaces[device]?["ipv4"] == nil {
        interfaces[device, default: ["device": .string(device)]]["ipv4"] = .object(ipv4)
        if !order.contains(device) { order.append(device) }
      }
    }
    let rank = Dictionary(folderOrder.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }) { first, _ in first }
    let ordered = all.enumerated().sorted { a, b in
      (rank[a.element.device] ?? Int.max, a.offset) < (rank[b.element.device] ?? Int.max, b.offset)
    }
    facts["ansible_all_ipv4_addresses"] = .array(ordered.map { .string($0.element.address) })
    facts["ansible_interfaces"] = .array(order.map(JSONValue.string))
    for (device, info) in interfaces {
      facts["ansible_" + device.replacingOccurrences(of: "-", with: "_")] = .object(info)
    }
    // `default via 192.0.2.1 dev eth0 ...`
    var defaultIPv4: [String: JSONValue] = [:]
    if let words = route.first?.split(separator: " ").map(String.init), let dev = words.firstIndex(of: "dev"), dev + 1 < words.count {
      let device = words[dev + 1]
      defaultIPv4["interface"] = .string(device)
      defaultIPv4["alias"] = .string(device)
      if let via = words.firstIndex(of: "via"), via + 1 < words.count { defaultIPv4["gateway"] = .string(words[via + 1]) }
      if let info = interfaces[device] {
        if case let .object(ipv4)? = info["ipv4"] { defaultIPv4.merge(ipv4) { $1 } }
        for key in ["macaddress", "mtu", "type"] { if let value = info[key] { defaultIPv4[key] = value } }
      }
    }
    facts["ansible_default_ipv4"] = .object(defaultIPv4)
    return facts
  }

  static func netmask(_ prefix: Int) -> String {
    let bits: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
    return dotted(bits)
  }

  static func network(_ address: String, _ prefix: Int) -> String {
    let parts = address.split(separator: ".").compactMap { UInt32($0) }
    guard parts.count == 4 else { return "" }
    let value = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
    return dotted(value & mask)
  }

  static func dotted(_ value: UInt32) -> String {
    [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xff) }.joined(separator: ".")
  }
}
