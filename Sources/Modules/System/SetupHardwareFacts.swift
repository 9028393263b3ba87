import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's Linux `hardware` collector: processors, memory, DMI, block devices, uptime,
/// LVM and mounts. Devices and mounts have their own files (SetupDeviceFacts,
/// SetupMountFacts); this one holds the collector and the smaller probes.
enum SetupHardwareFacts {
  static let hardware = SetupCollector(
    name: "hardware", factIDs: ["devices", "mounts", "processor", "processor_cores", "processor_count"], requires: ["platform"],
    sections: { options in
      [cpuinfoSection, .init("nproc", "nproc 2>/dev/null"), .init("xen", "[ -e /proc/xen ] && echo proc; fc /sys/hypervisor/type"),
       .init("meminfo", "fc /proc/meminfo"), dmiSection, .init("uptime", "fc /proc/uptime"), lvmSection]
        + SetupDeviceFacts.sections + SetupMountFacts.sections(options)
    },
    parse: { output, facts in
      var hardware = cpuFacts(output, architecture: facts["architecture"]?.plainText ?? "")
      hardware.merge(memoryFacts(output)) { $1 }
      hardware.merge(dmiFacts(output)) { $1 }
      hardware.merge(SetupDeviceFacts.parse(output)) { $1 }
      if let uptime = output.file("/proc/uptime")?.split(separator: " ").first, let seconds = Double(uptime) {
        hardware["uptime_seconds"] = .int(Int(seconds))
      }
      hardware["lvm"] = lvmFacts(output)
      hardware["mounts"] = .list(SetupMountFacts.parse(output))
      return hardware
    })

  /// Only the lines Ansible's parsers read; `flags` once (the first, and any that differs).
  static let cpuinfoSection = SetupCollector.Section(
    "cpuinfo",
    "awk -F: '{k=$1; sub(/[ \\t]+$/, \"\", k)} k == \"flags\" {if ($0 != f) {print; f = $0}; next} "
      + "k ~ /^(processor|model name|Processor|vendor_id|cpu|Vendor|physical id|core id|cpu cores|siblings|# processors|max thread id|ncpus active|machine)$/' /proc/cpuinfo 2>/dev/null")

  static func cpuFacts(_ output: SetupOutput, architecture: String) -> ValueDict {
    var facts: ValueDict = [:]
    let xen = output.first("xen") == "proc" || output.file("/sys/hypervisor/type")?.split(separator: "\n").first == "xen"
    var xenParavirt = false
    var processor: [Value] = []
    var (count, vendorCount, modelCount, processorCount) = (0, 0, 0, 0)
    var physicalID = "0", coreID = "0"
    var sockets: [(String, Int)] = [], cores: [(String, Int)] = []
    var zProcessors = 0, zThreads = 0
    func set(_ list: inout [(String, Int)], _ key: String, _ value: Int, onlyIfNew: Bool) {
      if let index = list.firstIndex(where: { $0.0 == key }) { if !onlyIfNew { list[index].1 = value } } else { list.append((key, value)) }
    }
    for line in output["cpuinfo"] {
      let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
      if xen && key == "flags" && !value.contains("vme") { xenParavirt = true }
      if key == "flags" { facts["flags"] = .list(value.split(whereSeparator: \.isWhitespace).map { .string(String($0)) }) }
      switch key {
      case "model name", "Processor", "vendor_id", "cpu", "Vendor", "processor":
        processor.append(.string(value))
        if key == "vendor_id" { vendorCount += 1 }
        if key == "model name" { modelCount += 1 }
        if key == "processor" { processorCount += 1 }
        count += 1
      case "physical id":
        physicalID = value
        set(&sockets, value, 1, onlyIfNew: true)
      case "core id":
        coreID = value
        // Ansible tests the core id against the sockets here, so a core id equal to a
        // socket id is never added.
        if !sockets.contains(where: { $0.0 == value }) { set(&cores, value, 1, onlyIfNew: false) }
      case "cpu cores": set(&sockets, physicalID, Int(value) ?? 0, onlyIfNew: false)
      case "siblings": set(&cores, coreID, Int(value) ?? 0, onlyIfNew: false)
      case "# processors": zProcessors = Int(value) ?? 0
      case "max thread id": zThreads = (Int(value) ?? 0) + 1
      case "ncpus active": count = Int(value) ?? count
      default: break
      }
    }
    facts["processor"] = .list(processor)
    if vendorCount > 0 && vendorCount == modelCount { count = vendorCount }
    if architecture.hasPrefix("armv") || architecture.hasPrefix("aarch") || architecture.hasPrefix("ppc") { count = processorCount }
    if architecture == "s390x" {
      facts["processor_count"] = 1
      facts["processor_cores"] = .int(zThreads == 0 ? 0 : Int((Double(zProcessors) / Double(zThreads)).rounded(.toNearestOrEven)))
      facts["processor_threads_per_core"] = .int(zThreads)
      facts["processor_vcpus"] = .int(zProcessors)
      facts["processor_nproc"] = .int(zProcessors)
    } else if xenParavirt {
      for key in ["processor_count", "processor_cores", "processor_vcpus", "processor_nproc"] { facts[key] = .int(count) }
      facts["processor_threads_per_core"] = 1
    } else {
      let sockets = sockets
      let processorCountValue = sockets.isEmpty ? count : sockets.count
      let coresPerSocket = (sockets.first?.1 ?? 0) != 0 ? sockets[0].1 : 1
      let threads = Int((Double(cores.first?.1 ?? 1) / Double(coresPerSocket)).rounded(.toNearestOrEven))
      facts["processor_count"] = .int(processorCountValue)
      facts["processor_cores"] = .int(coresPerSocket)
      facts["processor_threads_per_core"] = .int(threads)
      facts["processor_vcpus"] = .int(threads * processorCountValue * coresPerSocket)
      facts["processor_nproc"] = .int(processorCount)
    }
    // Ansible counts the processors this process may run on (sched_getaffinity), as nproc.
    if let nproc = output.first("nproc").flatMap({ Int($0) }) { facts["processor_nproc"] = .int(nproc) }
    return facts
  }

