import Foundation
import SwiftPlayCore

/// One HTTP(S)/FTP/file request made on the host with curl, or wget where curl is missing.
/// Everything about the request (URL, headers, credentials) goes in a config on the
/// program's standard input (curl's `-K -`, a 0600 wgetrc for wget), so no secret is on a
/// command line. The shell prints `key=value` lines that `Transfer.parse` reads.
struct DownloadRequest: Sendable {
  var headers: [(String, String)] = []
  var timeout = 10
  var username: String?
  var password: String?
  var validateCerts = true
  var useProxy = true
  var agent = "ansible-httpget"
  var decompress = true
  var useNetrc = true
  var ciphers: [String]?
  var clientCert: String?
  var clientKey: String?

  /// What came back.
  struct Transfer: Sendable, Equatable {
    /// The program's exit status; 0 also for an HTTP error status.
    var rc = -1
    /// The last response's status code (0 for `file://`).
    var status = 0
    /// The last status line's reason, `Not Found`.
    var reason = ""
    var effectiveURL = ""
    /// The file name of a Content-Disposition header, without folders.
    var disposition: String?
    var error = ""
    var umask = 0o022
    var size: Int?
    var sha1: String?
    var digest: String?

    static func parse(_ output: String) -> Transfer {
      var transfer = Transfer()
      // Split on any line end: "\r\n" is one Character and would not match "\n".
      for line in output.split(whereSeparator: \.isNewline) {
        guard let equals = line.firstIndex(of: "=") else { continue }
        let key = line[..<equals], value = String(line[line.index(after: equals)...])
        switch key {
        case "rc": transfer.rc = Int(value) ?? -1
        case "code": transfer.status = Int(value.prefix(while: \.isNumber)) ?? 0
        case "url": transfer.effectiveURL = value
        case "status": transfer.reason = statusReason(value)
        case "disposition": transfer.disposition = dispositionFilename(value)
        case "err": transfer.error = value.trimmingCharacters(in: .whitespaces)
        case "umask": transfer.umask = Int(value, radix: 8) ?? 0o022
        case "size": transfer.size = Int(value)
        case "sha1": transfer.sha1 = value
        case "digest": transfer.digest = value
        default: break
        }
      }
      return transfer
    }

    /// `HTTP/1.0 404 File not found` → `File not found`.
    static func statusReason(_ line: String) -> String {
      let words = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2)
      return words.count == 3 ? String(words[2]) : ""
    }

