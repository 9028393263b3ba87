import Foundation
import SwiftPlayCore
import ValueModel

/// A local user account, with useradd, usermod and userdel; read with getent and id.
/// `password` is a crypt hash (make one with the `password_hash` filter); it is set on
/// creation and, with `update_password: always` (the default), whenever it differs.
///
/// ```yaml
/// - ansible.builtin.user:
///     name: deploy
///     groups: [docker, sudo]
///     append: true
///     shell: /bin/bash
/// ```
package struct UserModule: PlannedModule {
  package static let name = "user"
  /// Not implemented natively: `non_unique`, `move_home`, `local`, the SSH key, expiry,
  /// locking, SELinux and BSD/macOS options.
  package static let argumentSpec = ArgumentSpec([
    .str("name", aliases: ["user"], required: true), .int("uid"), .str("group"), .list("groups", of: .str),
    .bool("append", default: false), .path("shell"), .path("home"), .bool("create_home", default: true, aliases: ["createhome"]),
    .bool("system", default: false), .str("comment"), .str("password", noLog: true),
    .str("update_password", default: "always", choices: ["always", "on_create"]),
    .str("state", default: "present", choices: ["absent", "present"]), .bool("remove", default: false),
    .bool("force", default: false),
  ])

  let user: String
  let uid: Int?
  let group: String?
  let groups: [String]?
  let append: Bool
  let shell: String?
  let home: String?
  let createHome: Bool
  let system: Bool
  let comment: String?
  let password: String?
  let updateAlways: Bool
  let present: Bool
  let remove: Bool
  let force: Bool

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    user = values.string("name") ?? ""
    uid = values.int("uid")
    group = values.string("group")
    groups = values.strings("groups")?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    append = values.bool("append")
    shell = values.string("shell")
    home = values.string("home")
    createHome = values.bool("create_home")
    system = values.bool("system")
    comment = values.string("comment")
    password = values.string("password")
    updateAlways = values.string("update_password") == "always"
    present = values.string("state") == "present"
    remove = values.bool("remove")
    force = values.bool("force")
  }

  /// What getent and id say of the account now.
  struct Account {
    var uid: Int
    var gid: Int
    var comment: String
    var home: String
    var shell: String
    var groups: [String]
    var passwordHash: String
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let quoted = ShellQuote.quote(user)
    let probe = try await target.run(
      "getent passwd \(quoted) || exit 0; echo @@; id -Gn \(quoted); echo @@; getent shadow \(quoted) | cut -d: -f2; echo @@; "
        + (group.map { "getent group \(ShellQuote.quote($0)) | cut -d: -f3" } ?? "true"))
    let account = Self.account(probe.stdout)
    var values: ValueDict = ["name": .string(user), "state": .string(present ? "present" : "absent")]
    if !present {
      guard account != nil else { return .unchanged(values) }
      values["remove"] = .bool(remove)
      values["force"] = .bool(force)
      return change(values, ShellQuote.join(["userdel"] + (remove ? ["-r"] : []) + (force ? ["-f"] : []) + [user]))
    }
    if password != nil { values["password"] = "NOT_LOGGING_PASSWORD" }
    guard let account else {
      var flags: [String] = []
      if let uid { flags += ["-u", String(uid)] }
      if let group { flags += ["-g", group] }
      if let groups, !groups.isEmpty { flags += ["-G", groups.joined(separator: ",")] }
      if let shell { flags += ["-s", shell] }
      if let home { flags += ["-d", home] }
      if let comment { flags += ["-c", comment] }
      if let password { flags += ["-p", password] }
      flags += system ? ["-r"] : []
      flags += createHome ? ["-m"] : ["-M"]
      values.merge(["system": .bool(system), "create_home": .bool(createHome)]) { $1 }
      return change(values, ShellQuote.join(["useradd"] + flags + [user]))
    }
    let primary = probe.stdout.components(separatedBy: "@@\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    var flags: [String] = []
    if let uid, uid != account.uid { flags += ["-u", String(uid)] }
    if let group, (primary ?? Int(group)) != account.gid { flags += ["-g", group] }
    if let groups {
      let current = Set(account.groups.dropFirst())  // id -Gn lists the primary group first
      let wanted = Set(groups).subtracting([account.groups.first ?? ""])
      if append {
        if !wanted.isSubset(of: current) { flags += ["-a", "-G", groups.joined(separator: ",")] }
      } else if wanted != current {
        flags += ["-G", groups.joined(separator: ",")]
      }
    }
    if let shell, shell != account.shell { flags += ["-s", shell] }
    if let home, home != account.home { flags += ["-d", home] }
    if let comment, comment != account.comment { flags += ["-c", comment] }
    if let password, updateAlways, password != account.passwordHash { flags += ["-p", password] }
    values.merge([
      "uid": .int(account.uid), "group": .int(account.gid), "home": .string(account.home), "shell": .string(account.shell),
      "comment": .string(account.comment), "groups": .string(account.groups.dropFirst().joined(separator: ",")),
      "append": .bool(append),
    ]) { $1 }
    guard !flags.isEmpty else { return .unchanged(values) }
    return change(values, ShellQuote.join(["usermod"] + flags + [user]))
  }

  /// A plan that runs `command`; the result keeps `values`, or says what the tool said.
  private func change(_ values: ValueDict, _ command: String) -> ModulePlan {
    ModulePlan(result: ModuleResult(changed: true, values: values)) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      guard outcome.rc == 0 else {
        let said = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return ModuleResult(changed: false, failed: true, values: values.merging(["msg": .string(said), "rc": .int(outcome.rc)]) { $1 })
      }
      return ModuleResult(changed: true, values: values)
    }
  }

  /// The probe's sections: the passwd line, `id -Gn`, the shadow hash; nil when the
  /// account does not exist.
  static func account(_ output: String) -> Account? {
    let parts = output.components(separatedBy: "@@\n")
    guard parts.count >= 3 else { return nil }
    let fields = parts[0].trimmingCharacters(in: .newlines).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard fields.count >= 7, let uid = Int(fields[2]), let gid = Int(fields[3]) else { return nil }
    return Account(
      uid: uid, gid: gid, comment: fields[4], home: fields[5], shell: fields[6],
      groups: parts[1].split(whereSeparator: \.isWhitespace).map(String.init),
      passwordHash: parts[2].trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
