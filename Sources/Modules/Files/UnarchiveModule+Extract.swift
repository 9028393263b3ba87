import Foundation
import SwiftPlayCore
import ValueModel

/// unarchive's work on the host: which program reads the archive, what is in it, how
/// that compares with `dest`, and the unpacking.
extension UnarchiveModule {
  /// What `inspect` learned.
  struct Inspection: Sendable {
    var failure: String?
    /// Ansible's handler class name: ZipArchive, TgzArchive, TarArchive, ...
    var handler = ""
    /// tar's option for the compression (`-z`), empty for none or zip.
    var flag = ""
    var listing = ArchiveListing()
    var files: [String] = []
    var differences: [String] = []
    /// Members newer in dest than in the archive, left alone with keep_newer (zip).
    var newer: [String] = []
  }

  static let handlers = [
    "TgzArchive:-z", "TarArchive:", "TarBzipArchive:-j", "TarXzArchive:-J", "TarZstdArchive:--use-compress-program=zstd",
  ]

  /// Finds the handler and lists the archive (one command), then reads what is at each
  /// member's path in dest (a second one) and compares.
  func inspect(_ path: String, on target: Target) async throws(ConnectionError) -> Inspection {
    let s = ShellQuote.quote(path)
    let zipArguments = include.map(ShellQuote.quote) + (exclude.isEmpty ? [] : ["-x"] + exclude.map(ShellQuote.quote))
    let tarList = ["LC_ALL=C tar $flag -tv --full-time --quoting-style=literal"] + tarOptions() + ["-f", s]
      + include.map(ShellQuote.quote)
    let script = [
      "s=\(s)",
      "[ -e \"$s\" ] || { echo fail=missing; exit 0; }",
      "[ -r \"$s\" ] || { echo fail=unreadable; exit 0; }",
      "[ -s \"$s\" ] || { echo fail=empty; exit 0; }",
      "h=; flag=",
      "if command -v unzip >/dev/null 2>&1 && command -v zipinfo >/dev/null 2>&1 && unzip -l \"$s\" >/dev/null 2>&1; then h=ZipArchive",
      "elif ! tar --version 2>/dev/null | head -n 1 | grep -q GNU; then echo fail=notar; exit 0",
      "else for f in \(Self.handlers.joined(separator: " ")); do",
      "  if tar ${f#*:} -tf \"$s\" >/dev/null 2>&1; then h=${f%%:*}; flag=${f#*:}; break; fi",
      "done; fi",
      "[ -n \"$h\" ] || { echo fail=nohandler; exit 0; }",
      "echo \"handler=$h\"; echo \"flag=$flag\"; echo --listing",
      "if [ \"$h\" = ZipArchive ]; then zipinfo -T -s \"$s\" \(zipArguments.joined(separator: " ")); else \(tarList.joined(separator: " ")); fi",
      "exit 0",
    ].joined(separator: "\n")
    let output = try await target.run(script).stdout
    var inspection = Inspection()
    let parts = output.components(separatedBy: "--listing\n")
    for line in parts[0].split(separator: "\n") {
      if line.hasPrefix("fail=") { inspection.failure = failureMessage(String(line.dropFirst(5)), path: path) }
      if line.hasPrefix("handler=") { inspection.handler = String(line.dropFirst(8)) }
      if line.hasPrefix("flag=") { inspection.flag = String(line.dropFirst(5)) }
    }
    if inspection.failure != nil { return inspection }
    let text = parts.count > 1 ? parts[1] : ""
    var listing = inspection.handler == "ZipArchive" ? ArchiveListing.parseZip(text) : ArchiveListing.parseTar(text)
    listing.members = listing.members.compactMap { member in
      var member = member
      if member.name.hasPrefix("/") { member.name = String(member.name.drop { $0 == "/" }) }
      guard !member.name.isEmpty, keeps(member.name) else { return nil }
      return member
    }
    inspection.listing = listing
    inspection.files = listing.members.map(\.name)
    if listing.members.isEmpty {
      inspection.failure = "Failed to find handler for \"\(path)\". Make sure the required command to extract the file is installed.\n"
        + "Command found no files in archive. Empty archive files are not supported."
      return inspection
    }
    let (found, umask, uid) = try await readDestination(listing.members.map(\.name), on: target)
    if inspection.handler != "ZipArchive" && uid != 0 {
      // GNU tar run by anyone but root applies the umask to what it unpacks (unzip does
      // not): comparing with the archive's own modes would report a change on every run.
      listing.members = listing.members.map { member in
        var member = member
        member.mode &= ~umask
        return member
      }
    }
    let wanted = ArchiveListing.Wanted(mode: attributes.mode, owner: attributes.owner, group: attributes.group, keepNewer: keepNewer)
    inspection.differences = listing.differences(found, wanted: wanted)
    if keepNewer {
      inspection.newer = listing.members.filter { member in
        guard let there = found[member.name], there.kind == .file else { return false }
        return there.mtime > member.mtime
      }.map(\.name)
    }
    return inspection
  }

  /// Whether a member is unpacked: Python's fnmatch rules for exclude (and for include,
  /// which tar and zipinfo already applied; zip's names are filtered again as Ansible does).
  func keeps(_ name: String) -> Bool {
    let trimmed = exclude.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    if trimmed.contains(where: { fnmatch($0, name, FNM_NOESCAPE) == 0 }) { return false }
    return true
  }

