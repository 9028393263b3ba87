import Foundation
import Testing

/// A few targets of the real-world suite (scripts/realworld runs all of them): each public
/// role through ansible-playbook and swiftplay, `--syntax-check`, `--list-tasks`,
/// `--list-tags`, `--check --diff` on a lab host compared task by task, and a real run for
/// the targets that change nothing on this machine. Kept to a few minutes for CI.
extension LabTests {
  @Suite struct RealWorldSuiteTests {
    /// Targets that load in both tools and whose check-mode results agree today, chosen
    /// to cover a Galaxy role, a project's role by short name with a real run, and a
    /// collection's playbook by FQCN (short role names found in its own collection) with a
    /// real run on two hosts. Collection roles of prometheus.prometheus join once the
    /// fallback to Ansible's modules brings package_facts.
    static let subset = ["geerlingguy.java", "k3s:k3s_upgrade", "k3s.orchestration.upgrade"]

    @Test(.enabled(if: RealWorldTests.hasCorpus, RealWorldTests.noCorpus)) func subsetAgreesWithAnsible() throws {
      try Lab.ensureUp()
      let json = try Lab.scratch() + "/realworld.json"
      let script = Lab.root + "/scripts/realworld"
      let run = try Lab.run(
        ["python3", script, "--only", Self.subset.joined(separator: ","), "--json", json, "-j", "3"],
        environment: ["SWIFTPLAY_BIN": Lab.binary, "SWIFTPLAY_REALWORLD": RealWorldTests.corpus])
      print(run.stdout)
      #expect(run.code == 0, "\(run.stdout)\(run.stderr)")
      #expect(run.stdout.contains("real-world: \(Self.subset.count)/\(Self.subset.count) roles load"), "\(run.stdout)")
      let data = try Data(contentsOf: URL(fileURLWithPath: json))
      let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
      #expect(results.count == Self.subset.count)
      for result in results {
        let target = result["target"] as? String ?? "?"
        let phases = result["phases"] as? [String: [String: Any]] ?? [:]
        #expect(phases["syntax"]?["swiftplay_loads"] as? Bool == true, "\(target) does not load")
        #expect(phases["tasks"]?["same"] as? Bool == true, "\(target): --list-tasks differs: \(phases["tasks"]?["diff"] ?? "")")
        #expect(phases["tags"]?["same"] as? Bool == true, "\(target): --list-tags differs: \(phases["tags"]?["diff"] ?? "")")
        let check = phases["check"] ?? [:]
        let total = check["total"] as? Int ?? 0
        #expect(total > 0 && check["agree"] as? Int == total, "\(target): \(check["differences"] ?? "")")
        if let real = phases["real"] {
          #expect((real["total"] as? Int ?? 0) > 0 && real["agree"] as? Int == real["total"] as? Int, "\(target) real run: \(real)")
        }
      }
    }
  }
}
