import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's `devices` and `device_links` facts: every entry of /sys/block with its
/// vendor, model, size, partitions, holders and /dev/disk links, read as Ansible's Linux
/// hardware collector reads them (sysfs text, stripped; a missing file is null).
enum SetupDeviceFacts {
  /// The per-device sysfs files, relative to the device's folder.
  static let deviceFiles = [
    "device/vendor", "device/model", "device/sas_address", "device/sas_device_handle", "device/serial", "removable",
    "queue/discard_max_hw_bytes", "queue/discard_granularity", "queue/rotational", "queue/scheduler",
    "queue/logical_block_size", "queue/hw_sector_size", "size",
  ]

  static let sections: [SetupCollector.Section] = [
    .init("lspci", "command -v lspci >/dev/null 2>&1 && lspci -D 2>/dev/null"),
    .init("disklinks", "for t in ids:by-id uuids:by-uuid labels:by-label; do d=/dev/disk/${t#*:}; [ -d \"$d\" ] || continue; "
      + "echo \"@@disklinks ${t%%:*}\"; for e in \"$d\"/*; do [ -L \"$e\" ] && echo \"${e##*/} $(readlink \"$e\")\"; done; done; "
      + "echo @@masters; for s in /sys/block/*/slaves/*; do [ -e \"$s\" ] || [ -L \"$s\" ] && echo \"$s\"; done"),
    // One find lists the devices (with their sysfs links) in folder order, one grep
    // reads every small file: a fork per device and file would cost seconds.
    .init("blockdevices", "[ -d /sys/block ] && echo listed; echo @@blocklist; find /sys/block -mindepth 1 -maxdepth 1 -printf '%f %l\\n' 2>/dev/null; "
      + "echo @@blockfiles; grep -sH '' " + deviceFiles.map { "/sys/block/*/\($0)" }.joined(separator: " ")
      + " /sys/block/*/*/start /sys/block/*/*/size /sys/block/*/*/queue/logical_block_size /sys/block/*/*/queue/hw_sector_size; "
      + "echo @@blockentries; for b in /sys/block/*; do [ -L \"$b\" ] || for e in \"$b\"/*; do echo \"$e\"; done; done; "
      + "echo @@blockholders; for h in /sys/block/*/holders/dm-* /sys/block/*/*/holders/dm-*; do [ -e \"$h\" ] && echo \"$h $(cat \"$h/dm/name\" 2>/dev/null)\"; done; "
      + "sg=$(command -v sg_inq 2>/dev/null) && for b in /sys/block/*; do echo \"@@sg_inq ${b##*/}\"; \"$sg\" \"/dev/${b##*/}\" 2>/dev/null "
      + "| sed -n 's/.*[Ss]erial number:[[:space:]]*\\([[:alnum:]_]*\\).*/\\1/p' | head -n 1; done"),
  ]

  /// `/dev/disk/by-*` links by the device they point at, each list sorted, as Ansible.
  static func links(_ output: SetupOutput) -> [String: [String: [String]]] {
    var result: [String: [String: [String]]] = ["ids": [:], "uuids": [:], "labels": [:], "masters": [:]]
    for kind in ["ids", "uuids", "labels"] {
      var map: [String: Set<String>] = [:]
      for line in output["disklinks " + kind] {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { continue }
        map[URL(fileURLWithPath: String(parts[1])).lastPathComponent, default: []].insert(String(parts[0]))
      }
      result[kind] = map.mapValues { $0.sorted() }
    }
    var masters: [String: Set<String>] = [:]
    for path in output["masters"] {
      let elements = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      guard elements.count > 5 else { continue }
      masters[elements[5], default: []].insert(elements[3])
    }
    result["masters"] = masters.mapValues { $0.sorted() }
    return result
  }

