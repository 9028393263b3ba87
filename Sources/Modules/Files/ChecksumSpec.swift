import Foundation
import SwiftPlayCore

/// get_url's `checksum:` option, `<algorithm>:<hex digest>` or `<algorithm>:<URL of a
/// checksum file>`, and the reading of such a file (GNU `sha256sum` lines, BSD
/// `SHA256 (name) = hex` lines, or a lone digest). Pure, so it is tested without a host.
struct ChecksumSpec: Sendable, Equatable {
  enum Expected: Sendable, Equatable {
    case digest(String)
    case url(String)
  }

  /// The digest programs the targets are expected to have, by Ansible's algorithm names.
  static let programs: [String: String] = [
    "md5": "md5sum", "sha1": "sha1sum", "sha224": "sha224sum", "sha256": "sha256sum", "sha384": "sha384sum",
    "sha512": "sha512sum",
  ]

  var algorithm: String
  var value: Expected

  static let formatMessage = "The checksum parameter has to be in format <algorithm>:<checksum>"
  static let invalidMessage = "The checksum format is invalid"

  /// Reads the option; the messages are Ansible's.
  static func parse(_ text: String) -> Result<ChecksumSpec, ModuleError> {
    guard let colon = text.firstIndex(of: ":") else { return .failure(error(formatMessage)) }
    let algorithm = String(text[..<colon])
    let rest = String(text[text.index(after: colon)...])
    if let scheme = URL(string: rest)?.scheme?.lowercased(), ["http", "https", "ftp", "file"].contains(scheme) {
      return .success(ChecksumSpec(algorithm: algorithm, value: .url(rest)))
    }
    guard let hex = normalized(rest) else { return .failure(error(invalidMessage)) }
    return .success(ChecksumSpec(algorithm: algorithm, value: .digest(hex)))
  }

  /// A digest as Ansible compares it: everything but letters, digits and `_` dropped (a
  /// zero-width space pasted from a web page), lower case; nil unless it is hexadecimal.
  static func normalized(_ text: String) -> String? {
    let kept = String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "_" }).lowercased()
    guard !kept.isEmpty, kept.allSatisfy(\.isHexDigit) else { return nil }
    return kept
  }

  /// The digest a checksum file gives for `filename` (the last part of the download's
  /// URL): a file of one word is that digest; otherwise the first line naming the file.
  static func digest(in text: String, for filename: String) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
      .filter { !$0.isEmpty }
    if lines.count == 1, lines[0].split(whereSeparator: \.isWhitespace).count == 1 {
      return String(lines[0]).trimmingCharacters(in: .whitespaces)
    }
    for line in lines {
      if let (digest, path) = bsdLine(line) ?? gnuLine(line), path == filename { return digest }
    }
    return nil
  }

  /// `SHA256 (name) = hex` as BSD's tools and `sha256sum --tag` write it.
  static func bsdLine(_ line: Substring) -> (String, String)? {
    guard let open = line.firstIndex(of: "("), let close = line.range(of: ") = ", options: .backwards) ??
      line.range(of: ")= ", options: .backwards), open < close.lowerBound
    else { return nil }
    let algorithm = line[..<open].trimmingCharacters(in: .whitespaces)
    guard !algorithm.isEmpty, algorithm.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
    let digest = String(line[close.upperBound...])
    guard !digest.isEmpty, digest.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
    return (digest, String(line[line.index(after: open)..<close.lowerBound]))
  }

  /// `hex  name` (or `hex *name` for binary mode) as GNU's tools write it; a leading `./`
  /// on the name is dropped.
  static func gnuLine(_ line: Substring) -> (String, String)? {
    guard let space = line.firstIndex(where: \.isWhitespace) else { return nil }
    let digest = String(line[..<space])
    guard !digest.isEmpty, digest.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
    var path = line[space...].drop(while: \.isWhitespace)
    if path.hasPrefix("*") { path = path.dropFirst() }
    while let first = path.first, first == "." || first == "/" { path = path.dropFirst() }
    guard !path.isEmpty else { return nil }
    return (digest, String(path))
  }

  static func error(_ message: String) -> ModuleError { ModuleError(module: "get_url", message: message) }
}
