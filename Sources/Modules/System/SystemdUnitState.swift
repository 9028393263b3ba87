import SwiftPlayCore

/// What systemctl says about one unit, read in one round trip: the properties of
/// `systemctl show` (ActiveState, LoadState, UnitFileState …), what `systemctl is-enabled`
/// prints and exits with, and whether a SysV init script and boot links exist beside it,
/// which is what Ansible's systemd module looks at to decide.
struct SystemdUnitState: Equatable {
  /// The `systemctl show` properties, as the module returns them in `status`.
  var properties: [String: String]
  var showStatus: Int32
  var showError: String
  /// `systemctl is-enabled`'s exit status and first line (enabled, disabled, masked …).
  var enabledStatus: Int32
  var enabledWord: String
  /// /etc/init.d/NAME exists, and an /etc/rcN.d/S??NAME link starts it.
  var sysvScript: Bool
  var sysvEnabled: Bool

  static let marker = "--swiftplay-systemd--"

  /// The states `is-enabled` prints for a unit systemd knows.
  static let knownEnabledWords: Set<String> = [
    "enabled", "enabled-runtime", "linked", "linked-runtime", "masked", "masked-runtime", "static", "indirect",
    "disabled", "generated", "transient",
  ]

  /// Shell that prints the show properties, then the marker and the other facts. The
  /// show's error output is the probe's error output, so a property line cannot be mixed
  /// up with a message.
  static func probe(unit: String, systemctl: String) -> String {
    let name = ShellQuote.quote(unit)
    return """
      \(systemctl) show \(name); r=$?; echo; echo "\(marker) $r"
      e=$(\(systemctl) is-enabled \(name) 2>/dev/null); r=$?; printf 'is-enabled %s %s\\n' "$r" "$e"
      [ -e /etc/init.d/\(name) ] && echo sysv-script; ls /etc/rc?.d/S??\(name) >/dev/null 2>&1 && echo sysv-enabled; true
      """
  }

  /// The probe's output read back; nil when it was cut short.
  static func parse(stdout: String, stderr: String) -> SystemdUnitState? {
    guard let range = stdout.range(of: "\n" + marker + " ") else { return nil }
    let rest = stdout[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
    guard let showStatus = rest.first.flatMap({ Int32($0) }) else { return nil }
    var state = SystemdUnitState(
      properties: showProperties(String(stdout[..<range.lowerBound])), showStatus: showStatus,
      showError: stderr.trimmingCharacters(in: .whitespacesAndNewlines), enabledStatus: 1, enabledWord: "",
      sysvScript: false, sysvEnabled: false)
    for line in rest.dropFirst() {
      if line.hasPrefix("is-enabled ") {
        let words = line.dropFirst("is-enabled ".count).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        state.enabledStatus = words.first.flatMap { Int32($0) } ?? 1
        state.enabledWord = words.count > 1 ? String(words[1]).trimmingCharacters(in: .whitespaces) : ""
      } else if line == "sysv-script" {
        state.sysvScript = true
      } else if line == "sysv-enabled" {
        state.sysvEnabled = true
      }
    }
    return state
  }

  /// `systemctl show` output as a dictionary. A value is everything after the first `=`,
  /// trimmed; an `Exec…={ … }` value may run over several lines up to its closing brace,
  /// and is kept whole with its newlines.
  static func showProperties(_ text: String) -> [String: String] {
    var properties: [String: String] = [:]
    var open: (key: String, lines: [String])?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let (key, lines) = open {
        let joined = lines + [line]
        if line.trimmingCharacters(in: .whitespaces).hasSuffix("}") {
          properties[key] = joined.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
          open = nil
        } else {
          open = (key, joined)
        }
        continue
      }
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = String(line[..<equals])
      let value = String(line[line.index(after: equals)...])
      let trimmedStart = value.drop { $0 == " " || $0 == "\t" }
      if key.hasPrefix("Exec") && trimmedStart.hasPrefix("{")
        && !value.trimmingCharacters(in: .whitespaces).hasSuffix("}") {
        open = (key, [value])
        continue
      }
      properties[key] = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return properties
  }

  /// systemctl answered, but only that it ignores the request (a system in shutdown, or an
  /// old systemd in a container): nothing in it can be trusted.
  static func ignoresRequest(_ text: String) -> Bool {
    !text.contains("=") && (text.contains("ignoring request") || text.contains("ignoring command"))
  }

  /// Whether systemd knows the unit, as Ansible decides it: a loaded (or masked) unit from
  /// `show`, or, when `show` failed, an `is-enabled` state systemd prints for its units.
  var isSystemdUnit: Bool {
    if showStatus == 0 && !Self.ignoresRequest(showError) {
      guard let load = properties["LoadState"] else { return false }
      return load != "not-found"
    }
    return Self.knownEnabledWords.contains(enabledWord)
  }

  var isMasked: Bool { enabledWord == "masked" }

  /// Whether the unit counts as enabled: `is-enabled` succeeded with a state that is more
  /// than a runtime or indirect one, or, for a SysV script systemd does not report as
  /// disabled, a boot link starts it.
  func isEnabled(systemScope: Bool) -> Bool {
    if enabledStatus == 0 { return !["enabled-runtime", "indirect", "alias"].contains(enabledWord) }
    if enabledStatus == 1 { return systemScope && sysvScript && !enabledWord.hasSuffix("disabled") && sysvEnabled }
    return false
  }

  var isRunning: Bool { ["active", "activating"].contains(properties["ActiveState"] ?? "") }
  var isDeactivating: Bool { properties["ActiveState"] == "deactivating" }
}