  /// tar's options shared by listing and unpacking.
  func tarOptions() -> [String] {
    var options: [String] = []
    if !extraOptions.isEmpty { options += ["--show-transformed-names"] + extraOptions.map(ShellQuote.quote) }
    for pattern in exclude {
      options.append(ShellQuote.quote("--exclude=" + (pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern)))
    }
    return options
  }

  func failureMessage(_ code: String, path: String) -> String {
    switch code {
    case "missing": return "Source '\(path)' does not exist"
    case "unreadable": return "Source '\(path)' not readable"
    case "empty": return "Invalid archive '\(path)', the file is 0 bytes"
    case "notar":
      return "Failed to find handler for \"\(path)\". Make sure the required command to extract the file is installed.\n"
        + "Unable to find required 'unzip' or 'zipinfo' binary in the path, nor GNU tar"
    default:
      return "Failed to find handler for \"\(path)\". Make sure the required command to extract the file is installed.\n"
        + "Neither unzip nor GNU tar could read the archive"
    }
  }

  /// `stat` of each member's path in dest: names go in on standard input, one a line.
  func readDestination(
    _ names: [String], on target: Target
  ) async throws(ConnectionError) -> (found: [String: ArchiveListing.Found], umask: Int, uid: Int) {
    let script = [
      "d=\(ShellQuote.quote(dest))",
      "echo \"U$(umask) $(id -u)\"",
      "while IFS= read -r n; do",
      "  p=\"$d/$n\"; printf 'N%s\\n' \"$n\"",
      "  if [ -e \"$p\" ] || [ -h \"$p\" ]; then printf 'S%s\\n' \"$(stat -c '%f|%s|%y|%u|%g|%U|%G' -- \"$p\")\"",
      "    if [ -h \"$p\" ]; then printf 'T%s\\n' \"$(readlink -- \"$p\")\"; fi",
      "  fi",
      "done",
      "exit 0",
    ].joined(separator: "\n")
    let output = try await target.run(script, stdin: Array((names.joined(separator: "\n") + "\n").utf8)).stdout
    var found: [String: ArchiveListing.Found] = [:]
    var name: String?
    var umask = 0o022, uid = -1
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      switch line.first {
      case "N": name = String(line.dropFirst())
      case "S": if let name, let entry = ArchiveListing.Found.parse(line.dropFirst()) { found[name] = entry }
      case "T": if let name { found[name]?.linkTarget = String(line.dropFirst()) }
      case "U":
        let words = line.dropFirst().split(separator: " ")
        if words.count == 2 {
          umask = Int(words[0], radix: 8) ?? umask
          uid = Int(words[1]) ?? uid
        }
      default: break
      }
    }
    return (found, umask, uid)
  }

  /// Stages the archive again, unpacks it, sets mode, owner and group on every member and
  /// removes what it staged.
  func extract(
    _ archive: [UInt8]?, inspection: Inspection, values planned: ValueDict, on target: Target
  ) async throws(ConnectionError) -> ModuleResult {
    var values = planned
    let staged: Staged
    switch try await stage(archive, on: target) {
    case let .failure(message): return GetUrlModule.failed(message, values)
    case let .success(found): staged = found
    }
    values["src"] = .string(staged.path)
    let s = ShellQuote.quote(staged.path), d = ShellQuote.quote(dest)
    var words: [String]
    if inspection.handler == "ZipArchive" {
      let excluded = exclude + inspection.newer
      words = ["unzip", "-o"] + extraOptions.map(ShellQuote.quote) + [s] + (excluded.isEmpty ? [] : ["-x"] + excluded.map(ShellQuote.quote))
        + include.map(ShellQuote.quote) + ["-d", d]
    } else {
      words = ["tar", "--extract", "-C", d] + (inspection.flag.isEmpty ? [] : [inspection.flag]) + tarOptions()
        + (keepNewer ? ["--keep-newer-files"] : []) + ["-f", s] + include.map(ShellQuote.quote)
    }
    let command = (inspection.handler == "ZipArchive" ? "" : "LC_ALL=C ") + words.joined(separator: " ")
    let outcome = try await target.run(command)
    if staged.temporary { _ = try await target.run("rm -f -- \(s)") }
    values["extract_results"] = .dict([
      "cmd": .list(words.map { .string((try? ShellQuote.split($0).first) ?? $0) }), "rc": .int(outcome.rc),
      "out": .string(outcome.stdout), "err": .string(outcome.stderr),
    ])
    guard outcome.rc == 0 else { return GetUrlModule.failed("failed to unpack \(staged.path) to \(dest)", values) }
    if !attributes.isEmpty {
      let fixed = try await fixAttributes(inspection.files)
      if let failure = fixed { return GetUrlModule.failed(failure, values) }
    }
    return ModuleResult(changed: true, values: values)

    func fixAttributes(_ names: [String]) async throws(ConnectionError) -> String? {
      var all = names
      for name in names where name.contains("/") {
        let top = String(name.prefix { $0 != "/" })
        if !top.isEmpty && top != "." && !all.contains(top) && !all.contains(top + "/") { all.append(top) }
      }
      let script = [
        "d=\(ShellQuote.quote(dest))",
        "while IFS= read -r n; do",
        "  p=\"$d/$n\"; [ -h \"$p\" ] && continue; [ -e \"$p\" ] || continue",
      ] + attributes.commands(forShellWord: "\"$p\"").map { "  \($0) || exit 1" } + ["done"]
      let outcome = try await target.run(script.joined(separator: "\n"), stdin: Array((all.joined(separator: "\n") + "\n").utf8))
      return outcome.rc == 0 ? nil : outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}
