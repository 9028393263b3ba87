import Foundation
import SwiftPlayCore

/// A local group, with groupadd, groupmod and groupdel; read with getent.
///
/// ```yaml
/// - ansible.builtin.group:
///     name: docker
///     system: true
/// ```
public struct GroupModule: PlannedModule {
  public static let name = "group"
  public static let argumentNames: Set<String> = ["name", "gid", "state", "system", "local", "non_unique", "force"]

  let group: String
  let gid: Int?
  let present: Bool
  let system: Bool
  let nonUnique: Bool

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    group = try reader.required("name")
    gid = try reader.whole("gid")
    present = try reader.choice("state", ["present", "absent"], default: "present") == "present"
    system = try reader.bool("system", default: false)
    nonUnique = try reader.bool("non_unique", default: false)
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let found = try await target.run("getent group \(ShellQuote.quote(group))")
    let fields = found.stdout.trimmingCharacters(in: .newlines).split(separator: ":", omittingEmptySubsequences: false)
    let currentGid = found.rc == 0 && fields.count >= 3 ? Int(fields[2]) : nil
    var values: [String: JSONValue] = ["name": .string(group), "state": .string(present ? "present" : "absent")]
    let command: String
    if !present {
      guard currentGid != nil else { return .unchanged(values) }
      command = "groupdel \(ShellQuote.quote(group))"
    } else if let currentGid {
      values["gid"] = .int(gid ?? currentGid)
      values["system"] = .bool(system)
      guard let gid, gid != currentGid else { return .unchanged(values) }
      command = ShellQuote.join(["groupmod", "-g", String(gid)] + (nonUnique ? ["-o"] : []) + [group])
    } else {
      values["system"] = .bool(system)
      command = ShellQuote.join(["groupadd"] + (gid.map { ["-g", String($0)] } ?? []) + (nonUnique ? ["-o"] : []) + (system ? ["-r"] : []) + [group])
    }
    let planned = values
    let name = group
    return ModulePlan(result: ModuleResult(changed: true, values: planned)) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      guard outcome.rc == 0 else {
        return ModuleResult(changed: false, failed: true, values: planned.merging(["msg": .string(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))]) { $1 })
      }
      var done = planned
      if done["gid"] == nil, done["state"] == "present" {
        let made = try await target.run("getent group \(ShellQuote.quote(name)) | cut -d: -f3")
        if let gid = Int(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { done["gid"] = .int(gid) }
      }
      return ModuleResult(changed: true, values: done)
    }
  }
}
