import Foundation
import SwiftPlayCore

/// The one-line sources files of a host, as read and as edited: the path of each file in
/// the order apt reads them, with its lines and permission bits.
struct AptSourcesFiles: Equatable, Sendable {
  struct File: Equatable, Sendable {
    var path: String
    var mode: Int32?
    var lines: [AptSourceLine]
    /// The text as read; nil for a file to create.
    var raw: String?

    /// The text as Ansible writes it back, or nil when the file is to be removed.
    var rendered: String? { lines.isEmpty ? nil : lines.map(\.rendered).joined() }
  }
  var files: [File]

  static let marker = "--swiftplay-source--"

  /// Prints each file as a marker line with its mode and path, then its text, then a
  /// newline of its own so a file without a final newline still ends its last line.
  static func probe(extra: String?) -> String {
    let extraFile = extra.map { " " + ShellQuote.quote($0) } ?? ""
    return "for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list\(extraFile); do "
      + "[ -f \"$f\" ] || continue; printf '%s %s %s\\n' \(marker) \"$(stat -c %a \"$f\")\" \"$f\"; cat \"$f\"; echo; done"
  }

  /// The files the probe printed; a path printed twice (the `filename` given is also a
  /// sources.list.d file) is read once.
  static func parse(_ output: String) -> AptSourcesFiles {
    var files: [File] = []
    for chunk in output.components(separatedBy: marker + " ").dropFirst() {
      guard let newline = chunk.firstIndex(of: "\n") else { continue }
      let header = chunk[..<newline].split(separator: " ", maxSplits: 1).map(String.init)
      guard header.count == 2, !files.contains(where: { $0.path == header[1] }) else { continue }
      var text = String(chunk[chunk.index(after: newline)...])
      if text.hasSuffix("\n") { text.removeLast() }
      var lines = text.components(separatedBy: "\n")
      if lines.last == "" { lines.removeLast() }
      files.append(File(path: header[1], mode: Int32(header[0], radix: 8), lines: lines.map(AptSourceLine.init(parsing:)), raw: text))
    }
    return AptSourcesFiles(files: files)
  }

  /// Each file with lines, in normal form: what Ansible compares before and after.
  var dump: [String: String] {
    var texts: [String: String] = [:]
    for file in files { texts[file.path] = file.rendered }
    return texts
  }

  /// Enables every line of the source, disabled or not; appends it to `file` when there is
  /// none. Returns whether it appended.
  mutating func add(_ source: String, to path: String) -> Bool {
    var found = false
    for f in files.indices {
      for l in files[f].lines.indices where files[f].lines[l].valid && files[f].lines[l].source == source {
        files[f].lines[l].enabled = true
        found = true
      }
    }
    if found { return false }
    let line = AptSourceLine(valid: true, enabled: true, source: source, comment: "")
    if let f = files.firstIndex(where: { $0.path == path }) {
      files[f].lines.append(line)
    } else {
      files.append(File(path: path, mode: nil, lines: [line], raw: nil))
    }
    return true
  }

  /// Removes every enabled line of the source, in every file; a disabled one stays.
  mutating func remove(_ source: String) {
    for f in files.indices {
      files[f].lines.removeAll { $0.valid && $0.enabled && $0.source == source }
    }
  }
}
