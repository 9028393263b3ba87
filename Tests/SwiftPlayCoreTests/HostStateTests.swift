import Testing
import ValueModel

@testable import SwiftPlayCore

/// What a host's `hostvars` entry is rebuilt from: its injected facts follow its facts,
/// and its revision changes with every change another host can see, and only then.
struct HostStateTests {
  @Test func injectedFactsFollowTheFacts() {
    var state = HostState()
    #expect(state.injectedFacts == ["ansible_facts": .dict([:])])
    state.facts = ["os_family": "Debian"]
    #expect(state.injectedFacts == PlayContext.injected(facts: ["os_family": "Debian"]))
    #expect(state.injectedFacts["ansible_os_family"] == "Debian")
    state.facts.merge(["ansible_local": .dict([:])]) { _, new in new }
    #expect(state.injectedFacts["ansible_local"] == .dict([:]) && state.injectedFacts["ansible_ansible_local"] == nil)
    state.facts = [:]
    #expect(state.injectedFacts == ["ansible_facts": .dict([:])])
  }

  @Test func revisionChangesWithWhatHostvarsShows() {
    var state = HostState()
    #expect(state.revision == 0)
    var seen: Set<Int> = [0]
    state.facts["distribution"] = "Debian"
    #expect(seen.insert(state.revision).inserted)
    state.setFacts["registered"] = 1
    #expect(seen.insert(state.revision).inserted)
    state.includedVars["from_file"] = true
    #expect(seen.insert(state.revision).inserted)
    let before = state.revision
    state.notified.append("restart")
    state.failed = true
    state.ended = true
    #expect(state.revision == before)
    // Another host's change never reuses a number.
    var other = HostState()
    other.setFacts["x"] = 1
    #expect(!seen.contains(other.revision))
  }
}
