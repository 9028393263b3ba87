import Foundation
import Testing

@testable import SwiftPlayCore
import ValueModel

/// The json callback's host entries where Ansible's rule is not obvious; each expectation
/// is what ansible-playbook 2.19 with ansible.posix.json printed for the same task
/// (Tests/Differential/84-json-callback.yml compares whole documents on the lab).
struct JSONCallbackTests {
  func entry(_ result: HostTaskResult, action: String) -> ValueDict {
    guard case let .dict(members) = JSONCallback.hostEntry(result, action: action) else { return [:] }
    return members
  }

  func object(_ json: String) throws -> ValueDict {
    guard case let .dict(members) = try JSON.decode(json) else { return [:] }
    return members
  }

  func items(_ entry: ValueDict) -> [ValueDict] {
    guard case let .list(items)? = entry["results"] else { return [] }
    return items.compactMap { if case let .dict(members) = $0 { return members } else { return nil } }
  }

  /// A loop's own `failed`/`skipped` come off (the event says them; the callback writes
  /// back only a true one); each item keeps its own.
  @Test func loopStatusKeysComeFromTheEvent() throws {
    let loop = HostTaskResult(host: "h", status: .ok, result: try object("""
      {"changed": false, "msg": "All items completed", "skipped": false, "results": [
        {"changed": false, "skipped": true, "item": 1, "ansible_loop_var": "item", "skip_reason": "Conditional result was False"},
        {"changed": false, "failed": false, "msg": 2, "item": 2, "ansible_loop_var": "item"}]}
      """))
    let shown = entry(loop, action: "debug")
    #expect(shown["skipped"] == nil && shown["failed"] == nil && shown["_ansible_no_log"] == nil)
    let (skipped, ran) = (items(shown)[0], items(shown)[1])
    #expect(skipped["skipped"] == true && skipped["_ansible_verbose_always"] == nil)
    #expect(ran["failed"] == false && ran["_ansible_verbose_always"] == true && ran["_ansible_item_label"] == 2)

    var failed = loop
    failed.status = HostTaskStatus.failed
    failed.result["failed"] = .bool(false)
    #expect(entry(failed, action: "command")["failed"] == true)
  }

  /// `loop_control.label` as rendered, its type kept (`{{ item.n }}` gives 1, not "1").
  @Test func itemLabelIsTheRenderedLabel() throws {
    var loop = HostTaskResult(host: "h", status: .ok, result: try object("""
      {"changed": false, "results": [{"item": {"n": 1}, "ansible_loop_var": "item", "changed": false}]}
      """))
    #expect(items(entry(loop, action: "debug"))[0]["_ansible_item_label"] == .dict(["n": .int(1)]))
    loop.itemLabels = [.int(1)]
    #expect(items(entry(loop, action: "debug"))[0]["_ansible_item_label"] == 1)
  }

  /// A no_log loop keeps its shape: censored items, no labels, `_ansible_no_log` on each
  /// and at the top.
  @Test func censoredLoopKeepsItsItems() throws {
    let loop = HostTaskResult(host: "h", status: .changed, result: try object("""
      {"changed": true, "msg": "All items completed",
       "results": [{"item": "secret", "ansible_loop_var": "item", "changed": true, "stdout": "secret"}]}
      """), noLog: true)
    let shown = entry(loop, action: "command")
    #expect(shown["_ansible_no_log"] == true && shown["msg"] == nil && shown["censored"] != nil)
    #expect(items(shown) == [["censored": .string(ResultDisplay.censoredMessage), "changed": .bool(true), "_ansible_no_log": .bool(true)]])
  }
}
