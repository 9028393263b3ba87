import Foundation
import SwiftPlayCore

/// An archive's members as GNU tar (`tar -tv --full-time`) or zipinfo (`zipinfo -T -s`)
/// list them, and how they compare with what is in the destination folder: type, size and
/// modification time (regular files), link target, permission bits, owner and group when
/// asked for. Pure: the parsers read recorded output in the unit tests.
struct ArchiveListing: Sendable, Equatable {
  enum Kind: Sendable, Equatable { case file, directory, link, hardLink, other }

  struct Member: Sendable, Equatable {
    var name: String
    var kind: Kind
    var mode: Int
    var size: Int
    /// Local time as `YYYY-MM-DD HH:MM:SS`, the form both listings and `stat %y` give.
    var mtime: String
    var linkTarget: String?
  }

  var members: [Member] = []

  /// `-rw-r--r-- user/group 12 2024-03-05 10:11:13 name` (`-> target` for a symlink,
  /// `link to target` for a hard link).
  static func parseTar(_ output: String) -> ArchiveListing {
    var listing = ArchiveListing()
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
      guard fields.count == 6, fields[0].count == 10, let mode = permissionBits(fields[0].dropFirst()) else { continue }
      var name = String(fields[5])
      var target: String?
      var kind: Kind
      switch fields[0].first {
      case "-": kind = .file
      case "d": kind = .directory
      case "l":
        kind = .link
        if let arrow = name.range(of: " -> ") {
          target = String(name[arrow.upperBound...])
          name = String(name[..<arrow.lowerBound])
        }
      case "h":
        kind = .hardLink
        if let link = name.range(of: " link to ") {
          target = String(name[link.upperBound...])
          name = String(name[..<link.lowerBound])
        }
      default: kind = .other
      }
      let size = Int(fields[2]) ?? 0
      listing.members.append(Member(
        name: name, kind: kind, mode: mode, size: size, mtime: "\(fields[3]) \(fields[4])", linkTarget: target))
    }
    return listing
  }

  /// `-rw-r--r--  3.0 unx  6 tx stor 20240305.101113 name`; header and footer lines and
  /// entries without Unix permissions are skipped (FAT entries get 0666/0777 as unzip does).
  static func parseZip(_ output: String) -> ArchiveListing {
    var listing = ArchiveListing()
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true)
      guard fields.count == 8, [7, 8, 10].contains(fields[0].count), fields[6].count == 15,
        let type = fields[0].first, "dl-?".contains(type)
      else { continue }
      let name = String(fields[7])
      let kind: Kind = name.hasSuffix("/") ? .directory : type == "l" ? .link : .file
      var mode = permissionBits(fields[0].dropFirst()) ?? 0
      if fields[0].count != 10 {
        mode = kind == .directory || fields[0].dropFirst().hasPrefix("rwx") ? 0o777 : 0o666
      }
      let stamp = Array(fields[6])
      let mtime = String(stamp[0..<4]) + "-" + String(stamp[4..<6]) + "-" + String(stamp[6..<8]) + " "
        + String(stamp[9..<11]) + ":" + String(stamp[11..<13]) + ":" + String(stamp[13..<15])
      listing.members.append(Member(name: name, kind: kind, mode: mode, size: Int(fields[3]) ?? 0, mtime: mtime))
    }
    return listing
  }

  /// `rwxr-xr-x` (with s/S/t/T) to bits; nil for anything else.
  static func permissionBits(_ text: Substring) -> Int? {
    let characters = Array(text.prefix(9))
    guard characters.count == 9 else { return nil }
    var bits = 0
    for (index, character) in characters.enumerated() {
      let bit = 1 << (8 - index)
      let position = index % 3
      switch (position, character) {
      case (0, "r"), (1, "w"), (2, "x"): bits |= bit
      case (_, "-"): break
      case (2, "s"), (2, "t"):
        bits |= bit
        bits |= index == 2 ? 0o4000 : index == 5 ? 0o2000 : 0o1000
      case (2, "S"), (2, "T"): bits |= index == 2 ? 0o4000 : index == 5 ? 0o2000 : 0o1000
      default: return nil
      }
    }
    return bits
  }

  /// What is at a member's path in the destination, from `stat -c '%f|%s|%y|%u|%g|%U|%G'`.
  struct Found: Sendable, Equatable {
    var kind: Kind
    var mode: Int
    var size: Int
    var mtime: String
    var uid: Int
    var gid: Int
    var owner: String
    var group: String
    var linkTarget: String?

    static func parse(_ line: Substring) -> Found? {
      let fields = line.split(separator: "|", maxSplits: 6, omittingEmptySubsequences: false)
      guard fields.count == 7, let raw = Int(fields[0], radix: 16) else { return nil }
      let kinds: [Int: Kind] = [0o100000: .file, 0o040000: .directory, 0o120000: .link]
      return Found(
        kind: kinds[raw & 0o170000] ?? .other, mode: raw & 0o7777, size: Int(fields[1]) ?? 0,
        mtime: String(fields[2].prefix(19)), uid: Int(fields[3]) ?? -1, gid: Int(fields[4]) ?? -1,
        owner: String(fields[5]), group: String(fields[6]))
    }
  }

  /// What the comparison asks of the destination: wanted mode, owner, group (nil: as
  /// the archive or the extracting user leaves them), and keep_newer.
  struct Wanted: Sendable {
    var mode: FileMode?
    var owner: String?
    var group: String?
    var keepNewer = false
  }

  /// One line per member that differs, in the itemized form Ansible's zip diff uses
  /// (`>f++++++.?? name` for a missing one); empty when everything is in place.
  func differences(_ found: [String: Found], wanted: Wanted) -> [String] {
    var lines: [String] = []
    for member in members {
      let letter = member.kind == .directory ? "d" : member.kind == .link ? "L" : "f"
      guard let there = found[member.name] else {
        lines.append(">\(letter)++++++.?? \(member.name)")
        continue
      }
      let expectedKind: Kind = member.kind == .hardLink ? .file : member.kind
      if expectedKind != .other && there.kind != expectedKind {
        lines.append("c\(letter)++++++.?? \(member.name)")
        continue
      }
      var item = Array(".\(letter).......??")
      if member.kind == .file || member.kind == .hardLink {
        if wanted.keepNewer {
          if there.mtime < member.mtime { item[4] = "t" }
        } else if there.mtime != member.mtime {
          item[4] = "t"
        }
        if !wanted.keepNewer || there.mtime < member.mtime, member.kind == .file, there.size != member.size { item[3] = "s" }
      }
      if member.kind == .link, let target = member.linkTarget, let actual = there.linkTarget, target != actual { item[2] = "c" }
      if member.kind != .link {
        let mode = wanted.mode?.resolve(current: there.mode, isDirectory: there.kind == .directory) ?? member.mode
        if mode != there.mode { item[5] = "p" }
        if let owner = wanted.owner, owner != there.owner, owner != String(there.uid) { item[6] = "o" }
        if let group = wanted.group, group != there.group, group != String(there.gid) { item[7] = "g" }
      }
      if String(item) != ".\(letter).......??" { lines.append("\(String(item)) \(member.name)") }
    }
    return lines
  }
}
