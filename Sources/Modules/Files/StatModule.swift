import Foundation
import SwiftPlayCore
import ValueModel

/// Reports what is at a path (type, mode, owner, size, times, checksum) without changing
/// anything; one shell command on the host gathers it all.
///
/// ```yaml
/// - name: is the config there
///   ansible.builtin.stat:
///     path: /etc/app.conf
///   register: conf
/// - ansible.builtin.debug:
///     msg: "{{ conf.stat.checksum }}"
///   when: conf.stat.exists and conf.stat.mode == "0640"
/// ```
package struct StatModule: Module {
  package static let name = "stat"
  /// Not implemented natively: `get_attributes` (lsattr).
  package static let argumentSpec = ArgumentSpec([
    .path("path", aliases: ["dest", "name"], required: true), .bool("follow", default: false),
    .bool("get_checksum", default: true),
    .str(
      "checksum_algorithm", default: "sha1", choices: ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
      aliases: ["checksum", "checksum_algo"]),
    .bool("get_mime", default: true, aliases: ["mime", "mime_type", "mime-type"]),
  ])

  let path: String
  let follow: Bool
  let checksumAlgorithm: String?
  let getMime: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    path = values.string("path") ?? ""
    follow = values.bool("follow")
    checksumAlgorithm = values.bool("get_checksum") ? values.string("checksum_algorithm") : nil
    getMime = values.bool("get_mime")
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    let outcome = try await target.run(command)
    guard let stat = Self.parse(outcome.stdout, path: path) else {
      return ModuleResult(changed: false, values: ["stat": .dict(["exists": false])])
    }
    return ModuleResult(changed: false, values: ["stat": .dict(stat)])
  }

  /// The stat line, then `key=value` lines: access tests, link source, checksum, mime.
  var command: String {
    var lines = [
      "p=\(ShellQuote.quote(path))",
      "[ -e \"$p\" ] || [ -h \"$p\" ] || exit 0",
      follow
        ? "stat -L -c '\(PathState.format)' -- \"$p\" 2>/dev/null || stat -c '\(PathState.format)' -- \"$p\""
        : "stat -c '\(PathState.format)' -- \"$p\"",
      "echo; [ -r \"$p\" ] && echo readable=1; [ -w \"$p\" ] && echo writeable=1; [ -x \"$p\" ] && echo executable=1",
      "if [ -h \"$p\" ]; then echo \"lnk_target=$(readlink -- \"$p\")\"; echo \"lnk_source=$(readlink -f -- \"$p\")\"; fi",
    ]
    if let algorithm = checksumAlgorithm {
      lines.append("if [ -f \"$p\" ] && [ -r \"$p\" ]; then echo \"checksum=$(\(algorithm)sum < \"$p\" | cut -d' ' -f1)\"; fi")
    }
    if getMime {
      lines.append("if command -v file >/dev/null 2>&1; then echo \"mime=$(file -b -L --mime -- \"$p\" 2>/dev/null)\"; fi")
    }
    return lines.joined(separator: "\n")
  }

  /// Builds Ansible's `stat` mapping from what `command` printed; nil when nothing is there.
  static func parse(_ output: String, path: String) -> ValueDict? {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, let state = PathState.parseLine(first) else { return nil }
    var extra: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let equals = line.firstIndex(of: "=") else { continue }
      extra[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    let mode = state.mode
    var stat: ValueDict = [
      "exists": true, "path": .string(path), "mode": .string(FileMode.text(mode)),
      "isdir": .bool(state.kind == .directory), "isreg": .bool(state.kind == .file), "islnk": .bool(state.kind == .link),
      "isblk": .bool(state.kind == .block), "ischr": .bool(state.kind == .character), "isfifo": .bool(state.kind == .fifo),
      "issock": .bool(state.kind == .socket),
      "uid": .int(state.uid), "gid": .int(state.gid), "pw_name": .string(state.owner), "gr_name": .string(state.group),
      "size": .int(state.size), "inode": .int(state.inode), "dev": .int(state.device), "nlink": .int(state.links),
      "blocks": .int(state.blocks), "block_size": .int(state.blockSize),
      "atime": .double(state.atime), "mtime": .double(state.mtime), "ctime": .double(state.ctime),
      "isuid": .bool(mode & 0o4000 != 0), "isgid": .bool(mode & 0o2000 != 0),
      "readable": .bool(extra["readable"] != nil), "writeable": .bool(extra["writeable"] != nil),
      "executable": .bool(extra["executable"] != nil),
    ]
    for (index, key) in ["xoth", "woth", "roth", "xgrp", "wgrp", "rgrp", "xusr", "wusr", "rusr"].enumerated() {
      stat[key] = .bool(mode & (1 << index) != 0)
    }
    if let target = extra["lnk_target"] { stat["lnk_target"] = .string(target) }
    if let source = extra["lnk_source"] { stat["lnk_source"] = .string(source) }
    if let checksum = extra["checksum"], !checksum.isEmpty { stat["checksum"] = .string(checksum) }
    if let mime = extra["mime"], !mime.isEmpty {
      // `text/plain; charset=us-ascii`
      let parts = mime.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      stat["mimetype"] = .string(parts[0])
      if let charset = parts.dropFirst().first(where: { $0.hasPrefix("charset=") }) {
        stat["charset"] = .string(String(charset.dropFirst("charset=".count)))
      }
    }
    return stat
  }
}
