import Foundation
import SwiftPlayCore
import ValueModel

/// Downloads a file on the host itself, with curl (or wget where curl is missing), into a
/// temporary file beside `dest`; the checksum is verified there and the file is renamed
/// onto `dest` only when its content differs, so a second run reports ok.
///
/// As Ansible: with `force: false` (the default) an existing `dest` is asked for with
/// If-Modified-Since, and a given `checksum` that `dest` already matches means no request
/// at all. When `dest` is a folder the file is named by the server's Content-Disposition
/// or else by the URL's last part (`index.html` when it has none). The password reaches
/// curl in a config on its standard input, never on a command line.
///
/// Check mode requests nothing but a HEAD with If-Modified-Since where `force: false` meets
/// an existing `dest` (a 304 is ok); a `file://` source is compared by its checksum;
/// anything else reports it would download.
///
/// ```yaml
/// - name: the release, checked
///   ansible.builtin.get_url:
///     url: https://example.com/app-1.2.tar.gz
///     dest: /opt/app/app-1.2.tar.gz
///     checksum: sha256:https://example.com/SHA256SUMS
///     mode: "0644"
///     headers: {X-Token: "{{ token }}"}
///     url_username: deploy
///     url_password: "{{ vault_password }}"
/// ```
package struct GetUrlModule: PlannedModule {
  package static let name = "get_url"
  /// Not implemented natively: `force_basic_auth`, `unredirected_headers`, and
  /// `use_gssapi: true` (refused below).
  package static let argumentSpec = ArgumentSpec(
    [
      .str("url", required: true), .path("dest", required: true), .bool("backup", default: false),
      .str("checksum", default: ""), .int("timeout", default: 10), .dict("headers"), .path("tmp_dest"),
      .bool("force", default: false), .str("url_username", aliases: ["username"]),
      .str("url_password", aliases: ["password"], noLog: true), .bool("validate_certs", default: true),
      .bool("use_proxy", default: true), .str("http_agent", default: "ansible-httpget"),
      .bool("decompress", default: true), .bool("use_netrc", default: true), .list("ciphers", of: .str),
      .path("client_cert"), .path("client_key"), .bool("use_gssapi", default: false),
    ] + FileAttributes.options)

  let url: String
  let dest: String
  let checksum: String
  let force: Bool
  let backup: Bool
  let tmpDest: String?
  let request: DownloadRequest
  let attributes: FileAttributes

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    url = values.string("url") ?? ""
    dest = values.string("dest") ?? ""
    checksum = values.string("checksum") ?? ""
    force = values.bool("force")
    backup = values.bool("backup")
    tmpDest = values.string("tmp_dest").flatMap { $0.isEmpty ? nil : $0 }
    if values.bool("use_gssapi") {
      throw ModuleError.beyondNative(module: Self.name, message: "use_gssapi is not supported: swiftplay downloads with curl on the host; drop the option")
    }
    let pairs = values.dict("headers") ?? [:]
    let headers = pairs.keys.sorted().map { ($0, pairs[$0]?.plainText ?? "") }
    request = DownloadRequest(
      headers: headers, timeout: values.int("timeout") ?? 10, username: values.string("url_username"),
      password: values.string("url_password"), validateCerts: values.bool("validate_certs"),
      useProxy: values.bool("use_proxy"), agent: values.string("http_agent") ?? "ansible-httpget",
      decompress: values.bool("decompress"), useNetrc: values.bool("use_netrc"), ciphers: values.strings("ciphers"),
      clientCert: values.string("client_cert"), clientKey: values.string("client_key"))
    attributes = try FileAttributes(values)
  }

  /// What the probe of `dest` found.
  struct Probe: Sendable, Equatable {
    var isDirectory = false
    var state: PathState?
    var sha1: String?
    var digest: String?
    var parentExists = false
    /// The SHA-1 of a `file://` source, read in place.
    var sourceSha1: String?
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    var base: ValueDict = [
      "url": .string(Self.masked(url)), "dest": .string(dest), "elapsed": 0, "checksum_dest": .null, "checksum_src": .null,
    ]
    var spec: ChecksumSpec?
    if !checksum.isEmpty {
      switch ChecksumSpec.parse(checksum) {
      case let .failure(error): return FileModule.failure(error.message, base)
      case let .success(parsed): spec = parsed
      }
    }
    var expected: String?
    if let spec {
      guard ChecksumSpec.programs[spec.algorithm] != nil else {
        return FileModule.failure(
          "Could not hash file '\(dest)' with algorithm '\(spec.algorithm)'. Available algorithms: "
            + ChecksumSpec.programs.keys.sorted().joined(separator: ", "), base)
      }
      switch spec.value {
      case let .digest(hex): expected = hex
      case let .url(listURL):
        switch try await fetchChecksumList(listURL, on: target) {
        case let .failure(message): return FileModule.failure(message.text, base)
        case let .success(text):
          let filename = Self.urlFilename(url)
          guard let found = ChecksumSpec.digest(in: text, for: filename), let hex = ChecksumSpec.normalized(found) else {
            return FileModule.failure("Unable to find a checksum for file '\(filename)' in '\(Self.masked(listURL))'", base)
          }
          expected = hex
        }
      }
    }
    let probe = Self.parseProbe(try await target.run(probeCommand(algorithm: spec?.algorithm)).stdout)
    var mismatch = false
    if !probe.isDirectory, let state = probe.state {
      if !force, let expected {
        if probe.digest == expected {
          return try await attributePlan(dest, state, values: base, on: target)
        }
        mismatch = true
      }
    }
    let ifModifiedSince = !probe.isDirectory && probe.state != nil && !force && !mismatch && !isFileURL
    let shownDest = probe.isDirectory ? (dest.hasSuffix("/") ? dest : dest + "/") + Self.urlFilename(url) : dest
    base["dest"] = .string(shownDest)
    if !probe.isDirectory && !probe.parentExists {
      // As in Ansible, check mode reports the download (an earlier task of the same run
      // may make the folder); the real run fails.
      let missing = base
      return ModulePlan(result: ModuleResult(changed: true, values: base)) { _ async throws(ConnectionError) in
        ModuleResult(changed: false, failed: true, values: missing.merging(["msg": .string("Destination \(FileModule.dirname(self.dest)) does not exist")]) { $1 })
      }
    }
    if ifModifiedSince, try await notModified(on: target) {
      base["msg"] = "HTTP Error 304: Not Modified"
      base["status_code"] = 304
      base["dest"] = .string(dest)
      return .unchanged(base)
    }
    if isFileURL, !probe.isDirectory, let source = probe.sourceSha1, source == probe.sha1, let state = probe.state {
      // The same bytes are already there: only attributes can change, as after a download.
      var values = base
      values["checksum_src"] = .string(source)
      values["checksum_dest"] = .string(source)
      return try await attributePlan(dest, state, values: values, message: "OK (\(state.size) bytes)", on: target)
    }
    let planned = base
    let lastModified = ifModifiedSince
    let (wantedDigest, algorithm) = (expected, spec?.algorithm)
    return ModulePlan(result: ModuleResult(changed: true, values: base)) { target async throws(ConnectionError) in
      try await self.download(
        expected: wantedDigest, algorithm: algorithm, intoFolder: probe.isDirectory, ifModifiedSince: lastModified,
        values: planned, on: target)
    }
  }

  var isFileURL: Bool { url.lowercased().hasPrefix("file:") }

  /// One command: whether `dest` is a folder, its stat line, SHA-1 and the checksum's
  /// digest, whether its folder exists, and the SHA-1 of a `file://` source.
  func probeCommand(algorithm: String?) -> String {
    var lines = [
      "p=\(ShellQuote.quote(dest))",
      "if [ -d \"$p\" ]; then echo dir=yes; fi",
      "if [ -e \"$p\" ] && [ ! -d \"$p\" ]; then echo \"stat=$(stat -L -c '\(PathState.format)' -- \"$p\" 2>/dev/null || stat -L -c '\(PathState.plainFormat)' -- \"$p\")\"",
      "  [ -r \"$p\" ] && echo \"sha1=$(sha1sum < \"$p\" | cut -d' ' -f1)\"",
    ]
    if let program = algorithm.flatMap({ ChecksumSpec.programs[$0] }) {
      lines.append("  [ -r \"$p\" ] && echo \"digest=$(\(program) < \"$p\" | cut -d' ' -f1)\"")
    }
    lines += [
      "fi",
      "case \"$p\" in */*) parent=\"${p%/*}\" ;; *) parent=. ;; esac",
      "[ -d \"${parent:-/}\" ] && echo parent=yes",
    ]
    if isFileURL, let path = Self.filePath(url) {
      lines.append("s=\(ShellQuote.quote(path)); [ -f \"$s\" ] && [ -r \"$s\" ] && echo \"source=$(sha1sum < \"$s\" | cut -d' ' -f1)\"")
    }
    lines.append("exit 0")
    return lines.joined(separator: "\n")
  }

  static func parseProbe(_ output: String) -> Probe {
    var probe = Probe()
    for line in output.split(separator: "\n") {
      if line == "dir=yes" { probe.isDirectory = true }
      if line.hasPrefix("stat=") { probe.state = PathState.parseLine(line.dropFirst(5)) }
      if line.hasPrefix("sha1=") { probe.sha1 = String(line.dropFirst(5)) }
      if line.hasPrefix("digest=") { probe.digest = String(line.dropFirst(7)) }
      if line == "parent=yes" { probe.parentExists = true }
      if line.hasPrefix("source=") { probe.sourceSha1 = String(line.dropFirst(7)) }
    }
    return probe
  }

  /// Ansible's name for a download into a folder without Content-Disposition: the URL
  /// path's last part, or `index.html`.
  static func urlFilename(_ url: String) -> String {
    let path = URLComponents(string: url)?.path ?? ""
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    return name.isEmpty ? "index.html" : (name.removingPercentEncoding ?? name)
  }

  /// The local path of a `file://` URL.
  static func filePath(_ url: String) -> String? {
    guard let components = URLComponents(string: url), components.scheme?.lowercased() == "file" else { return nil }
    return components.percentEncodedPath.removingPercentEncoding ?? components.path
  }

  /// The URL as results show it: a password in it replaced, as Ansible masks it.
  static func masked(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "********"
    return components.string ?? url
  }
}