    /// The `filename` parameter of a Content-Disposition header line, its folders dropped
    /// so a server cannot write elsewhere.
    static func dispositionFilename(_ line: String) -> String? {
      for part in line.split(separator: ";").dropFirst() {
        let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, pair[0].lowercased() == "filename" else { continue }
        var name = pair[1]
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        let base = name.split(separator: "/").last.map(String.init) ?? ""
        return base.isEmpty || base == "." || base == ".." ? nil : base
      }
      return nil
    }
  }

  /// A curl config value: quoted, with the escapes curl reads inside quotes.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out.append(character)
      }
    }
    return out + "\""
  }

  /// curl's config for this request.
  func curlConfig(url: String, output: String, headerFile: String, head: Bool, timeCondition: String?) -> String {
    var lines = [
      "url = \(Self.quoted(url))", "output = \(Self.quoted(output))", "dump-header = \(Self.quoted(headerFile))",
      "silent", "show-error", "location", "connect-timeout = \(timeout)", "speed-time = \(timeout)", "speed-limit = 1",
      "user-agent = \(Self.quoted(agent))", "write-out = \"code=%{http_code}\\nurl=%{url_effective}\\n\"",
    ]
    if head { lines.append("head") }
    if let timeCondition { lines.append("time-cond = \(Self.quoted(timeCondition))") }
    for (name, value) in headers { lines.append("header = \(Self.quoted("\(name): \(value)"))") }
    if let username { lines.append("user = \(Self.quoted(username + ":" + (password ?? "")))") }
    if !validateCerts { lines.append("insecure") }
    if !useProxy { lines.append("noproxy = \"*\"") }
    if decompress && !head { lines.append("compressed") }
    if useNetrc { lines.append("netrc-optional") }
    if let ciphers, !ciphers.isEmpty { lines.append("ciphers = \(Self.quoted(ciphers.joined(separator: ":")))") }
    if let clientCert { lines.append("cert = \(Self.quoted(clientCert))") }
    if let clientKey { lines.append("key = \(Self.quoted(clientKey))") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// wget's rc file for the same request (no If-Modified-Since there: wget always gets
  /// the body and get_url compares it).
  func wgetrc() -> String {
    var lines = ["timeout = \(timeout)", "user_agent = \(agent)", "max_redirect = 20"]
    for (name, value) in headers { lines.append("header = \(name): \(value)") }
    if let username {
      lines.append("user = \(username)")
      lines.append("password = \(password ?? "")")
    }
    if !validateCerts { lines.append("check_certificate = off") }
    if !useProxy { lines.append("use_proxy = off") }
    return lines.joined(separator: "\n") + "\n"
  }

  static let separator = "#--swiftplay-wget--"

  /// The shell command and its standard input. `output` gets the body; the command prints
  /// the transfer's lines, then the body's size, SHA-1 and `digestProgram` digest.
  func command(url: String, output: String, head: Bool = false, timeCondition: String? = nil, digestProgram: String? = nil)
    -> (command: String, stdin: [UInt8])
  {
    let side = output + ".h"
    let input = curlConfig(url: url, output: output, headerFile: side, head: head, timeCondition: timeCondition)
      + Self.separator + "\n" + wgetrc() + Self.separator + "\n" + url + "\n"
    let t = ShellQuote.quote(output), h = ShellQuote.quote(side)
    var lines = [
      "m=$(umask); umask 077; echo \"umask=$m\"",
      "if command -v curl >/dev/null 2>&1; then",
      "  sed '/^\(Self.separator)$/,$d' | curl -K - 2>\(h).err; echo \"rc=$?\"",
      "else",
      "  cat > \(h).in",
      "  sed -n '/^\(Self.separator)$/,/^\(Self.separator)$/p' \(h).in | sed '1d;$d' > \(h).rc",
      "  sed '1,/^\(Self.separator)$/d' \(h).in | sed '1,/^\(Self.separator)$/d' > \(h).url",
      // --spider is wget's HEAD; the file's time is the download's, as with curl.
      "  WGETRC=\(h).rc wget -nv -S --no-use-server-timestamps\(head ? " --spider" : "") -O \(t) -i \(h).url 2>\(h)"
        + "; echo \"rc=$?\"; cp \(h) \(h).err",
      "  echo \"code=$(grep '^ *HTTP/' \(h) | tail -n 1 | awk '{print $2}')\"",
      "  rm -f -- \(h).in \(h).url",
      "fi",
      "echo \"status=$(grep '^ *HTTP/' \(h) 2>/dev/null | tail -n 1 | tr -d '\\r')\"",
      "echo \"disposition=$(grep -i '^ *content-disposition:' \(h) 2>/dev/null | tail -n 1 | tr -d '\\r')\"",
      "echo \"err=$(head -c 2000 \(h).err 2>/dev/null | tr '\\n' ' ')\"",
      "rm -f -- \(h) \(h).err \(h).rc",
      "if [ -f \(t) ]; then",
      "  echo \"size=$(wc -c < \(t) | tr -d ' ')\"; echo \"sha1=$(sha1sum < \(t) | cut -d' ' -f1)\"",
    ]
    if let digestProgram { lines.append("  echo \"digest=$(\(digestProgram) < \(t) | cut -d' ' -f1)\"") }
    lines += ["fi", "exit 0"]
    return (lines.joined(separator: "\n"), Array(input.utf8))
  }
}
