import Foundation
import SwiftPlayCore
import ValueModel

/// get_url's requests: the checksum list, the HEAD of check mode, the download and the
/// placing of the downloaded file.
extension GetUrlModule {
  /// A scratch name in `folder` for one request's body.
  static func scratch(in folder: String) -> String {
    (folder.isEmpty ? "." : folder) + "/.swiftplay-get_url-\(UInt64.random(in: 0...UInt64.max))"
  }

  /// The folder the body is written to: tmp_dest, else beside dest so the rename onto it
  /// stays on one filesystem.
  func scratchFolder(intoFolder: Bool) -> String {
    if let tmpDest { return tmpDest }
    if intoFolder { return dest }
    let parent = FileModule.dirname(dest)
    return parent.isEmpty ? "." : parent
  }

  /// The text of a checksum file, downloaded as the file itself is.
  func fetchChecksumList(_ listURL: String, on target: Target) async throws(ConnectionError) -> Result<String, ErrorMessage> {
    let temp = Self.scratch(in: tmpDest ?? "/tmp")
    let (command, stdin) = request.command(url: listURL, output: temp)
    let transfer = DownloadRequest.Transfer.parse(try await target.run(command, stdin: stdin).stdout)
    let body = try await target.run("cat -- \(ShellQuote.quote(temp)) 2>/dev/null; rm -f -- \(ShellQuote.quote(temp))").stdout
    if let failure = requestFailure(transfer, url: listURL) { return .failure(ErrorMessage(text: failure)) }
    return .success(body)
  }

  struct ErrorMessage: Error {
    let text: String
  }

  /// Ansible's failure message for a request that did not bring a body; nil when it did.
  func requestFailure(_ transfer: DownloadRequest.Transfer, url: String) -> String? {
    if transfer.status == 0 && transfer.rc != 0 {
      return "Request failed: \(transfer.error.isEmpty ? "exit status \(transfer.rc)" : transfer.error)"
    }
    if !url.lowercased().hasPrefix("file:") && transfer.status != 200 && transfer.status != 304 {
      return "Request failed"
    }
    return nil
  }

  /// A HEAD request with If-Modified-Since from `dest`'s time: whether the server says 304.
  func notModified(on target: Target) async throws(ConnectionError) -> Bool {
    let temp = Self.scratch(in: tmpDest ?? "/tmp")
    let (command, stdin) = request.command(url: url, output: temp, head: true, timeCondition: dest)
    let outcome = try await target.run(command.replacingOccurrences(of: "\nexit 0", with: "\nrm -f -- \(ShellQuote.quote(temp))\nexit 0"), stdin: stdin)
    return DownloadRequest.Transfer.parse(outcome.stdout).status == 304
  }

