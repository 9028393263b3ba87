import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// Copies a file from the host to the controller, as Ansible's fetch does: into
/// `dest/<inventory_hostname>/<src path>`, or to `dest` itself with `flat`. The SHA-1 of
/// the host's file and of the local copy decides whether anything is fetched. In check
/// mode it reports what it would fetch and writes nothing (Ansible skips the task).
///
/// ```yaml
/// - name: keep each host's kubeconfig
///   ansible.builtin.fetch:
///     src: /etc/kubernetes/admin.conf
///     dest: backups/            # backups/<host>/etc/kubernetes/admin.conf
/// - name: one file for all
///   ansible.builtin.fetch:
///     src: /etc/hostname
///     dest: "names/{{ inventory_hostname }}.txt"
///     flat: true
/// ```
package struct FetchModule: PlannedModule {
  package static let name = "fetch"
  /// `src` and `dest` are required, checked with the fetch action's own message.
  package static let argumentSpec = ArgumentSpec([
    .str("src"), .str("dest"), .bool("flat", default: false), .bool("fail_on_missing", default: true),
    .bool("validate_checksum", default: true),
  ])

  let src: String
  let dest: String
  let flat: Bool
  let failOnMissing: Bool
  let validateChecksum: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    guard let src = values.string("src"), let dest = values.string("dest") else {
      throw ModuleError(module: Self.name, message: "src and dest are required")
    }
    self.src = src
    self.dest = dest
    flat = values.bool("flat")
    failOnMissing = values.bool("fail_on_missing")
    validateChecksum = values.bool("validate_checksum")
  }

  /// What the host has at `src`: its path with `~` expanded, and what it is.
  enum Remote: Equatable {
    case file(path: String, checksum: String, mode: Int)
    case directory(path: String)
    case missing(path: String)
    case unreadable(path: String)
  }

  /// One command: `src` with a leading `~` expanded by the shell, then what it is and the
  /// SHA-1 of a readable file.
  func probeCommand() -> String {
    var word = ShellQuote.quote(src)
    if src == "~" {
      word = "~"
    } else if src.hasPrefix("~/") {
      word = "~/" + ShellQuote.quote(String(src.dropFirst(2)))
    }
    return [
      "p=\(word)", ProbeWord.echo("path", variable: "p"),
      "if [ -d \"$p\" ]; then echo kind=directory",
      "elif [ ! -e \"$p\" ]; then echo kind=missing",
      "elif [ ! -r \"$p\" ]; then echo kind=unreadable",
      "else echo \"mode=$(stat -L -c '%a' -- \"$p\")\"; echo \"sum=$(sha1sum < \"$p\" | cut -d' ' -f1)\"; fi",
      "exit 0",
    ].joined(separator: "\n")
  }

  static func parseProbe(_ output: String, src: String) -> Remote {
    var path = src
    var kind = "missing"
    var checksum: String?
    var mode = 0o644
    for line in output.split(separator: "\n") {
      if line.hasPrefix("path="), let decoded = ProbeWord.decode(line.dropFirst(5)) { path = decoded }
      if line.hasPrefix("kind=") { kind = String(line.dropFirst(5)) }
      if line.hasPrefix("sum=") { checksum = String(line.dropFirst(4)) }
      if line.hasPrefix("mode="), let bits = Int(line.dropFirst(5), radix: 8) { mode = bits }
    }
    if let checksum, checksum.count == 40 { return .file(path: path, checksum: checksum, mode: mode) }
    switch kind {
    case "directory": return .directory(path: path)
    case "unreadable": return .unreadable(path: path)
    default: return .missing(path: path)
    }
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let remote = Self.parseProbe(try await target.run(probeCommand()).stdout, src: src)
    let source: String
    let remoteChecksum: String
    let remoteMode: Int
    switch remote {
    case let .file(path, checksum, mode):
      source = path
      remoteChecksum = checksum
      remoteMode = mode
    case let .directory(path):
      return missing("remote file is a directory, fetch cannot work on directories", path, ignoredSuffix: true)
    case let .missing(path):
      return missing("the remote file does not exist, not transferring, ignored", path, ignoredSuffix: false)
    case let .unreadable(path):
      return missing("file is not readable: \(path)", path, ignoredSuffix: false)
    }
    let base = target.searchPaths.last ?? FileManager.default.currentDirectoryPath
    let host = target.templar.value(of: "inventory_hostname")?.plainText ?? target.hostName
    let local: String
    switch Self.localPath(dest: dest, source: source, flat: flat, host: host, base: base) {
    case let .success(path): local = path
    case let .failure(error): return FileModule.failure(error.description)
    }
    let existing = FileManager.default.contents(atPath: local).map { [UInt8]($0) }
    if let existing, Digest.sha1Hex(existing) == remoteChecksum {
      return .unchanged([
        "md5sum": .string(Digest.md5Hex(existing)), "file": .string(source), "dest": .string(local),
        "checksum": .string(remoteChecksum),
      ])
    }
    let planned: ValueDict = [
      "dest": .string(local), "file": .string(source), "remote_checksum": .string(remoteChecksum),
    ]
    let validate = validateChecksum
    return ModulePlan(result: ModuleResult(changed: true, values: planned)) { target async throws(ConnectionError) in
      let bytes: [UInt8]
      let becomes = target.connection.becomes
      if becomes {
        // As Ansible's slurp: base64 through the privileged command, so binary files survive.
        let read = try await target.run("base64 < \(ShellQuote.quote(source))")
        guard read.rc == 0, let data = Data(base64Encoded: read.stdout, options: .ignoreUnknownCharacters) else {
          return ModuleResult(changed: false, failed: true, values: [
            "msg": .string("could not read \(source): \(read.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"),
            "file": .string(source),
          ])
        }
        bytes = [UInt8](data)
      } else {
        bytes = try await target.connection.download(source)
      }
      // Ansible writes what slurp read with open(): the umask's mode, not the host file's.
      if let problem = Self.writeLocal(bytes, to: local, remoteMode: becomes ? 0o666 : remoteMode) {
        return ModuleResult(changed: false, failed: true, values: [
          "msg": .string("Failed to fetch the file: \(problem)"), "file": .string(source), "dest": .string(local),
        ])
      }
      let written = FileManager.default.contents(atPath: local).map { [UInt8]($0) } ?? []
      let checksum = Digest.sha1Hex(written)
      var values: ValueDict = [
        "md5sum": .string(Digest.md5Hex(written)), "dest": .string(local), "remote_md5sum": .null,
        "checksum": .string(checksum), "remote_checksum": .string(remoteChecksum),
      ]
      if validate && checksum != remoteChecksum {
        values["msg"] = "checksum mismatch"
        values["file"] = .string(source)
        return ModuleResult(changed: false, failed: true, values: values)
      }
      return ModuleResult(changed: true, values: values)
    }
  }

  /// Writes the fetched bytes beside `path` and renames them into place. A file already
  /// there keeps its mode; a new one gets the host file's permission bits (plus owner
  /// write) less the umask, as an sftp download leaves it. Returns what failed, if anything.
  static func writeLocal(_ bytes: [UInt8], to path: String, remoteMode: Int) -> String? {
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    } catch {
      return error.localizedDescription
    }
    var existing = stat()
    let keptMode: mode_t? = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : nil
    let scratch = (path as NSString).deletingLastPathComponent + "/.swiftplay-fetch-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(scratch, O_WRONLY | O_CREAT | O_EXCL, mode_t(remoteMode & 0o777 | 0o200))
    guard descriptor >= 0 else { return "cannot create \(scratch): \(String(cString: strerror(errno)))" }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      guard written > 0 else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        unlink(scratch)
        return "cannot write \(scratch): \(reason)"
      }
      offset += written
    }
    if let keptMode { fchmod(descriptor, keptMode) }
    close(descriptor)
    guard rename(scratch, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(scratch)
      return "cannot rename \(scratch) to \(path): \(reason)"
    }
    return nil
  }

  /// Nothing to fetch: a failure, or with `fail_on_missing: false` a note and ok.
  func missing(_ message: String, _ path: String, ignoredSuffix: Bool) -> ModulePlan {
    if failOnMissing { return FileModule.failure(message, ["file": .string(path)]) }
    let note = ignoredSuffix ? message + ", not transferring, ignored" : message
    return .unchanged(["msg": .string(note), "file": .string(path)])
  }

  struct PathError: Error, CustomStringConvertible {
    let description: String
  }

  /// Where the file goes on the controller, Ansible's way: `dest/<host>/<src>` with the
  /// path normalised, or with `flat` `dest` itself (`dest/<basename>` when it ends in `/`).
  /// A relative `dest` is taken from the playbook's folder.
  static func localPath(dest: String, source: String, flat: Bool, host: String, base: String) -> Result<String, PathError> {
    func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : base + "/" + path }
    func isDirectory(_ path: String) -> Bool {
      var flag: ObjCBool = false
      return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
    var path: String
    if flat {
      if isDirectory(absolute(dest)) && !dest.hasSuffix("/") {
        return .failure(PathError(
          description: "dest is an existing directory, use a trailing slash if you want to fetch src into that directory"))
      }
      path = dest
      if dest.hasSuffix("/") {
        path = dest + URL(fileURLWithPath: source).lastPathComponent
        if isDirectory(absolute(path)) {
          return .failure(PathError(
            description: "calculated dest '\(path)' is an existing directory, use another path that does not point to an existing directory"))
        }
      }
      path = absolute(path)
    } else {
      path = absolute(dest) + "/" + host + "/" + source
    }
    return .success(normalized(path))
  }

  /// Python's `os.path.normpath` for an absolute path.
  static func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}
