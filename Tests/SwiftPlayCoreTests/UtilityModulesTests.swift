import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore

/// set_fact, assert, fail, setup's parser, and the check-mode plans of command, shell and
/// raw; expectations follow what `ansible localhost -m ...` printed for the same arguments.
struct UtilityModulesTests {
  let target: Target

  init() throws {
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    target = Target(
      hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }),
      templar: Templar(variables: ["port": 8080, "name": "web"]))
  }

  /// debug's `verbosity`: skipped below the run's -v count, as Ansible's debug says it.
  @Test func debugVerbosityNeedsEnoughVs() async throws {
    let quiet = Target(hostName: "localhost", connection: target.connection, templar: Templar(variables: ["ansible_verbosity": 1]))
    let hidden = try await DebugModule(arguments: ModuleArguments(options: ["msg": "x", "verbosity": "2"])).run(on: quiet)
    #expect(hidden.json["skipped"] == true && hidden.json["skipped_reason"] == "Verbosity threshold not met.")
    let shown = try await DebugModule(arguments: ModuleArguments(options: ["msg": "x", "verbosity": 1])).run(on: quiet)
    #expect(shown.json["msg"] == "x" && shown.json["skipped"] == nil)
  }


  @Test func setFactTakesAnyNameAndCacheable() async throws {
    let module = try SetFactModule.parse(adHocArguments: "a=1 b=yes cacheable=yes")
    let result = try await module.run(on: target)
    #expect(result.values["ansible_facts"] == .object(["a": "1", "b": "yes"]))
    #expect(!result.changed && module.cacheable)
    let bad = try await SetFactModule(arguments: ModuleArguments(options: ["1x": 3])).run(on: target)
    #expect(bad.values["msg"] == "Task failed: Invalid variable name '1x'.")
    let none = try await SetFactModule(arguments: ModuleArguments(options: ["cacheable": true])).run(on: target)
    #expect(none.failed)
  }

  @Test func assertEvaluatesBareExpressions() async throws {
    let passed = try await AssertModule(arguments: ModuleArguments(options: ["that": .array(["port == 8080", "name is defined"])])).run(on: target)
    #expect(!passed.failed && passed.values["msg"] == "All assertions passed" && passed.isForDisplay)
    let failed = try await AssertModule(arguments: ModuleArguments(options: ["that": .array(["port > 1", "name == 'db'"]), "fail_msg": "nope"])).run(on: target)
    #expect(failed.failed && failed.values == ["assertion": "name == 'db'", "evaluated_to": false, "msg": "nope"])
    let undefined = try await AssertModule(arguments: ModuleArguments(options: ["that": "foo == 1"])).run(on: target)
    #expect(undefined.values["msg"]?.text.hasPrefix("Task failed: Error while evaluating conditional:") == true)
    let notBool = try await AssertModule(arguments: ModuleArguments(options: ["that": "1"])).run(on: target)
    #expect(notBool.values["msg"]?.text.hasPrefix("Task failed: Conditional result (True) was derived from value of type 'int'") == true)
    let quiet = try await AssertModule(arguments: ModuleArguments(options: ["that": true, "success_msg": "yay", "quiet": "yes"])).run(on: target)
    #expect(quiet.values["msg"] == "yay" && !quiet.isForDisplay)
  }

  @Test func failSaysWhy() async throws {
    let plain = try await FailModule(arguments: ModuleArguments()).run(on: target)
    #expect(plain.failed && plain.values["msg"] == "Failed as requested from task")
    #expect(try await FailModule.parse(adHocArguments: "msg=boom").run(on: target).values["msg"] == "boom")
  }

  @Test func commandPlansForCheckMode() async throws {
    let command = try CommandModule.parse(adHocArguments: "echo hi")
    let plan = try await command.plan(on: target)
    #expect(plan.result.values["skipped"] == true && plan.result.values["msg"] == "Command would have run if not in check mode")
    #expect(try await command.run(on: target).values["stdout"] == "hi")
    let satisfied = try ShellModule.parse(adHocArguments: "echo hi creates=/etc")
    let skip = try await satisfied.plan(on: target)
    #expect(skip.result.values["msg"] == "Would not run command since '/etc' exists")
    #expect(try await satisfied.run(on: target).values["msg"] == "Did not run command since '/etc' exists")
    let raw = try await RawModule.parse(adHocArguments: "echo hi").plan(on: target)
    #expect(raw.result.values == ["skipped": true] && !raw.result.changed)
  }

  /// gather_subset as ansible-core 2.19's setup answered on lab1: `min` lacks the hardware,
  /// network and virtual facts, `network` adds the addresses and interfaces, `!hardware`
  /// alone leaves min; a name Ansible does not know is refused.
  @Test func gatherSubsetChoosesGroupsAsAnsible() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    let facts = SetupFactParser.parse(try String(contentsOf: root.appendingPathComponent("Fixtures/setup/debian12.txt"), encoding: .utf8))
    let minimal = try SetupSubsets(["min"]).select(facts)
    #expect(minimal["ansible_hostname"] != nil && minimal["ansible_distribution"] != nil && minimal["ansible_env"] != nil)
    for key in ["ansible_memtotal_mb", "ansible_processor_vcpus", "ansible_mounts", "ansible_default_ipv4", "ansible_eth0", "ansible_virtualization_type"] {
      #expect(minimal[key] == nil, "\(key) is not a min fact")
    }
    let network = try SetupSubsets(["network"]).select(facts)
    #expect(network["ansible_default_ipv4"] != nil && network["ansible_eth0"] != nil && network["ansible_interfaces"] != nil)
    #expect(network["ansible_memtotal_mb"] == nil)
    #expect(try SetupSubsets(["!hardware"]).select(facts) == minimal)
    #expect(try SetupSubsets(["!all"]).select(facts) == minimal)
    #expect(try SetupSubsets(["all"]).select(facts) == facts)
    #expect(try SetupSubsets(["all", "!virtual"]).select(facts)["ansible_virtualization_type"] == nil)
    #expect(throws: ModuleError.self) { try SetupSubsets(["hardwre"]) }
  }

  @Test func setupParsesRecordedDebianOutput() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    let output = try String(contentsOf: root.appendingPathComponent("Fixtures/setup/debian12.txt"), encoding: .utf8)
    let facts = SetupFactParser.parse(output)
    #expect(facts["ansible_hostname"] == "vm" && facts["ansible_system"] == "Linux" && facts["ansible_machine"] == "x86_64")
    #expect(facts["ansible_distribution"] == "Debian" && facts["ansible_distribution_version"] == "12.11")
    #expect(facts["ansible_distribution_major_version"] == "12" && facts["ansible_distribution_release"] == "bookworm")
    #expect(facts["ansible_os_family"] == "Debian" && facts["ansible_pkg_mgr"] == "apt")
    #expect(facts["ansible_processor_vcpus"] == 2 && facts["ansible_processor_count"] == 1 && facts["ansible_memtotal_mb"] == 24105)
    #expect(facts["ansible_user_id"] == "root" && facts["ansible_user_dir"] == "/root" && facts["ansible_user_uid"] == 0)
    #expect(facts["ansible_all_ipv4_addresses"] == .array(["192.0.2.2"]))
    #expect(facts["ansible_default_ipv4"] == .object([
      "address": "192.0.2.2", "alias": "eth0", "broadcast": "192.0.2.255", "gateway": "192.0.2.1", "interface": "eth0",
      "macaddress": "02:fc:00:00:00:01", "mtu": 1400, "netmask": "255.255.255.0", "network": "192.0.2.0", "prefix": "24",
      "type": "ether",
    ]))
    guard case let .object(env)? = facts["ansible_env"], case let .object(date)? = facts["ansible_date_time"] else {
      Issue.record("no env or date")
      return
    }
    #expect(env["MULTI"] == "first\nsecond line" && env["HOME"] == "/root")
    #expect(date["iso8601"] == "2026-11-29T15:51:23Z" && date["weekday"] == "Sunday" && date["tz_offset"] == "+0000")
    #expect(facts["ansible_virtualization_type"] == "docker")
    guard case let .array(mounts)? = facts["ansible_mounts"] else { Issue.record("no mounts"); return }
    #expect(mounts.contains { $0.objectValue?["mount"] == "/" })
    // As Ansible's setup printed for the same mounts: statvfs figures, and the bind mount marked.
    let netns = mounts.first { $0.objectValue?["mount"] == "/run/netns" }?.objectValue ?? [:]
    #expect(netns["options"] == "rw,relatime,discard,bind")
    #expect(netns["size_total"] == 270_553_174_016 && netns["block_used"] == 46_099_558 && netns["inode_used"] == 539_254)
  }
}

extension JSONValue {
  var objectValue: [String: JSONValue]? {
    if case let .object(members) = self { return members }
    return nil
  }
}
