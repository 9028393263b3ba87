import Foundation
import Testing

/// The differential compatibility suite: every playbook in Tests/Differential runs through
/// ansible-playbook (the reference) and then through swiftplay, each in a fresh sandbox on
/// the lab hosts, and the exit code, the per-host recap counters and the files left in the
/// sandbox must be the same; a playbook's `# compare:` line adds the json callback's
/// document and the `--list-tasks`/`--list-tags` output. On a mismatch both runs are
/// printed in full.
///
/// From the shell: `SWIFTPLAY_DIFF=07,12 swift test --filter DifferentialTests` runs some;
/// `SWIFTPLAY_DIFF_SECOND=ansible` runs ansible-playbook on both sides, which checks that
/// the playbooks themselves are deterministic and the comparison sound. scripts/differential
/// wraps both.
extension LabTests {
  @Suite struct DifferentialTests {
    static let playbooks = DifferentialPlaybook.selected()

    /// The issue asks for at least 32 focused playbooks, each stating its expected exit.
    @Test func suiteIsComplete() {
      let all = DifferentialPlaybook.all()
      #expect(all.count >= 32, "only \(all.count) playbooks in \(DifferentialPlaybook.folder)")
      for playbook in all {
        #expect(playbook.expectedExit != nil, "\(playbook.name) has no '# exit: N' header line")
        #expect(playbook.headerProblem == nil, "\(playbook.name): \(playbook.headerProblem ?? "")")
      }
    }

    @Test(arguments: playbooks)
    func matchesAnsible(_ playbook: DifferentialPlaybook) throws {
      guard let ansible = DifferentialRunner.findAnsiblePlaybook() else {
        Issue.record("""
          ansible-playbook is not on PATH: run scripts/install-dependencies, which installs the \
          PyPI package 'ansible' (or set SWIFTPLAY_ANSIBLE_PLAYBOOK)
          """)
        return
      }
      try Lab.ensureUp()
      let runner = DifferentialRunner()
      try runner.prepare()
      defer { runner.cleanUp() }

      let reference = try runner.run(.ansible(ansible), playbook)
      if let expected = playbook.expectedExit, reference.code != expected {
        Issue.record("""
          \(playbook.name): ansible-playbook itself exited \(reference.code) where the header says \(expected): \
          the playbook or the installed Ansible changed
          \(reference.report)
          """)
      }
      let secondIsAnsible = ProcessInfo.processInfo.environment["SWIFTPLAY_DIFF_SECOND"] == "ansible"
      let candidate = try runner.run(secondIsAnsible ? .ansible(ansible) : .swiftplay(Lab.binary), playbook)
      print(String(format: "differential %@: ansible-playbook %.1f s, %@ %.1f s", playbook.name,
                   reference.seconds, candidate.tool, candidate.seconds))

      let problems = Self.compare(reference, candidate)
      if !problems.isEmpty {
        Issue.record("""
          \(playbook.name): \(candidate.tool) differs from ansible-playbook
          \(problems.map { "  - " + $0 }.joined(separator: "\n"))
          \(reference.report)
          \(candidate.report)
          """)
      }
    }

    /// What differs between two runs: exit code, each host's counters, each sandbox path.
    static func compare(_ reference: DifferentialRunner.Outcome, _ candidate: DifferentialRunner.Outcome) -> [String] {
      var problems: [String] = []
      let (a, b) = (reference.tool, candidate.tool == reference.tool ? candidate.tool + " (2nd run)" : candidate.tool)
      if reference.code != candidate.code {
        problems.append("exit code: \(a) \(reference.code), \(b) \(candidate.code)")
      }
      for host in Set(reference.recap.hosts.keys).union(candidate.recap.hosts.keys).sorted() {
        let mine = reference.recap.hosts[host], theirs = candidate.recap.hosts[host]
        if mine != theirs {
          problems.append("recap of \(host): \(a) \(counters(mine)), \(b) \(counters(theirs))")
        }
      }
      problems += reference.snapshot.differences(from: candidate.snapshot, referenceName: a, otherName: b)
      problems += documentDifferences(reference, candidate, a, b)
      for comparison in reference.listings.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
        problems += listingDifferences(comparison, reference.listings[comparison], candidate.listings[comparison], a, b)
      }
      return problems
    }

    /// The json callback's documents, after DifferentialJSON's normalisation.
    static func documentDifferences(_ reference: DifferentialRunner.Outcome, _ candidate: DifferentialRunner.Outcome,
                                    _ a: String, _ b: String) -> [String] {
      switch (reference.document, candidate.document) {
      case (nil, _): return []
      case let (.failure(mine)?, .failure(theirs)?):
        return mine == theirs ? [] : ["json: \(a) \(mine.message), \(b) \(theirs.message)"]
      case let (.failure(mine)?, _): return ["json: \(a) \(mine.message), \(b) printed one"]
      case let (_, .failure(theirs)?): return ["json: \(b) \(theirs.message)"]
      case (_, nil): return ["json: \(b) was not asked for one"]
      case let (.success(mine)?, .success(theirs)?):
        return DifferentialJSON.differences(
          DifferentialJSON.normalised(mine), DifferentialJSON.normalised(theirs), referenceName: a, otherName: b
        ).map { "json " + $0 }
      }
    }

    /// A listing's exit code and stdout, line by line, exactly (no normalisation: both
    /// tools get the same argv, so even the `playbook:` line must agree).
    static func listingDifferences(_ comparison: DifferentialPlaybook.Comparison, _ reference: DifferentialRunner.Listing?,
                                   _ candidate: DifferentialRunner.Listing?, _ a: String, _ b: String) -> [String] {
      let flag = "--" + comparison.rawValue
      guard let reference, let candidate else { return ["\(flag): \(b) did not run it"] }
      var problems: [String] = []
      if reference.code != candidate.code {
        problems.append("\(flag) exit code: \(a) \(reference.code), \(b) \(candidate.code)")
      }
      let mine = reference.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let theirs = candidate.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      // A line-level diff: one missing line reads as one difference, not a shifted tail.
      for change in theirs.difference(from: mine) {
        switch change {
        case let .remove(offset, line, _):
          problems.append("\(flag) \(a) line \(offset + 1) \(line.debugDescription): not in \(b)'s")
        case let .insert(offset, line, _):
          problems.append("\(flag) \(b) line \(offset + 1) \(line.debugDescription): not in \(a)'s")
        }
      }
      return problems
    }

    static func counters(_ values: [String: Int]?) -> String {
      guard let values else { return "absent" }
      return values.keys.sorted().map { "\($0)=\(values[$0] ?? 0)" }.joined(separator: " ")
    }
  }
}
