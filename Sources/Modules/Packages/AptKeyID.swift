import Foundation

/// A key id as Ansible's apt_key takes it: 8 hex digits (a short id), 16 (a long id) or
/// more (a fingerprint), with an optional `0x`. Keys are looked for by their long ids (the
/// last 16 digits), or by short ids when an 8-digit id was given.
struct AptKeyID: Equatable, Sendable {
  /// The id upper-cased without `0x`: Ansible's `key_id`.
  let full: String
  /// The last 8 digits: Ansible's `short_id`.
  let short: String
  /// The last 16 digits, or the whole id when shorter: Ansible's `fp`.
  let fingerprint: String

  /// Nil when the text is not hexadecimal or not 8, 16 or more than 16 digits long.
  init?(_ text: String) {
    var id = text.trimmingCharacters(in: .whitespaces).uppercased()
    if id.hasPrefix("0X") { id.removeFirst(2) }
    guard !id.isEmpty, id.allSatisfy(\.isHexDigit), id.count == 8 || id.count >= 16 else { return nil }
    full = id
    short = String(id.suffix(8))
    fingerprint = String(id.suffix(16))
  }

  /// An 8-digit id is compared with the short ids of the keys.
  var isShort: Bool { full.count == 8 }

  /// The ids a key list is compared with: short ids for a short id, else long ids.
  func listed(_ longIDs: [String]) -> [String] {
    isShort ? longIDs.map { String($0.suffix(8)) } : longIDs
  }

  /// Whether the key is among the keys listed by their long ids.
  func isIn(_ longIDs: [String]) -> Bool {
    listed(longIDs).contains(isShort ? short : fingerprint)
  }

  /// The keys of gpg's `--with-colons` listing: each primary key's fingerprint with the
  /// long ids of the key and its subkeys that have not expired (validity `e`, as apt-key
  /// leaves out keys listed `[expired]`).
  static func keys(inListing output: Substring) -> [(fingerprint: String, ids: [String])] {
    var keys: [(fingerprint: String, ids: [String])] = []
    var expectingFingerprint = false
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard fields.count > 4 else { continue }
      switch fields[0] {
      case "pub":
        keys.append(("", fields[1] == "e" ? [] : [fields[4]]))
        expectingFingerprint = true
      case "sub":
        if !keys.isEmpty && fields[1] != "e" { keys[keys.count - 1].ids.append(fields[4]) }
        expectingFingerprint = false
      case "fpr":
        if expectingFingerprint, fields.count > 9 { keys[keys.count - 1].fingerprint = fields[9] }
        expectingFingerprint = false
      default:
        break
      }
    }
    return keys
  }

  /// The id of the first key of a listing, expired or not: the key a file or data holds.
  static func firstID(inListing output: Substring) -> String? {
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: ":", omittingEmptySubsequences: false)
      if fields.count > 4, fields[0] == "pub" || fields[0] == "sub" { return String(fields[4]) }
    }
    return nil
  }
}
