import Foundation
import SwiftPlayCore
import ValueModel

/// An OpenPGP key in an apt keyring, added or removed as Ansible's apt_key does, with gpg
/// on the host (package gnupg) instead of apt-key, which newer Debian and Ubuntu no longer
/// ship. The key comes from `file` (on the host), `data`, `url` (downloaded on the host
/// with curl or wget) or `keyserver`; `id` (8, 16 or more hex digits) says which key it
/// is, else it is read from the key. It is added when no key of the keyring has that id
/// (short ids compare with the last 8 digits, longer ones with the last 16), and removed
/// when one has. `keyring` names the keyring file, written in binary OpenPGP form that apt
/// reads (armored when the name ends in `.asc`); without it, keys go to the deprecated
/// /etc/apt/trusted.gpg, and trusted.gpg.d is searched too. A keyring left without keys
/// stays, empty, as with apt-key. Prefer `signed-by` keyrings in /etc/apt/keyrings with deb822_repository.
///
/// ```yaml
/// - ansible.builtin.apt_key:
///     url: https://download.example.com/key.asc
///     keyring: /etc/apt/keyrings/example.gpg
/// - ansible.builtin.apt_key:
///     id: 9FED2BCBDCD29CDF762678CBAED4B06F473041FA
///     keyring: /etc/apt/keyrings/example.gpg
///     state: absent
/// ```
package struct AptKeyModule: PlannedModule {
  package static let name = "apt_key"
  package static let argumentSpec = ArgumentSpec(
    [
      .str("id"), .str("url"), .str("data"), .path("file"), .path("keyring"), .bool("validate_certs", default: true),
      .str("keyserver"), .str("state", default: "present", choices: ["absent", "present"]),
    ],
    mutuallyExclusive: [["data", "file", "keyserver", "url"]])
  static let defaultKeyring = "/etc/apt/trusted.gpg"

  let id: String?
  let url: String?
  let data: String?
  let file: String?
  let keyring: String?
  let keyserver: String?
  let validateCerts: Bool
  let present: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    id = values.string("id")
    url = values.string("url")
    data = values.string("data")
    file = values.string("file")
    keyring = values.string("keyring")
    keyserver = values.string("keyserver")
    validateCerts = values.bool("validate_certs")
    present = values.string("state") == "present"
    if keyserver != nil && id == nil { throw ModuleError(module: Self.name, message: "Missing key_id, required with keyserver.") }
  }

  /// The keyring files searched: the one given, or trusted.gpg and trusted.gpg.d's.
  var searched: String {
    keyring.map(ShellQuote.quote) ?? "\(Self.defaultKeyring) /etc/apt/trusted.gpg.d/*.gpg /etc/apt/trusted.gpg.d/*.asc"
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    var values: ValueDict = ["id": id.map(Value.string) ?? .null]
    var given = id
    var script = AptKeyShell.prelude
    if id == nil { script += material + "echo --key--; g --with-colons --show-keys \"$k\" || exit 3\n" }
    script += "echo --keyrings--\n" + AptKeyShell.listing(searched)
    let probe = try await target.run(script, stdin: stdin)
    if probe.rc != 0 { return FileModule.failure(failure(probe.rc, probe.stderr), values) }
    guard let keyrings = probe.stdout.range(of: "--keyrings--\n") else { return FileModule.failure("cannot list keys: \(probe.stdout)", values) }
    if given == nil, let key = probe.stdout.range(of: "--key--\n") {
      given = AptKeyID.firstID(inListing: probe.stdout[key.upperBound..<keyrings.lowerBound])
      values["id"] = given.map(Value.string) ?? .null
    }
    guard let keyID = given.flatMap(AptKeyID.init) else { return FileModule.failure("Invalid key_id", values) }
    values["short_id"] = .string(keyID.short)
    values["fp"] = .string(keyID.fingerprint)
    values["key_id"] = .string(keyID.full)
    let files = AptKeyShell.files(probe.stdout[keyrings.upperBound...])
    let all = files.flatMap { $0.keys.flatMap(\.ids) }
    values["before"] = .list(keyID.listed(all).map(Value.string))

    let found = values
    if present {
      guard !keyID.isIn(all) else { return .unchanged(found) }
      let script = AptKeyShell.prelude + (keyserver == nil ? material : "")
        + AptKeyShell.add(to: keyring ?? Self.defaultKeyring, from: keyserver.map { ($0, keyID.full) }, what: source)
      let (stdin, searched) = (self.stdin, self.searched)
      return ModulePlan(result: ModuleResult(changed: true, values: found)) { target async throws(ConnectionError) in
        let added = try await target.run(script, stdin: stdin)
        if added.rc != 0 { return Self.failed(failure(added.rc, added.stderr), found) }
        return try await Self.verified(keyID, present: true, found, searched: searched, on: target)
      }
    }
    let holding = files.compactMap { file -> (path: String, fingerprints: [String])? in
      let matching = file.keys.filter { keyID.isIn($0.ids) }.map(\.fingerprint)
      return matching.isEmpty ? nil : (file.path, matching)
    }
    guard !holding.isEmpty else { return .unchanged(found) }
    let searched = self.searched
    return ModulePlan(result: ModuleResult(changed: true, values: found)) { target async throws(ConnectionError) in
      for file in holding {
        let removed = try await target.run(AptKeyShell.prelude + AptKeyShell.remove(file.fingerprints, from: file.path))
        if removed.rc != 0 {
          return Self.failed("Unable to remove a key with id \(keyID.short): \(removed.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", found)
        }
      }
      return try await Self.verified(keyID, present: false, found, searched: searched, on: target)
    }
  }

  /// Lists the keyrings again, as Ansible does, into `after`; fails when the key is not
  /// (or still) there.
  static func verified(
    _ keyID: AptKeyID, present: Bool, _ values: ValueDict, searched: String, on target: Target
  ) async throws(ConnectionError) -> ModuleResult {
    var values = values
    let listed = try await target.run(AptKeyShell.prelude + AptKeyShell.listing(searched))
    let all = AptKeyShell.files(Substring(listed.stdout)).flatMap { $0.keys.flatMap(\.ids) }
    values["after"] = .list(keyID.listed(all).map(Value.string))
    guard keyID.isIn(all) == present else {
      let what = present ? "failed to add the key" : "the key was not removed"
      return failed("apt-key did not return an error, but \(what) (check that the id is correct and *not* a subkey)", values)
    }
    return ModuleResult(changed: true, values: values)
  }

  /// Shell that leaves the key in the file `$k`: the file given, the data from stdin, or
  /// the download of the URL read from stdin.
  var material: String {
    if let file { return "k=\(ShellQuote.quote(file)); [ -r \"$k\" ] || { echo \"cannot read $k\" >&2; exit 3; }\n" }
    if data != nil { return "k=\"$h/key\"; cat > \"$k\"\n" }
    if url != nil { return RemoteDownload.script(validateCerts: validateCerts) + "\nk=\"$h/key\"; mv \"$d\" \"$k\" || exit 1\n" }
    return "echo 'no key given: set one of data, file, keyserver or url' >&2; exit 3\n"
  }

  /// What goes on stdin: the key data, or the URL (never on a command line).
  var stdin: [UInt8] {
    if let data { return Array(data.utf8) }
    if let url { return Array((url + "\n").utf8) }
    return []
  }

  /// The key's source as Ansible's messages name it.
  var source: String {
    if let file { return "file \(file)" }
    if data != nil { return "binary data" }
    return "url \(Self.masked(url ?? ""))"
  }

  /// Ansible's message for a failed step: exit 5 is the download, 3 reading the key, 4 gpg
  /// missing.
  func failure(_ code: Int, _ stderr: String) -> String {
    let reason = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    switch code {
    case 3: return "Unable to extract key from '\(data != nil ? "inline data" : file ?? Self.masked(url ?? ""))': \(reason)"
    case 5: return "Failed to download key at \(Self.masked(url ?? "")): \(reason)"
    default: return reason
    }
  }

  /// A URL with its user and password hidden, for messages.
  static func masked(_ url: String) -> String {
    guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
    return String(url[..<scheme.upperBound]) + "********" + String(url[at...])
  }

  static func failed(_ message: String, _ values: ValueDict) -> ModuleResult {
    var values = values
    values["msg"] = .string(message)
    return ModuleResult(changed: false, failed: true, values: values)
  }
}