  static func parse(_ output: SetupOutput) -> ValueDict {
    guard output.first("blockdevices") == "listed" else { return ["devices": .dict([:])] }
    let links = links(output)
    var facts: ValueDict = ["device_links": .dict(ValueDict(sortingKeys: links.mapValues { .dict(ValueDict(sortingKeys: $0.mapValues { .list($0.map(Value.string)) })) }))]
    var wwn: [String: String] = [:]
    for line in output["disklinks ids"] where line.hasPrefix("wwn-") {
      let parts = line.split(separator: " ", maxSplits: 1)
      if parts.count == 2 { wwn[URL(fileURLWithPath: String(parts[1])).lastPathComponent] = String(parts[0].dropFirst(4)) }
    }
    let uuidLinks = output["disklinks uuids"].compactMap { line -> (String, String)? in
      let parts = line.split(separator: " ", maxSplits: 1)
      return parts.count == 2 ? (URL(fileURLWithPath: String(parts[1])).lastPathComponent, String(parts[0])) : nil
    }
    let files = output.grepped("blockfiles")
    let entries = output["blockentries"]
    var holders: [String: [Value]] = [:]
    for line in output["blockholders"] {
      // `/sys/block/<disk>[/<partition>]/holders/dm-N name`
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      let path = parts[0]
      guard let range = path.range(of: "/holders/") else { continue }
      let name = parts.count > 1 && !parts[1].trimmingCharacters(in: .whitespaces).isEmpty ? parts[1].trimmingCharacters(in: .whitespaces) : URL(fileURLWithPath: path).lastPathComponent
      holders[String(path[..<range.lowerBound]), default: []].append(.string(name))
    }
    func linkFacts(_ name: String) -> Value {
      .dict(ValueDict(sortingKeys: links.mapValues { .list(($0[name] ?? []).map(Value.string)) }))
    }
    var devices: ValueDict = [:]
    for line in output["blocklist"] {
      let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      let name = parts[0]
      let link = parts.count > 1 ? parts[1] : ""
      let base = "/sys/block/" + name
      let sysdir = "/sys/block/" + (link.isEmpty ? name : link)
      func content(_ key: String) -> Value { files[base + "/" + key].map(Value.string) ?? .null }
      var device: ValueDict = [:]
      let ownEntries = entries.filter { $0.hasPrefix(base + "/") }.map { URL(fileURLWithPath: $0).lastPathComponent }
      device["virtual"] = .int(link.isEmpty && ownEntries.contains { $0.contains("device") } ? 0 : 1)
      device["links"] = linkFacts(name)
      for key in ["vendor", "model", "sas_address", "sas_device_handle"] { device[key] = content("device/" + key) }
      if output.has("sg_inq " + name) {
        if let serial = output.first("sg_inq " + name), !serial.isEmpty { device["serial"] = .string(serial) }
      } else if let serial = files[base + "/device/serial"] {
        device["serial"] = .string(serial)
      }
      device["removable"] = content("removable")
      device["support_discard"] = files[base + "/queue/discard_max_hw_bytes"] == "0" ? "0" : content("queue/discard_granularity")
      if let id = wwn[URL(fileURLWithPath: sysdir).lastPathComponent] { device["wwn"] = .string(id) }
      var partitions: ValueDict = [:]
      let pattern = NSRegularExpression.escapedPattern(for: name) + "p?[0-9]+"
      let partitionFolders = Set(files.keys.filter { $0.hasPrefix(base + "/") && $0.hasSuffix("/start") }.map {
        URL(fileURLWithPath: $0).deletingLastPathComponent().lastPathComponent
      })
      for folder in partitionFolders.sorted() {
        guard let match = folder.range(of: pattern, options: .regularExpression) else { continue }
        let partition = String(folder[match])
        let prefix = base + "/" + partition + "/"
        let sectorSize = files[prefix + "queue/logical_block_size"] ?? files[prefix + "queue/hw_sector_size"] ?? "512"
        let sectors = (Int(files[prefix + "size"] ?? "0") ?? 0) * 512 / max(1, Int(sectorSize) ?? 512)
        partitions[partition] = .dict([
          "links": linkFacts(partition), "start": .string(files[prefix + "start"] ?? "0"), "sectorsize": .string(sectorSize),
          "sectors": .int(sectors), "size": .string(humanSize(Double(sectors) * Double(Int(sectorSize) ?? 512))),
          "uuid": uuidLinks.first { $0.0 == partition }.map { .string($0.1) } ?? .null,
          "holders": .list(holders[base + "/" + partition] ?? []),
        ])
      }
      device["partitions"] = .dict(partitions)
      device["rotational"] = content("queue/rotational")
      var scheduler = ""
      if let text = files[base + "/queue/scheduler"], let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]"), open < close {
        scheduler = String(text[text.index(after: open)..<close])
      }
      device["scheduler_mode"] = .string(scheduler)
      let sectorSize = files[base + "/queue/logical_block_size"] ?? files[base + "/queue/hw_sector_size"] ?? "512"
      device["sectorsize"] = .string(sectorSize)
      let sectors = (Int(files[base + "/size"] ?? "0") ?? 0) * 512 / max(1, Int(sectorSize) ?? 512)
      device["sectors"] = .int(sectors)
      device["size"] = .string(humanSize(Double(sectors) * Double(Int(sectorSize) ?? 512)))
      device["host"] = .string(host(sysdir: sysdir, lspci: output["lspci"]))
      device["holders"] = .list(holders[base] ?? [])
      devices[URL(fileURLWithPath: sysdir).lastPathComponent] = .dict(device)
    }
    facts["devices"] = .dict(devices)
    return facts
  }

  static func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }

  /// The PCI controller's description from `lspci -D`, when the device sits on PCI.
  static func host(sysdir: String, lspci: [String]) -> String {
    guard !lspci.isEmpty,
      let regex = try? NSRegularExpression(pattern: #".+/([a-f0-9]{4}:[a-f0-9]{2}:[0|1][a-f0-9]\.[0-7])/"#),
      let match = regex.firstMatch(in: sysdir, range: NSRange(sysdir.startIndex..., in: sysdir)),
      let range = Range(match.range(at: 1), in: sysdir)
    else { return "" }
    let id = String(sysdir[range])
    for line in lspci where line.hasPrefix(id) {
      let rest = line.dropFirst(id.count)
      if let first = rest.first, first.isWhitespace { return String(rest.dropFirst()) }
    }
    return ""
  }

  /// Ansible's bytes_to_human: two decimals and the largest unit the size reaches.
  static func humanSize(_ size: Double) -> String {
    let units: [(String, Double)] = [("YB", 0x1p80), ("ZB", 0x1p70), ("EB", 0x1p60), ("PB", 0x1p50), ("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10)]
    for (suffix, limit) in units where size >= limit { return String(format: "%.2f", size / limit) + " " + suffix }
    return String(format: "%.2f Bytes", size)
  }
}
