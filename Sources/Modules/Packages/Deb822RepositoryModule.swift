import Foundation
import SwiftPlayCore
import ValueModel

/// An apt source in deb822 form, /etc/apt/sources.list.d/`NAME`.sources, written as
/// Ansible's deb822_repository writes it (no python3-debian needed). `signed_by` is a key
/// file on the host, key text, fingerprints, or a URL: the key is then downloaded on the
/// host (curl or wget) to /etc/apt/keyrings/`NAME`.asc (`.gpg` when not armored) and the
/// source points to that file. `state: absent` removes the file and those keys. Like
/// Ansible's, it does not refresh the cache: follow it with `apt: update_cache: true`.
/// `--diff` shows the file.
///
/// ```yaml
/// - ansible.builtin.deb822_repository:
///     name: docker
///     uris: https://download.docker.com/linux/debian
///     suites: bookworm
///     components: stable
///     signed_by: https://download.docker.com/linux/debian/gpg
/// - ansible.builtin.apt:
///     update_cache: true
/// ```
package struct Deb822RepositoryModule: PlannedModule {
  package static let name = "deb822_repository"
  static let flags = [
    "allow_downgrade_to_insecure", "allow_insecure", "allow_weak", "by_hash", "check_date", "check_valid_until", "enabled",
    "pdiffs", "trusted",
  ]
  static let lists = ["architectures", "components", "languages", "suites", "targets", "types", "uris"]
  /// Ansible 2.19's options (it has no `install_python_debian` any more, nor has this).
  package static let argumentSpec = ArgumentSpec(
    flags.map { ArgumentOption.bool($0) } + lists.filter { $0 != "types" }.map { ArgumentOption.list($0, of: .str) } + [
      .list("types", of: .str, default: ["deb"], choices: ["deb", "deb-src"]), .int("date_max_future"),
      .str("inrelease_path"), .str("name", required: true), .str("signed_by"), .raw("mode", default: "0644"),
      .str("state", default: "present", choices: ["absent", "present"]),
    ])
  static let keyrings = "/etc/apt/keyrings"

  let slug: String
  let present: Bool
  let mode: FileMode
  /// Every option that goes into the file except `signed_by`, which may need the host.
  let options: [String: Deb822Source.Field]
  let signedBy: String?

  var dest: String { "/etc/apt/sources.list.d/\(slug).sources" }

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let name = values.string("name") ?? ""
    slug = Deb822Source.slug(name)
    present = values.string("state") == "present"
    mode = try FileMode.parse(values["mode"], module: Self.name) ?? .absolute(0o644)
    var options: [String: Deb822Source.Field] = ["name": .text(name)]
    for key in Self.flags { if let flag = values.optionalBool(key) { options[key] = .flag(flag) } }
    for key in Self.lists { if let items = values.strings(key) { options[key] = .list(items) } }
    if let number = values.int("date_max_future") { options["date_max_future"] = .number(number) }
    if let path = values.string("inrelease_path") { options["inrelease_path"] = .text(path) }
    self.options = options
    signedBy = values.string("signed_by")
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    present ? try await planPresent(on: target) : try await planAbsent(on: target)
  }

  func planAbsent(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let paths = [dest, "\(Self.keyrings)/\(slug).asc", "\(Self.keyrings)/\(slug).gpg"]
    let probe = try await target.run(paths.map { "[ ! -e \(ShellQuote.quote($0)) ] || echo \(ShellQuote.quote($0))" }.joined(separator: "; "))
    let existing = probe.stdout.split(separator: "\n").map(String.init)
    // Ansible's key_filename here is the last key path it looked at.
    let values: ValueDict = ["repo": .null, "dest": .string(dest), "key_filename": .string(paths[2])]
    guard !existing.isEmpty else { return .unchanged(values) }
    let diff: [ValueDict] = try await currentText(on: target).map { text in
      [["before": .string(text), "after": .string(""), "before_header": .string(dest), "after_header": .string("/dev/null")]]
    } ?? []
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      let removed = try await target.run("rm -f -- " + existing.map(ShellQuote.quote).joined(separator: " "))
      guard removed.rc == 0 else { return Self.failed("cannot remove \(existing.joined(separator: ", ")): \(removed.stderr)", values) }
      return ModuleResult(changed: true, values: values, diff: diff)
    }
  }

  func planPresent(on target: Target) async throws(ConnectionError) -> ModulePlan {
    var options = options
    var key: (path: String, bytes: [UInt8], changed: Bool)?
    if let signedBy {
      let isFile = try await target.run("[ -f \(ShellQuote.quote(signedBy)) ]").rc == 0
      if !isFile && Deb822Source.isURL(signedBy) {
        switch try await downloadKey(signedBy, on: target) {
        case let .failure(message): return FileModule.failure("Could not fetch signed_by key: \(message)")
        case let .success(found):
          key = found
          options["signed_by"] = .text(found.path)
        }
      } else {
        options["signed_by"] = .text(signedBy)
      }
    }
    let text = Deb822Source.render(options)
    let probe = try await target.run(RemoteTextFile.probe(dest))
    guard let (_, found) = RemoteTextFile.split(probe.stdout) else { return FileModule.failure("cannot read \(dest): \(probe.stderr)") }
    let exists = probe.stdout.hasSuffix(RemoteTextFile.marker + "\n") == false
    let bits = Int32(mode.resolve(current: Int(found.mode), isDirectory: false))
    let values: ValueDict = [
      "repo": .string(text), "dest": .string(dest), "key_filename": key.map { .string($0.path) } ?? .null,
    ]
    let textChanges = !exists || found.text != text
    guard textChanges || bits != found.mode || key?.changed == true else { return .unchanged(values) }
    let diff: [ValueDict] = textChanges
      ? [[
        "before": .string(exists ? found.text : ""), "after": .string(text),
        "before_header": .string(exists ? dest : "/dev/null"), "after_header": .string(dest),
      ]] : []
    let (dest, newKey) = (self.dest, key)
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      if let key = newKey, key.changed {
        let made = try await target.run("mkdir -p \(Self.keyrings) && chmod 0755 \(Self.keyrings)")
        guard made.rc == 0 else { return Self.failed("cannot create \(Self.keyrings): \(made.stderr)", values) }
        try await target.connection.upload(key.bytes, to: key.path, mode: 0o644)
      }
      if textChanges {
        try await target.connection.upload(Array(text.utf8), to: dest, mode: bits)
      } else if bits != found.mode {
        let changed = try await target.run("chmod \(String(bits, radix: 8)) \(ShellQuote.quote(dest))")
        guard changed.rc == 0 else { return Self.failed("cannot set the mode of \(dest): \(changed.stderr)", values) }
      }
      return ModuleResult(changed: true, values: values, diff: diff)
    }
  }

  /// The `.sources` file's text now; nil when it is not there.
  func currentText(on target: Target) async throws(ConnectionError) -> String? {
    let probe = try await target.run(RemoteTextFile.probe(dest))
    guard !probe.stdout.hasSuffix(RemoteTextFile.marker + "\n"), let (_, found) = RemoteTextFile.split(probe.stdout) else { return nil }
    return found.text
  }

  /// Downloads the key on the host (the URL goes on stdin, it may hold a password) and
  /// compares it with the keyring file it belongs in: `.asc` when armored, else `.gpg`.
  func downloadKey(_ url: String, on target: Target) async throws(ConnectionError)
    -> Result<(path: String, bytes: [UInt8], changed: Bool), RemoteDownload.Failure>
  {
    let fetched = try await target.run(RemoteDownload.script(validateCerts: true) + "; base64 \"$d\"; rm -f \"$d\"", stdin: Array((url + "\n").utf8))
    guard fetched.rc == 0, let bytes = Data(base64Encoded: fetched.stdout, options: .ignoreUnknownCharacters).map(Array.init) else {
      return .failure(RemoteDownload.Failure(message: fetched.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    let armored = String(decoding: bytes, as: UTF8.self).contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")
    let path = "\(Self.keyrings)/\(slug).\(armored ? "asc" : "gpg")"
    let current = try await target.run("[ -f \(ShellQuote.quote(path)) ] && stat -c %a \(ShellQuote.quote(path)) && base64 \(ShellQuote.quote(path))")
    let lines = current.stdout.split(separator: "\n", maxSplits: 1).map(String.init)
    let same = current.rc == 0 && lines.count == 2 && lines[0] == "644"
      && Data(base64Encoded: lines[1], options: .ignoreUnknownCharacters).map(Array.init) == bytes
    return .success((path, bytes, !same))
  }

  static func failed(_ message: String, _ values: ValueDict) -> ModuleResult {
    var values = values
    values["msg"] = .string(message)
    return ModuleResult(changed: false, failed: true, values: values)
  }
}
