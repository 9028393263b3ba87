import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's `mounts` fact: each mount of a device (a path, a `host:/path` share), with
/// its statvfs figures and file system UUID, and `bind` added to a bind mount's options.
enum SetupMountFacts {
  /// The mount table Ansible reads (/etc/mtab, else /proc/mounts), lsblk's and
  /// findmnt's listings, then per mount its statvfs figures (`stat -f`: block size,
  /// fundamental block size, blocks, available blocks, inodes, free inodes), limited
  /// to `gather_timeout` seconds as Ansible's mount workers are.
  static func sections(_ options: SetupOptions) -> [SetupCollector.Section] {
    [
      .init("mtab", "if [ -e /etc/mtab ]; then cat /etc/mtab; else cat /proc/mounts; fi 2>/dev/null"),
      .init("lsblk", "command -v lsblk >/dev/null 2>&1 && lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null"),
      .init("findmnt", "command -v findmnt >/dev/null 2>&1 && findmnt --list --noheadings --notruncate 2>/dev/null"),
      .init("statvfs", "t=\(max(1, options.gatherTimeout)); command -v timeout >/dev/null 2>&1 && tm=\"timeout $t\" || tm=; "
        + "u=$(command -v udevadm 2>/dev/null); "
        + "{ if [ -e /etc/mtab ]; then cat /etc/mtab; else cat /proc/mounts; fi; } 2>/dev/null | while read -r dev mnt fstype rest; do "
        + "case $dev in /*|\\\\*|*:/*) ;; *) continue;; esac; [ \"$fstype\" = none ] && continue; m=$(printf '%b' \"$mnt\"); "
        + "s=$($tm stat -f -c '%s %S %b %f %a %c %d' \"$m\" 2>/dev/null); r=$?; id=; "
        + "[ -n \"$u\" ] && id=$(udevadm info --query property --name \"$dev\" 2>/dev/null | sed -n 's/^ID_FS_UUID=//p' | head -n 1); "
        + "printf '%s\\t%s\\t%s\\t%s\\n' \"$mnt\" \"$r\" \"$s\" \"$id\"; done"),
    ]
  }

  /// `\040` and the other octal escapes the kernel writes in mount table fields.
  static func unescape(_ field: String) -> String {
    guard field.contains("\\") else { return field }
    var result = ""
    var characters = Substring(field)
    while let slash = characters.firstIndex(of: "\\") {
      result += characters[..<slash]
      let digits = characters[characters.index(after: slash)...].prefix(3)
      if digits.count == 3, digits.allSatisfy({ ("0"..."7").contains($0) }), let code = UInt32(digits, radix: 8), let scalar = Unicode.Scalar(code) {
        result.unicodeScalars.append(scalar)
        characters = characters[characters.index(slash, offsetBy: 4)...]
      } else {
        result.append("\\")
        characters = characters[characters.index(after: slash)...]
      }
    }
    return result + characters
  }

  static func parse(_ output: SetupOutput) -> [Value] {
    var uuids: [String: String] = [:]
    for line in output["lsblk"] {
      let fields = line.trimmingCharacters(in: .whitespaces).split(whereSeparator: \.isWhitespace)
      guard fields.count >= 2, let uuid = fields.last else { continue }
      let device = fields.dropLast().joined(separator: " ")
      if uuids[device] == nil { uuids[device] = String(uuid) }
    }
    var bindMounts: Set<String> = []
    for line in output["findmnt"] {
      let fields = line.split(whereSeparator: \.isWhitespace)
      if fields.count >= 2, fields[1].contains("]") { bindMounts.insert(String(fields[0])) }
    }
    var statvfs: [String: (status: String, numbers: [Int], uuid: String)] = [:]
    for line in output["statvfs"] {
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard parts.count >= 4 else { continue }
      statvfs[parts[0]] = (parts[1], parts[2].split(separator: " ").compactMap { Int($0) }, parts[3])
    }
    var mounts: [Value] = []
    for line in output["mtab"] {
      let raw = line.split(whereSeparator: \.isWhitespace).map(String.init)
      guard raw.count >= 4 else { continue }
      let fields = raw.map(unescape)
      let (device, mount, fstype) = (fields[0], fields[1], fields[2])
      guard device.hasPrefix("/") || device.hasPrefix("\\") || device.contains(":/"), fstype != "none" else { continue }
      var options = fields[3]
      if bindMounts.contains(mount), options.range(of: #"bind.*""#, options: .regularExpression) == nil { options += ",bind" }
      var info: ValueDict = [
        "mount": .string(mount), "device": .string(device), "fstype": .string(fstype), "options": .string(options),
        "dump": .int(Int(fields.count > 4 ? fields[4] : "0") ?? 0), "passno": .int(Int(fields.count > 5 ? fields[5] : "0") ?? 0),
      ]
      let probe = statvfs[raw[1]]
      if probe?.status == "124" {
        info["note"] = "Could not get extra information due to timeout"
      } else {
        if let numbers = probe?.numbers, numbers.count == 7 {
          let (blockSize, fragment, blocks, available, inodes, freeInodes) = (numbers[0], numbers[1], numbers[2], numbers[4], numbers[5], numbers[6])
          info.merge([
            "size_total": .int(fragment * blocks), "size_available": .int(fragment * available), "block_size": .int(blockSize),
            "block_total": .int(blocks), "block_available": .int(available), "block_used": .int(blocks - available),
            "inode_total": .int(inodes), "inode_available": .int(freeInodes), "inode_used": .int(inodes - freeInodes),
          ]) { $1 }
        }
        let udev = probe?.uuid ?? ""
        info["uuid"] = .string(uuids[device] ?? (udev.isEmpty ? "N/A" : udev))
      }
      mounts.append(.dict(info))
    }
    return mounts
  }

  /// Ansible's warning for each mount whose size query ran out of time.
  static func warnings(_ output: SetupOutput) -> [String] {
    output["statvfs"].compactMap { line in
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
      return parts.count >= 2 && parts[1] == "124" ? "Timeout exceeded when getting mount info for \(unescape(String(parts[0])))" : nil
    }
  }
}
