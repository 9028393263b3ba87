/// The PLAY RECAP of a run: per host, the counters Ansible prints (ok, changed,
/// unreachable, failed, skipped, rescued, ignored). Read from the default callback's text
/// so the comparison needs nothing from either tool but its normal output.
struct DifferentialRecap: Equatable, Sendable, CustomStringConvertible {
  /// Host name to counter name to value.
  var hosts: [String: [String: Int]] = [:]

  /// Parses every `host : ok=N changed=N ...` line after the last `PLAY RECAP` header;
  /// a run that stopped before any play (a parse error) has an empty recap.
  init(output: String) {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.lastIndex(where: { $0.hasPrefix("PLAY RECAP") }) else { return }
    for line in lines[lines.index(after: start)...] {
      guard let colon = line.range(of: " : ") else { continue }
      let host = line[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
      var counters: [String: Int] = [:]
      for pair in line[colon.upperBound...].split(separator: " ") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2, let value = Int(parts[1]) { counters[String(parts[0])] = value }
      }
      if !host.isEmpty && !counters.isEmpty { hosts[host] = counters }
    }
  }

  var description: String {
    guard !hosts.isEmpty else { return "(no recap)" }
    let order = ["ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored"]
    return hosts.keys.sorted().map { host in
      let counters = hosts[host] ?? [:]
      let known = order.compactMap { key in counters[key].map { "\(key)=\($0)" } }
      let other = counters.keys.filter { !order.contains($0) }.sorted().map { "\($0)=\(counters[$0] ?? 0)" }
      return "\(host): " + (known + other).joined(separator: " ")
    }.joined(separator: "\n")
  }
}