  /// Downloads into a scratch file, verifies the checksum, and renames the file onto dest
  /// when its content differs; then sets mode, owner and group.
  func download(
    expected: String?, algorithm: String?, intoFolder: Bool, ifModifiedSince: Bool, values planned: ValueDict,
    on target: Target
  ) async throws(ConnectionError) -> ModuleResult {
    var values = planned
    values["dest"] = .string(dest)
    if let tmpDest {
      let kind = try await target.run("if [ -d \(ShellQuote.quote(tmpDest)) ]; then echo dir; elif [ -e \(ShellQuote.quote(tmpDest)) ]; then echo other; fi")
      switch kind.stdout.trimmingCharacters(in: .whitespacesAndNewlines) {
      case "dir": break
      case "other": return Self.failed("\(tmpDest) is a file but should be a directory.", values)
      default: return Self.failed("\(tmpDest) directory does not exist.", values)
      }
    }
    let temp = Self.scratch(in: scratchFolder(intoFolder: intoFolder))
    let quotedTemp = ShellQuote.quote(temp)
    let (command, stdin) = request.command(
      url: url, output: temp, timeCondition: ifModifiedSince ? dest : nil, digestProgram: algorithm.flatMap { ChecksumSpec.programs[$0] })
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try await target.run(command, stdin: stdin)
    values["elapsed"] = .int(Int((clock.now - start).components.seconds))
    let transfer = DownloadRequest.Transfer.parse(outcome.stdout)
    if transfer.status == 304 {
      _ = try await target.run("rm -f -- \(quotedTemp)")
      values["msg"] = "HTTP Error 304: Not Modified"
      values["status_code"] = 304
      return ModuleResult(changed: false, values: values)
    }
    if let failure = requestFailure(transfer, url: url) {
      _ = try await target.run("rm -f -- \(quotedTemp)")
      if failure == "Request failed" {
        values["status_code"] = .int(transfer.status)
        values["response"] = .string("HTTP Error \(transfer.status): \(transfer.reason)")
      }
      return Self.failed(failure, values)
    }
    guard let sha1 = transfer.sha1 else { return Self.failed("Request failed", values) }
    values["src"] = .string(temp)
    values["checksum_src"] = .string(sha1)
    var path = dest
    if intoFolder {
      let effective = transfer.effectiveURL.isEmpty ? url : transfer.effectiveURL
      let name = transfer.disposition ?? Self.urlFilename(effective)
      path = dest.hasSuffix("/") ? dest + name : dest + "/" + name
    }
    values["dest"] = .string(path)
    if let expected, transfer.digest != expected {
      // dest is left as it was: the scratch file never reaches it.
      _ = try await target.run("rm -f -- \(quotedTemp)")
      return Self.failed("The checksum for \(temp) did not match \(expected); it was \(transfer.digest ?? "").", values)
    }
    let placed = try await target.run(placeCommand(temp: temp, path: path, sha1: sha1, newMode: 0o666 & ~transfer.umask))
    let lines = placed.stdout.split(separator: "\n").map(String.init)
    func value(_ key: String) -> String? { lines.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) } }
    if let destSum = value("dsum") { values["checksum_dest"] = .string(destSum) }
    switch value("fail") {
    case "noparent": return Self.failed("Destination \(FileModule.dirname(path)) does not exist", values)
    case "unwritable": return Self.failed("Destination \(path) is not writable", values)
    default: break
    }
    guard placed.rc == 0, lines.contains("placed") else {
      _ = try await target.run("rm -f -- \(quotedTemp)")
      return Self.failed("failed to copy \(temp) to \(path): \(placed.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", values)
    }
    if let backup = value("backup") { values["backup_file"] = .string(backup) }
    if let md5 = value("md5") { values["md5sum"] = .string(md5) }
    if let line = value("stat"), let state = PathState.parseLine(Substring(line)) { values.merge(state.attributeValues) { $1 } }
    values["msg"] = .string("OK (\(transfer.size.map(String.init) ?? "unknown") bytes)")
    values["status_code"] = isFileURL ? .null : .int(transfer.status)
    return ModuleResult(changed: lines.contains("moved") || lines.contains("attributes"), values: values)
  }

  /// Renames the scratch file onto `path` unless `path` has the same SHA-1 (a new file gets
  /// the umask's mode, a replaced one keeps its mode and owner), makes the backup, sets the
  /// attributes and reads back what is there;
  /// it prints `placed` when all went well.
  func placeCommand(temp: String, path: String, sha1: String, newMode: Int) -> String {
    let t = ShellQuote.quote(temp)
    var lines = [
      "d=\(ShellQuote.quote(path)); t=\(t); dsum=",
      "case \"$d\" in */*) parent=\"${d%/*}\" ;; *) parent=. ;; esac",
      "if [ -e \"$d\" ]; then",
      "  [ -w \"$d\" ] || { echo fail=unwritable; rm -f -- \"$t\"; exit 0; }",
      "  dsum=$(sha1sum < \"$d\" | cut -d' ' -f1); echo \"dsum=$dsum\"",
      "elif [ ! -d \"${parent:-/}\" ]; then echo fail=noparent; rm -f -- \"$t\"; exit 0; fi",
    ]
    lines += ["if [ \"$dsum\" = \(ShellQuote.quote(sha1)) ]; then rm -f -- \"$t\"; else"]
    if backup {
      lines.append("  if [ -e \"$d\" ]; then b=\"$d.$$.$(date +%Y-%m-%d@%H:%M:%S)~\"; cp -p -- \"$d\" \"$b\" || exit 1; echo \"backup=$b\"; fi")
    }
    lines += [
      "  if [ -e \"$d\" ]; then chmod \"$(stat -L -c %a -- \"$d\")\" -- \"$t\"; chown \"$(stat -L -c %u:%g -- \"$d\")\" -- \"$t\" 2>/dev/null",
      "  else chmod 0\(FileMode.text(newMode)) -- \"$t\"; fi",
      "  mv -f -- \"$t\" \"$d\" || exit 1; echo moved",
      "fi",
      "before=$(stat -L -c '%a %u %g' -- \"$d\")",
    ]
    lines += attributes.commands(forShellWord: "\"$d\"").map { "\($0) || exit 1" }
    lines += [
      "[ \"$before\" = \"$(stat -L -c '%a %u %g' -- \"$d\")\" ] || echo attributes",
      "echo \"md5=$(md5sum < \"$d\" | cut -d' ' -f1)\"",
      "echo \"stat=$(stat -L -c '\(PathState.format)' -- \"$d\" 2>/dev/null || stat -L -c '\(PathState.plainFormat)' -- \"$d\")\"",
      "echo placed",
    ]
    return lines.joined(separator: "\n")
  }

  static func failed(_ message: String, _ values: ValueDict) -> ModuleResult {
    var values = values
    values["msg"] = .string(message)
    return ModuleResult(changed: false, failed: true, values: values)
  }

  /// The attributes of a file whose content is already right: ok, or a change of mode,
  /// owner or group with Ansible's "but file attributes changed" message.
  func attributePlan(
    _ path: String, _ state: PathState, values planned: ValueDict, message: String = "file already exists",
    on target: Target
  ) async throws(ConnectionError) -> ModulePlan {
    var values = planned
    values.merge(state.attributeValues) { $1 }
    values["msg"] = .string(message)
    let changes = try await attributes.changes(path, state, on: target)
    if let failure = changes.failure { return FileModule.failure(failure, values) }
    guard !changes.isEmpty else { return .unchanged(values) }
    var before = changes.before, after = changes.after
    before["path"] = .string(path)
    after["path"] = .string(path)
    let diff: [ValueDict] = [["before": .dict(before), "after": .dict(after)]]
    if message == "file already exists" { values["msg"] = "file already exists but file attributes changed" }
    let script = (["set -e"] + changes.commands + [PathState.command(path, follow: true)]).joined(separator: "\n")
    let planned = values
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      let outcome = try await target.run(script)
      guard outcome.rc == 0 else { return Self.failed(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines), planned) }
      var result = planned
      if let now = PathState.parse(outcome.stdout) { result.merge(now.attributeValues) { $1 } }
      return ModuleResult(changed: true, values: result, diff: diff)
    }
  }
}