  static func memoryFacts(_ output: SetupOutput) -> ValueDict {
    guard let text = output.file("/proc/meminfo") else { return [:] }
    var facts: ValueDict = [:]
    var stats: [String: Int] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = String(parts[0])
      guard let kilobytes = Int(parts[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") else { continue }
      if ["MemTotal", "SwapTotal", "MemFree", "SwapFree"].contains(key) { facts[key.lowercased() + "_mb"] = .int(kilobytes / 1024) }
      if ["MemTotal", "SwapTotal", "MemFree", "SwapFree", "Buffers", "Cached", "SwapCached"].contains(key) {
        stats[key.lowercased()] = kilobytes / 1024
      }
    }
    func value(_ number: Int?) -> Value { number.map(Value.int) ?? .null }
    let realUsed = stats["memtotal"].flatMap { total in stats["memfree"].map { total - $0 } }
    var nocacheFree: Int?
    if let cached = stats["cached"], let free = stats["memfree"], let buffers = stats["buffers"] { nocacheFree = cached + free + buffers }
    let nocacheUsed = stats["memtotal"].flatMap { total in nocacheFree.map { total - $0 } }
    let swapUsed = stats["swaptotal"].flatMap { total in stats["swapfree"].map { total - $0 } }
    facts["memory_mb"] = .dict([
      "real": .dict(["total": value(stats["memtotal"]), "used": value(realUsed), "free": value(stats["memfree"])]),
      "nocache": .dict(["free": value(nocacheFree), "used": value(nocacheUsed)]),
      "swap": .dict(["total": value(stats["swaptotal"]), "free": value(stats["swapfree"]), "used": value(swapUsed), "cached": value(stats["swapcached"])]),
    ])
    return facts
  }

  /// Ansible's DMI facts and the sysfs file or dmidecode keyword each comes from.
  static let dmi: [(fact: String, file: String, keyword: String)] = [
    ("bios_date", "bios_date", "bios-release-date"), ("bios_vendor", "bios_vendor", "bios-vendor"),
    ("bios_version", "bios_version", "bios-version"), ("board_asset_tag", "board_asset_tag", "baseboard-asset-tag"),
    ("board_name", "board_name", "baseboard-product-name"), ("board_serial", "board_serial", "baseboard-serial-number"),
    ("board_vendor", "board_vendor", "baseboard-manufacturer"), ("board_version", "board_version", "baseboard-version"),
    ("chassis_asset_tag", "chassis_asset_tag", "chassis-asset-tag"), ("chassis_serial", "chassis_serial", "chassis-serial-number"),
    ("chassis_vendor", "chassis_vendor", "chassis-manufacturer"), ("chassis_version", "chassis_version", "chassis-version"),
    ("form_factor", "chassis_type", "chassis-type"), ("product_name", "product_name", "system-product-name"),
    ("product_serial", "product_serial", "system-serial-number"), ("product_uuid", "product_uuid", "system-uuid"),
    ("product_version", "product_version", "system-version"), ("system_vendor", "sys_vendor", "system-manufacturer"),
  ]

  static let formFactors = [
    "Unknown", "Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box", "Mini Tower", "Tower", "Portable", "Laptop",
    "Notebook", "Hand Held", "Docking Station", "All In One", "Sub Notebook", "Space-saving", "Lunch Box", "Main Server Chassis",
    "Expansion Chassis", "Sub Chassis", "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis", "Rack Mount Chassis",
    "Sealed-case PC", "Multi-system", "CompactPCI", "AdvancedTCA", "Blade", "Blade Enclosure", "Tablet", "Convertible", "Detachable",
    "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC",
  ]

  static let dmiFolder = "/sys/devices/virtual/dmi/id/"

  /// sysfs when the kernel has it, else dmidecode (one call per keyword, as Ansible).
  static let dmiSection = SetupCollector.Section(
    "dmi",
    "if [ -e \(dmiFolder)product_name ]; then echo sysfs; fc " + dmi.map { dmiFolder + $0.file }.joined(separator: " ")
      + " \(dmiFolder)product_family; elif command -v dmidecode >/dev/null 2>&1; then echo dmidecode; for k in "
      + dmi.map(\.keyword).joined(separator: " ")
      + "; do v=$(dmidecode -s $k 2>/dev/null) && { echo \"@@dmidecode $k\"; printf '%s\\n' \"$v\"; }; done; fi")

  static func dmiFacts(_ output: SetupOutput) -> ValueDict {
    var facts: ValueDict = [:]
    let mode = output.first("dmi")
    for entry in dmi {
      var value: String?
      if mode == "sysfs" {
        value = output.file(dmiFolder + entry.file)
        if entry.fact == "form_factor", let number = value {
          let index = Int(number) ?? -1
          value = index >= 0 && index < formFactors.count ? formFactors[index] : "unknown (\(number))"
        }
      } else if mode == "dmidecode", output.has("dmidecode " + entry.keyword) {
        value = output["dmidecode " + entry.keyword].filter { !$0.hasPrefix("#") }.joined()
      }
      facts[entry.fact] = .string(value ?? "NA")
    }
    return facts
  }

  /// LVM is read only as root, with vgs, lvs and pvs; without vgs Ansible says "N/A".
  static let lvmSection = SetupCollector.Section(
    "lvm",
    "if command -v vgs >/dev/null 2>&1; then echo present; if [ \"$(id -u)\" = 0 ]; then o='--noheadings --nosuffix --units g --separator ,'; "
      + "echo @@vgs; vgs $o 2>/dev/null; echo @@lvs; command -v lvs >/dev/null 2>&1 && lvs $o 2>/dev/null; "
      + "echo @@pvs; command -v pvs >/dev/null 2>&1 && pvs $o 2>/dev/null; fi; fi")

  static func lvmFacts(_ output: SetupOutput) -> Value {
    guard output.first("lvm") == "present", output.has("vgs") else { return "N/A" }
    func rows(_ name: String) -> [[String]] {
      output[name].map { $0.trimmingCharacters(in: .whitespaces).split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        .filter { $0.count > 1 }
    }
    var vgs: ValueDict = [:], lvs: ValueDict = [:], pvs: ValueDict = [:]
    for items in rows("vgs") where items.count >= 4 {
      vgs[items[0]] = .dict([
        "size_g": .string(items[items.count - 2]), "free_g": .string(items[items.count - 1]),
        "num_lvs": .string(items[2]), "num_pvs": .string(items[1]),
      ])
    }
    for items in rows("lvs") where items.count >= 4 { lvs[items[0]] = .dict(["size_g": .string(items[3]), "vg": .string(items[1])]) }
    for items in rows("pvs") where items.count >= 6 {
      pvs[items[0]] = .dict(["size_g": .string(items[4]), "free_g": .string(items[5]), "vg": .string(items[1])])
    }
    return .dict(["lvs": .dict(lvs), "vgs": .dict(vgs), "pvs": .dict(pvs)])
  }
}
