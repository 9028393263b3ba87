import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// set_fact, assert, fail, and the check-mode plans of command, shell and
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

  /// A message that a single expression made a number or a list stays one (Ansible 2.19).
  @Test func debugKeepsTheMessagesType() async throws {
    let number = try await DebugModule(arguments: ModuleArguments(options: ["msg": 3])).run(on: target)
    #expect(number.json["msg"] == 3)
    let list = try await DebugModule(arguments: ModuleArguments(options: ["msg": .list(["a", "b"])])).run(on: target)
    #expect(list.json["msg"] == .list(["a", "b"]))
  }


  @Test func setFactTakesAnyNameAndCacheable() async throws {
    let module = try SetFactModule.parse(adHocArguments: "a=1 b=yes cacheable=yes")
    let result = try await module.run(on: target)
    #expect(result.values["ansible_facts"] == .dict(["a": "1", "b": "yes"]))
    #expect(!result.changed && module.cacheable)
    let bad = try await SetFactModule(arguments: ModuleArguments(options: ["1x": 3])).run(on: target)
    #expect(bad.values["msg"] == "Task failed: Invalid variable name '1x'.")
    let none = try await SetFactModule(arguments: ModuleArguments(options: ["cacheable": true])).run(on: target)
    #expect(none.failed)
  }

  @Test func assertEvaluatesBareExpressions() async throws {
    let passed = try await AssertModule(arguments: ModuleArguments(options: ["that": .list(["port == 8080", "name is defined"])])).run(on: target)
    #expect(!passed.failed && passed.values["msg"] == "All assertions passed" && passed.isForDisplay)
    let failed = try await AssertModule(arguments: ModuleArguments(options: ["that": .list(["port > 1", "name == 'db'"]), "fail_msg": "nope"])).run(on: target)
    #expect(failed.failed && failed.values == ["assertion": "name == 'db'", "evaluated_to": false, "msg": "nope"])
    let undefined = try await AssertModule(arguments: ModuleArguments(options: ["that": "foo == 1"])).run(on: target)
    #expect(undefined.values["msg"]?.plainText.hasPrefix("Task failed: Error while evaluating conditional:") == true)
    let notBool = try await AssertModule(arguments: ModuleArguments(options: ["that": "1"])).run(on: target)
    #expect(notBool.values["msg"]?.plainText.hasPrefix("Task failed: Conditional result (True) was derived from value of type 'int'") == true)
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
    // After a real creates/removes check, Ansible's check mode reports the change.
    let unsatisfied = try await ShellModule.parse(adHocArguments: "echo hi creates=/nonexistent-swiftplay-test").plan(on: target)
    #expect(unsatisfied.result.changed && unsatisfied.result.values["skipped"] == nil)
    #expect(try await command.run(on: target).values["stdout"] == "hi")
    let satisfied = try ShellModule.parse(adHocArguments: "echo hi creates=/etc")
    let skip = try await satisfied.plan(on: target)
    #expect(skip.result.values["msg"] == "Would not run command since '/etc' exists")
    #expect(try await satisfied.run(on: target).values["msg"] == "Did not run command since '/etc' exists")
    let raw = try await RawModule.parse(adHocArguments: "echo hi").plan(on: target)
    #expect(raw.result.values == ["skipped": true] && !raw.result.changed)
  }
}

extension Value {
  var objectValue: ValueDict? {
    if case let .dict(members) = self { return members }
    return nil
  }
}
