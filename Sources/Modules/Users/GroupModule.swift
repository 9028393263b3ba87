import Foundation
import SwiftPlayCore
import ValueModel

/// A local group, with groupadd, groupmod and groupdel; read with getent.
///
/// ```yaml
/// - ansible.builtin.group:
///     name: docker
///     system: true
/// ```
package struct GroupModule: PlannedModule {
  package static let name = "group"
  /// Not implemented natively: `local`, `force`, `gid_min` and `gid_max`.
  package static let argumentSpec = ArgumentSpec([
    .str("name", required: true), .int("gid"), .str("state", default: "present", choices: ["absent", "present"]),
    .bool("system", default: false), .bool("non_unique", default: false),
  ])

  let group: String
  let gid: Int?
  let present: Bool
  let system: Bool
  let nonUnique: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    group = values.string("name") ?? ""
    gid = values.int("gid")
    present = values.string("state") == "present"
    system = values.bool("system")
    nonUnique = values.bool("non_unique")
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let found = try await target.run("getent group \(ShellQuote.quote(group))")
    let fields = found.stdout.trimmingCharacters(in: .newlines).split(separator: ":", omittingEmptySubsequences: false)
    let currentGid = found.rc == 0 && fields.count >= 3 ? Int(fields[2]) : nil
    var values: ValueDict = ["name": .string(group), "state": .string(present ? "present" : "absent")]
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
