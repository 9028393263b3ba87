import Foundation

/// Ansible's own YAML loader (`AnsibleLoader`, PyYAML under it) run at test time: the
/// reference the loader is compared with. Fails, never skips, when no Python with Ansible
/// is installed, so a machine without the reference cannot pass silently.
enum AnsibleOracle {
  struct Missing: Error, CustomStringConvertible {
    let description: String
  }

  /// Each document rendered by the script below, or "error" when Ansible refuses it.
  static func render(_ documents: [String]) throws -> [String] {
    let python = try pythonWithAnsible()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(try JSONEncoder().encode(documents))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let rendered = try? JSONDecoder().decode([String].self, from: data) else {
      throw Missing(description: "\(python) could not run the oracle script (exit \(process.terminationStatus))")
    }
    return rendered
  }

  /// A python3 that imports ansible: PATH first, then the pyenv versions.
  static func pythonWithAnsible() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let home = environment["HOME"] ?? "/root"
    var candidates = (environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/python3" }
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: home + "/.pyenv/versions")) ?? []
    candidates += versions.sorted().reversed().map { "\(home)/.pyenv/versions/\($0)/bin/python3" }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
      let probe = Process()
      probe.executableURL = URL(fileURLWithPath: candidate)
      probe.arguments = ["-c", "from ansible.parsing.yaml.loader import AnsibleLoader"]
      probe.standardOutput = FileHandle.nullDevice
      probe.standardError = FileHandle.nullDevice
      guard (try? probe.run()) != nil else { continue }
      probe.waitUntilExit()
      if probe.terminationStatus == 0 { return candidate }
    }
    throw Missing(description: "no python3 with Ansible found: run scripts/install-dependencies, then the tests again")
  }

  /// Renders what Ansible's loader builds in the canonical form `Canonical` writes: types
  /// and values, keys in order. Dates become their ISO text and integers wider than 64
  /// bits their digits, as the loader keeps them (the value models have neither).
  static let script = #"""
import json, sys, datetime, math
from ansible.parsing.yaml.loader import AnsibleLoader

def render(v):
    if v is None: return "null"
    if isinstance(v, bool): return "bool(%s)" % v
    if isinstance(v, int):
        return "int(%d)" % v if -2**63 <= v < 2**63 else "str(%d)" % v
    if isinstance(v, float):
        if math.isnan(v): return "float(nan)"
        if math.isinf(v): return "float(%s)" % ("inf" if v > 0 else "-inf")
        return "float(%r)" % v
    if isinstance(v, (datetime.date, datetime.datetime)): return "str(%s)" % v.isoformat()
    if isinstance(v, str): return "str(%s)" % v
    if isinstance(v, dict): return "{" + ", ".join("%s: %s" % (k, render(x)) for k, x in v.items()) + "}"
    if isinstance(v, list): return "[" + ", ".join(render(x) for x in v) + "]"
    return "unknown(%s)" % type(v).__name__

out = []
for doc in json.load(sys.stdin):
    try:
        out.append(render(AnsibleLoader(doc).get_single_data()))
    except Exception:
        out.append("error")
print(json.dumps(out))
"""#
}
