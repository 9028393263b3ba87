import Foundation
import SwiftPlayCore
import ValueModel

/// Gathers facts about the host as Ansible's setup module does, every collector of its
/// default gather (platform, distribution, Python, hardware, devices, mounts, network,
/// virtualization, local facts, ...) with one shell script, so one round trip. Keys are
/// Ansible's, with the `ansible_` prefix.
///
/// ```yaml
/// - name: refresh facts after changing the network
///   ansible.builtin.setup:
///     gather_subset:
///       - "!all"
///       - network
///     filter:
///       - ansible_default_ipv4
///       - ansible_all_ipv4_addresses
/// ```
package struct SetupModule: Module {
  package static let name = "setup"
  package static let aliases = ["gather_facts"]
  package static let argumentNames: Set<String> = ["gather_subset", "filter", "gather_timeout", "fact_path"]
  package static let pathOptions: Set<String> = ["fact_path"]

  let subset: [String]
  let subsets: SetupSubsets
  let filters: [String]
  let options: SetupOptions

  package init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    subset = reader.list("gather_subset") ?? ["all"]
    subsets = try SetupSubsets(subset)
    filters = reader.list("filter") ?? []
    var options = SetupOptions()
    if let path = reader.string("fact_path") { options.factPath = path }
    if let timeout = try reader.whole("gather_timeout") { options.gatherTimeout = timeout }
    self.options = options
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    var options = options
    if let python = target.templar.value(of: "ansible_python_interpreter")?.plainText, !python.isEmpty, !python.contains("{{") {
      options.python = python
    }
    let collectors = subsets.collectors.compactMap { name in SetupCollector.all.first { $0.name == name } }
    var sections = collectors
    let discovered = Self.knownInterpreter(target)
    if options.python == nil, !discovered {
      sections.append(SetupCollector(name: "interpreter", sections: { [SetupPlatformFacts.discoverySection($0)] }, parse: { _, _ in [:] }))
    }
    let outcome = try await target.run(SetupCollector.script(for: sections, options: options))
    let output = SetupOutput(outcome.stdout, options: options)
    var (facts, warnings) = Self.facts(output, collectors: collectors)
    facts["gather_subset"] = .list(subset.map(Value.string))
    facts["module_setup"] = true
    facts = Self.filter(facts, filters)
    // Ansible's executor reports the interpreter its discovery found beside the module's
    // facts, the first time it discovers one for the host; the probe found it the same way.
    if options.python == nil, !discovered, let found = output.first("interpreter") {
      facts["discovered_interpreter_python"] = .string(found)
    }
    var values: ValueDict = ["ansible_facts": .dict(facts)]
    if !warnings.isEmpty { values["warnings"] = .list(warnings.map(Value.string)) }
    return ModuleResult(changed: false, values: values)
  }

  /// Whether an earlier task already reported the host's discovered interpreter.
  static func knownInterpreter(_ target: Target) -> Bool {
    if target.templar.value(of: "discovered_interpreter_python") != nil { return true }
    if case let .dict(facts)? = target.templar.value(of: "ansible_facts"), facts["discovered_interpreter_python"] != nil { return true }
    return false
  }

  /// Each collector's facts, parsed in order (a parser sees the facts before it), with
  /// Ansible's prefix: `ansible_` and `-` written `_`.
  static func facts(_ output: SetupOutput, collectors: [SetupCollector]) -> (facts: ValueDict, warnings: [String]) {
    var collected: ValueDict = [:]
    for collector in collectors { collected.merge(collector.parse(output, collected)) { $1 } }
    var facts: ValueDict = [:]
    for (key, value) in collected { facts["ansible_" + key.replacingOccurrences(of: "-", with: "_")] = value }
    var warnings: [String] = []
    if collectors.contains(where: { $0.name == "local" }) { warnings += SetupLocalFacts.parse(output).warnings }
    if collectors.contains(where: { $0.name == "hardware" }) { warnings += SetupMountFacts.warnings(output) }
    return (facts, warnings)
  }

  /// Ansible's `filter`: shell patterns; one without an `ansible_` (or facter/ohai)
  /// prefix also matches with it. No pattern, or `*`, keeps everything.
  static func filter(_ facts: ValueDict, _ patterns: [String]) -> ValueDict {
    guard !patterns.isEmpty, patterns != ["*"] else { return facts }
    return facts.filter { key, _ in
      patterns.contains { pattern in
        pattern.isEmpty || fnmatch(pattern, key, 0) == 0
          || (!pattern.hasPrefix("ansible_") && !pattern.hasPrefix("facter") && !pattern.hasPrefix("ohai")
            && fnmatch("ansible_" + pattern, key, 0) == 0)
      }
    }
  }
}
