import SwiftPlayCore

/// A text file on the host read in the same round trip as other facts: the probe prints
/// a marker line, then, when the file exists, its octal mode and its text. Modules that
/// edit a system file (fstab, sysctl.conf) keep its mode when they write it back.
struct RemoteTextFile {
  /// The file's permission bits; 0644 when it does not exist yet.
  let mode: Int32
  /// The file's text; empty when it does not exist.
  let text: String

  static let marker = "--swiftplay-file--"

  /// Shell that prints the marker, then the file's mode and text when it is there.
  static func probe(_ path: String) -> String {
    let quoted = ShellQuote.quote(path)
    return "echo \(marker); [ -f \(quoted) ] && stat -c %a \(quoted) && cat \(quoted)"
  }

  /// What the probe printed before the marker, and the file; nil when the marker is missing.
  static func split(_ output: String) -> (before: Substring, file: RemoteTextFile)? {
    guard let range = output.range(of: marker + "\n") else { return nil }
    let rest = output[range.upperBound...]
    let newline = rest.firstIndex(of: "\n")
    let mode = newline.flatMap { Int32(rest[..<$0], radix: 8) } ?? 0o644
    let text = newline.map { String(rest[rest.index(after: $0)...]) } ?? ""
    return (output[..<range.lowerBound], RemoteTextFile(mode: mode, text: text))
  }
}
