import Foundation
import SwiftPlayCore
import ValueModel

/// Waits, on the target, until a TCP port accepts connections (or stops), or a file
/// appears (optionally holding a match of `search_regex`) or goes away; with neither, it
/// just waits `timeout` seconds. The waiting is one shell loop on the host, so no round
/// trip per try; the port probe is bash's /dev/tcp (nc where bash is missing).
///
/// ```yaml
/// - ansible.builtin.wait_for:
///     port: 6443
///     host: "{{ ansible_default_ipv4.address }}"
///     timeout: 120
/// - ansible.builtin.wait_for:
///     path: /var/log/app.log
///     search_regex: "started"
/// ```
package struct WaitForModule: Module {
  package static let name = "wait_for"
  package static let supportsCheckMode = false
  /// Not implemented natively: `exclude_hosts` and `active_connection_states` (for
  /// `state: drained`, refused below), `search_regex` on a port.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("host", default: "127.0.0.1"), .int("port"), .path("path"),
      .str("state", default: "started", choices: ["absent", "drained", "present", "started", "stopped"]),
      .str("search_regex"), .int("delay", default: 0), .int("timeout", default: 300), .int("sleep", default: 1),
      .int("connect_timeout", default: 5), .str("msg"),
    ])

  let host: String
  let port: Int?
  let path: String?
  let state: String
  let searchRegex: String?
  let delay: Int
  let timeout: Int
  let sleep: Int
  let connectTimeout: Int
  let message: String?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    host = values.string("host") ?? "127.0.0.1"
    port = values.int("port")
    path = values.string("path")
    state = values.string("state") ?? "started"
    searchRegex = values.string("search_regex")
    delay = values.int("delay") ?? 0
    timeout = values.int("timeout") ?? 300
    sleep = values.int("sleep") ?? 1
    connectTimeout = values.int("connect_timeout") ?? 5
    message = values.string("msg")
    if port != nil && path != nil { throw ModuleError(module: Self.name, message: "port and path parameter can not both be passed to wait_for") }
    if state == "drained" { throw ModuleError.beyondNative(module: Self.name, message: "state=drained is not supported by swiftplay yet") }
    if port != nil && searchRegex != nil {
      throw ModuleError.beyondNative(module: Self.name, message: "search_regex on a port is not supported by swiftplay yet; use it with path")
    }
    if path != nil && searchRegex != nil && ["absent", "stopped"].contains(state) {
      throw ModuleError(module: Self.name, message: "state=\(state) should only be used for checking a port or the absence of a file")
    }
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    let outcome = try await target.run(script)
    let elapsed = outcome.stdout.split(separator: "\n").last { $0.hasPrefix("elapsed=") }.flatMap { Int($0.dropFirst(8)) } ?? 0
    guard outcome.rc == 0 else {
      // As Ansible's: a failure says only what ran out and when.
      let message = outcome.rc == 3 ? self.message ?? timeoutMessage
        : "wait_for could not run on the host: \(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
      return ModuleResult(changed: false, failed: true, values: ["msg": .string(message), "elapsed": .int(elapsed)])
    }
    var values: ValueDict = [
      "elapsed": .int(elapsed), "state": .string(state), "match_groups": .list([]), "match_groupdict": .dict([:]),
    ]
    if let port { values["port"] = .int(port) }
    if let path { values["path"] = .string(path) }
    if let searchRegex { values["search_regex"] = .string(searchRegex) }
    return ModuleResult(changed: false, values: values)
  }

  /// Ansible's words for each way of running out of time.
  var timeoutMessage: String {
    let waitsForEnd = ["stopped", "absent"].contains(state)
    if let port { return waitsForEnd ? "Timeout when waiting for \(host):\(port) to stop." : "Timeout when waiting for \(host):\(port)" }
    if let path {
      if waitsForEnd { return "Timeout when waiting for \(path) to be absent." }
      if let searchRegex { return "Timeout when waiting for search string \(searchRegex) in \(path)" }
      return "Timeout when waiting for file \(path)"
    }
    return "Timeout"
  }

  /// The loop: exit 0 once the condition holds, 3 after `timeout` seconds; the last line
  /// says how long it took.
  var script: String {
    let waitsForEnd = ["stopped", "absent"].contains(state)
    var condition = "false"
    if let port {
      let (h, p) = (ShellQuote.quote(host), String(port))
      let probe = "{ if command -v bash >/dev/null 2>&1; then timeout \(connectTimeout) bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \(h) \(p); "
        + "else nc -z -w \(connectTimeout) \(h) \(p); fi; } >/dev/null 2>&1"
      condition = waitsForEnd ? "! \(probe)" : probe
    } else if let path {
      let p = ShellQuote.quote(path)
      if waitsForEnd {
        condition = "! [ -e \(p) ]"
      } else if let searchRegex {
        condition = "[ -r \(p) ] && grep -Eq -- \(ShellQuote.quote(searchRegex)) \(p)"
      } else {
        condition = "[ -e \(p) ]"
      }
    } else {
      return "sleep \(timeout); echo elapsed=\(timeout)"
    }
    return """
      start=$(date +%s); sleep \(delay)
      while :; do
        if \(condition); then echo "elapsed=$(( $(date +%s) - start ))"; exit 0; fi
        now=$(date +%s); if [ $((now - start)) -ge \(timeout) ]; then echo "elapsed=$((now - start))"; exit 3; fi
        sleep \(sleep)
      done
      """
  }
}
