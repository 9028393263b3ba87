import Foundation
import Testing

/// swiftplay's setup against Ansible's own setup module on the same lab host, field by
/// field, for the facts issue 6 names. Values that change between two calls (free space,
/// the clock, the session's environment) are compared by what does not change.
extension LabTests {
  @Suite struct FactsOracleTests {
    static let compared = """
      ansible_hostname ansible_fqdn ansible_nodename ansible_distribution ansible_distribution_version
      ansible_distribution_major_version ansible_distribution_release ansible_os_family ansible_architecture
      ansible_machine ansible_kernel ansible_processor_vcpus ansible_processor_cores ansible_memtotal_mb
      ansible_swaptotal_mb ansible_default_ipv4 ansible_all_ipv4_addresses ansible_service_mgr ansible_pkg_mgr
      ansible_user_id ansible_lsb ansible_virtualization_type
      """.split(whereSeparator: \.isWhitespace).map(String.init)

    static func facts(_ output: Lab.Output) throws -> [String: Any] {
      let json = output.stdout.drop { $0 != "{" }
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      return try #require(object?["ansible_facts"] as? [String: Any], "\(output.stdout.prefix(300))\(output.stderr)")
    }

    @Test func setupMatchesAnsiblesSetupOnTheSameHost() throws {
      let ansiblePlaybook = try #require(DifferentialRunner.findAnsiblePlaybook(), "ansible is not installed: run scripts/install-dependencies")
      let ansible = URL(fileURLWithPath: ansiblePlaybook).deletingLastPathComponent().appendingPathComponent("ansible").path
      try Lab.ensureUp()
      let theirs = try Self.facts(try Lab.run(
        [ansible, "-i", Lab.inventory, "-e", "ansible_python_interpreter=/usr/bin/python3", "-m", "setup", "lab1"],
        environment: ["ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_LOAD_CALLBACK_PLUGINS": "0"]))
      let ours = try Self.facts(try Lab.swiftplay(["-i", Lab.inventory, "-m", "setup", "lab1"]))
      func same(_ a: Any?, _ b: Any?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return (a as? NSObject)?.isEqual(b) ?? false
      }
      for key in Self.compared {
        #expect(theirs[key] != nil, "Ansible's setup gave no \(key): the comparison would prove nothing")
        #expect(same(ours[key], theirs[key]), "\(key): swiftplay \(ours[key] ?? "missing"), ansible \(theirs[key] ?? "missing")")
      }
      #expect(Set(ours["ansible_interfaces"] as? [String] ?? []) == Set(theirs["ansible_interfaces"] as? [String] ?? []))
      for key in ["HOME", "USER", "LOGNAME", "SHELL", "PWD"] {
        #expect(same((ours["ansible_env"] as? [String: Any])?[key], (theirs["ansible_env"] as? [String: Any])?[key]), "ansible_env.\(key)")
      }
      let ourClock = ours["ansible_date_time"] as? [String: Any] ?? [:]
      let theirClock = theirs["ansible_date_time"] as? [String: Any] ?? [:]
      #expect(Set(ourClock.keys) == Set(theirClock.keys))
      for key in ["date", "tz", "tz_offset", "year", "weekday"] { #expect(same(ourClock[key], theirClock[key]), "ansible_date_time.\(key)") }
      let steady = ["device", "mount", "fstype", "options", "size_total", "block_size", "block_total", "inode_total", "dump", "passno", "uuid"]
      func mounts(_ facts: [String: Any]) -> [[String: String]] {
        (facts["ansible_mounts"] as? [[String: Any]] ?? []).map { mount in
          Dictionary(uniqueKeysWithValues: steady.map { ($0, "\(mount[$0] ?? "missing")") })
        }.sorted { $0["mount"] ?? "" < $1["mount"] ?? "" }
      }
      #expect(mounts(ours) == mounts(theirs))
      #expect(Set((ours["ansible_mounts"] as? [[String: Any]])?.first?.keys ?? [:].keys)
        == Set((theirs["ansible_mounts"] as? [[String: Any]])?.first?.keys ?? [:].keys))
    }
  }
}
