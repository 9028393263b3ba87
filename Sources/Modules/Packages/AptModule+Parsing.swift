import Foundation
import SwiftPlayCore
import ValueModel

/// A package as dpkg knows it on the target.
struct DpkgPackage: Sendable, Equatable {
  /// dpkg's current state: installed, config-files, not-installed, half-configured ...
  var state: String
  var version: String

  /// Ansible counts a package installed when dpkg says its current state is installed.
  var isInstalled: Bool { state == "installed" }
  /// Files left on the system (a removed package's configuration): purge still has work.
  var hasFiles: Bool { state != "not-installed" }
}

/// What apt-cache policy says of a package.
struct AptPolicy: Sendable, Equatable {
  var installed: String?
  var candidate: String?
  /// Every version apt knows, highest first as apt prints its version table.
  var versions: [String]
}

/// A package spec split as Ansible's package_split does: `nginx=1.24*` is nginx pinned
/// to versions matching the glob `1.24*`; `nginx>=1.24` wants at least that version.
struct AptSpec: Sendable, Equatable {
  var name: String
  var version: String?
  var atLeast = false

  init(_ spec: String) {
    guard let equals = spec.firstIndex(of: "=") else {
      name = spec
      return
    }
    var end = equals
    if end > spec.startIndex, spec[spec.index(before: end)] == ">" {
      end = spec.index(before: end)
      atLeast = true
    }
    name = String(spec[..<end])
    version = String(spec[spec.index(after: equals)...])
  }

  init(name: String, version: String?, atLeast: Bool = false) {
    self.name = name
    self.version = version
    self.atLeast = atLeast
  }

  /// Whether `candidate` is a version the spec accepts (any, when it names none).
  func accepts(_ candidate: String) -> Bool {
    guard let version else { return true }
    return atLeast ? DebianVersion.compare(candidate, version) >= 0 : Self.matches(candidate, pin: version)
  }

  /// Whether `candidate` satisfies the pin, with Python's fnmatch rules (`*`, `?`, `[...]`).
  static func matches(_ candidate: String, pin: String) -> Bool {
    fnmatch(pin, candidate, 0) == 0
  }
}

/// Parsers for what dpkg-query and apt-cache print (in the C locale).
enum AptParse {
  /// The dpkg-query format the module asks for: name, status, version, tab-separated.
  static let dpkgFormat = "${binary:Package}\\t${Status}\\t${Version}\\n"

  /// `nginx\tinstall ok installed\t1.22.1-9` lines, keyed by the package name, and by the
  /// name without its `:arch` too, so `libc6` finds `libc6:amd64`.
  static func dpkgQuery(_ output: String) -> [String: DpkgPackage] {
    var packages: [String: DpkgPackage] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 3, let state = fields[1].split(separator: " ").last else { continue }
      let package = DpkgPackage(state: String(state), version: fields[2])
      let name = fields[0]
      // An installed architecture wins over another one that is only known.
      for key in [name, String(name.prefix { $0 != ":" })] where packages[key]?.isInstalled != true {
        packages[key] = package
      }
    }
    return packages
  }

  /// The blocks of `apt-cache policy a b ...`, keyed by package name.
  static func policy(_ output: String) -> [String: AptPolicy] {
    var result: [String: AptPolicy] = [:]
    var current: String?
    var inTable = false
    func none(_ text: Substring) -> String? {
      let value = text.trimmingCharacters(in: .whitespaces)
      return value == "(none)" || value.isEmpty ? nil : value
    }
    for line in output.split(separator: "\n") {
      if !line.hasPrefix(" "), line.hasSuffix(":") {
        let name = String(line.dropLast())
        current = name
        inTable = false
        result[name] = AptPolicy(installed: nil, candidate: nil, versions: [])
        continue
      }
      guard let name = current else { continue }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("Installed:") {
        result[name]?.installed = none(trimmed.dropFirst("Installed:".count))
      } else if trimmed.hasPrefix("Candidate:") {
        result[name]?.candidate = none(trimmed.dropFirst("Candidate:".count))
      } else if trimmed == "Version table:" {
        inTable = true
      } else if inTable, line.hasPrefix(" *** ") || (line.hasPrefix("     ") && !line.hasPrefix("      ")) {
        // Version lines sit at column 5 (the installed one marked ***); sources deeper.
        let words = trimmed.split(separator: " ").filter { $0 != "***" }
        if let version = words.first { result[name]?.versions.append(String(version)) }
      }
    }
    // `apt-cache policy libc6` prints the block as `libc6:` and foreign ones as `libc6:i386:`.
    return result
  }

  /// Ansible's parse_diff: apt-get's output from after "Reading state information..."
  /// through the "N upgraded, ..." line, the part that says what would change.
  static func prepared(_ output: String) -> String {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    let start = (lines.firstIndex(of: "Reading state information...") ?? -1) + 1
    let end = (lines.firstIndex { Self.isSummary($0) } ?? (lines.count - 1)) + 1
    guard start < end else { return "" }
    return lines[start..<min(end, lines.count)].joined(separator: "\n")
  }

  /// `3 upgraded, 1 newly installed, ...` (and aptitude's `3 packages upgraded, ...`).
  static func isSummary(_ line: String) -> Bool {
    let digits = line.prefix { $0.isNumber }
    guard !digits.isEmpty else { return false }
    let rest = line.dropFirst(digits.count)
    return rest.hasPrefix(" upgraded") || rest.hasPrefix(" packages upgraded")
  }

  /// Python's str.splitlines() as a JSON list: Ansible's stdout_lines.
  static func lines(_ text: String) -> Value {
    var parts = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    if parts.last?.isEmpty == true { parts.removeLast() }
    return .list(parts.map { .string(String($0)) })
  }
}

/// When the apt cache was last refreshed, as Ansible reads it: the mtime of
/// /var/lib/apt/periodic/update-success-stamp, else of /var/lib/apt/lists; and the
/// target's clock, so cache_valid_time is measured on the host.
struct AptCacheStamp: Sendable, Equatable {
  var time: Int
  var now: Int

  static let command = "for p in /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists; do "
    + "if [ -e \"$p\" ]; then stat -c %Y \"$p\"; break; fi; done; date +%s"

  static func parse(_ output: String) -> AptCacheStamp {
    let numbers = output.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    if numbers.count >= 2 { return AptCacheStamp(time: numbers[0], now: numbers[1]) }
    return AptCacheStamp(time: 0, now: numbers.first ?? 0)
  }

  static func read(on target: Target) async throws(ConnectionError) -> AptCacheStamp {
    parse(try await target.run(command).stdout)
  }
}
