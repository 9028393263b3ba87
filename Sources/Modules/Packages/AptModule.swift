import Foundation
import SwiftPlayCore

/// Manages Debian packages with `apt-get`, `apt-cache` and `dpkg-query` on the target, as
/// Ansible's apt module does (no python3-apt needed). Installs, upgrades, removes and
/// purges packages, refreshes the cache when it is older than `cache_valid_time`, runs
/// whole-system upgrades, installs a local `.deb`, and waits up to `lock_timeout` seconds
/// for another apt or dpkg to finish. The plan reads the host and asks `apt-get --simulate`
/// what would change; that simulated output is the `--diff` (`prepared`), as in Ansible.
///
/// ```yaml
/// - name: curl and a pinned containerd
///   ansible.builtin.apt:
///     name: [curl, "containerd.io=1.7*"]
///     update_cache: true
///     cache_valid_time: 3600
/// - name: everything up to date
///   ansible.builtin.apt:
///     upgrade: dist
/// - name: no telnet, and no configuration left behind
///   ansible.builtin.apt:
///     name: telnet
///     state: absent
///     purge: true
/// ```
public struct AptModule: PlannedModule {
  public static let name = "apt"
  public static let pathOptions: Set<String> = ["deb"]
  public static let argumentNames: Set<String> = [
    "name", "pkg", "package", "state", "update_cache", "update-cache", "update_cache_retries",
    "update_cache_retry_max_delay", "cache_valid_time", "purge", "deb", "default_release", "default-release",
    "install_recommends", "install-recommends", "force", "upgrade", "dpkg_options", "autoremove", "autoclean",
    "fail_on_autoremove", "policy_rc_d", "only_upgrade", "force_apt_get", "clean", "allow_unauthenticated",
    "allow-unauthenticated", "allow_downgrade", "allow-downgrade", "allow_downgrades", "allow-downgrades",
    "allow_change_held_packages", "lock_timeout", "auto_install_module_deps",
  ]
  static let states = ["absent", "build-dep", "fixed", "latest", "present"]
  static let upgrades = ["dist", "full", "no", "safe", "yes"]

  /// The package specs as written (`nginx`, `nginx=1.24*`), `*` left out.
  let packages: [String]
  /// `name: "*"` with `state: latest` upgrades everything.
  let allInstalled: Bool
  let state: String
  let updateCache: Bool
  let cacheValidTime: Int
  let updateCacheRetries: Int
  let updateCacheRetryMaxDelay: Int
  let deb: String?
  let upgrade: String?
  let options: AptOptions

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    func given(_ names: [String]) -> String? { names.first { reader.value($0) != nil } }
    func flag(_ names: [String], _ fallback: Bool) throws(ModuleError) -> Bool {
      try reader.bool(given(names) ?? names[0], default: fallback)
    }
    func number(_ key: String, _ fallback: Int) throws(ModuleError) -> Int {
      guard let value = reader.value(key) else { return fallback }
      if case let .int(number) = value { return number }
      guard let number = Int(value.text.trimmingCharacters(in: .whitespaces)) else {
        throw ModuleError(
          module: Self.name,
          message: "argument '\(key)' is of type \(OptionReader.pythonType(value)) and we were unable to convert to int: "
            + "'\(value.text)' cannot be converted to an int")
      }
      return number
    }

    let nameKey = given(["name", "pkg", "package"])
    var specs: [String] = []
    if let nameKey, let value = reader.value(nameKey) {
      if case let .array(items) = value {
        specs = items.map(\.text)
      } else {
        specs = value.text.split(separator: ",").map(String.init)
      }
    }
    specs = specs.map { $0.trimmingCharacters(in: .whitespaces) }
    allInstalled = specs.contains("*")
    packages = specs.filter { $0 != "*" && !$0.isEmpty }
    state = try reader.choice("state", Self.states, default: "present") ?? "present"
    cacheValidTime = try number("cache_valid_time", 0)
    updateCache = try flag(["update_cache", "update-cache"], false) || cacheValidTime > 0
    updateCacheRetries = try number("update_cache_retries", 5)
    updateCacheRetryMaxDelay = try number("update_cache_retry_max_delay", 12)
    deb = reader.string("deb")
    let upgradeMode = try reader.choice("upgrade", Self.upgrades, default: "no") ?? "no"
    upgrade = upgradeMode == "no" ? nil : upgradeMode
    let lockTimeout = try number("lock_timeout", 60)
    var recommends: Bool?
    if let key = given(["install_recommends", "install-recommends"]) { recommends = try reader.bool(key, default: true) }
    let policy = try reader.value("policy_rc_d") == nil ? nil : number("policy_rc_d", 0)
    options = AptOptions(
      dpkgOptions: reader.string("dpkg_options") ?? AptOptions.defaultDpkgOptions, lockTimeout: lockTimeout,
      force: try flag(["force"], false), purge: try flag(["purge"], false), autoremove: try flag(["autoremove"], false),
      autoclean: try flag(["autoclean"], false), clean: try flag(["clean"], false),
      failOnAutoremove: try flag(["fail_on_autoremove"], false), onlyUpgrade: try flag(["only_upgrade"], false),
      allowUnauthenticated: try flag(["allow_unauthenticated", "allow-unauthenticated"], false),
      allowDowngrade: try flag(["allow_downgrade", "allow-downgrade", "allow_downgrades", "allow-downgrades"], false),
      allowChangeHeldPackages: try flag(["allow_change_held_packages"], false),
      installRecommends: recommends, defaultRelease: reader.string("default_release") ?? reader.string("default-release"),
      policyRcD: policy)
    _ = try flag(["force_apt_get"], false)
    _ = try flag(["auto_install_module_deps"], true)

    // Ansible's mutually_exclusive and required_one_of, on the options as written.
    let exclusive = [nameKey, reader.value("deb") == nil ? nil : "deb", reader.value("upgrade") == nil ? nil : "upgrade"]
    if exclusive.compactMap({ $0 }).count > 1 {
      throw ModuleError(module: Self.name, message: "parameters are mutually exclusive: deb|package|upgrade")
    }
    let required = ["autoremove", "deb", "name", "pkg", "package", "update_cache", "update-cache", "upgrade", "cache_valid_time"]
    if !required.contains(where: { reader.value($0) != nil }) {
      throw ModuleError(module: Self.name, message: "one of the following is required: autoremove, deb, package, update_cache, upgrade")
    }
    if let bad = packages.first(where: { $0.filter { $0 == "=" }.count > 1 }) {
      throw ModuleError(module: Self.name, message: "invalid package spec: \(bad)")
    }
    if deb != nil && state != "present" {
      throw ModuleError(module: Self.name, message: "deb only supports state=present")
    }
    if let deb, deb.contains("://") {
      throw ModuleError(module: Self.name, message: "deb from a URL is not supported yet: download it first (get_url) and give its path")
    }
    if options.clean {
      throw ModuleError(module: Self.name, message: "clean is not supported yet: run `apt-get clean` with the command module")
    }
    if allInstalled && state == "latest" && !packages.isEmpty {
      throw ModuleError(module: Self.name, message: "unable to install additional packages when upgrading all installed packages")
    }
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let before = try await AptCacheStamp.read(on: target)
    let stale = updateCache && before.now - before.time > cacheValidTime
    let nothingElse = packages.isEmpty && !allInstalled && upgrade == nil && deb == nil
    guard stale else {
      if updateCache && nothingElse {
        return .unchanged(["cache_updated": false, "cache_update_time": .int(before.time)])
      }
      return try await planWork(on: target, cache: (false, before.time))
    }
    // The cache is refreshed first; what the rest would do is planned on the cache as it
    // is now and planned again once it is fresh.
    let module = self
    let apply: @Sendable (Target) async throws(ConnectionError) -> ModuleResult = { target async throws(ConnectionError) in
      let update = try await target.run(AptCommandLine.updateScript(
        lockTimeout: module.options.lockTimeout, retries: module.updateCacheRetries, maxDelay: module.updateCacheRetryMaxDelay))
      guard update.rc == 0 else {
        let reason = update.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return ModuleResult(changed: false, failed: true, values: [
          "msg": .string("Failed to update apt cache after \(module.updateCacheRetries) retries: \(reason.isEmpty ? "unknown reason" : reason)"),
        ])
      }
      let after = try await AptCacheStamp.read(on: target)
      let updated = after.time != before.time
      if nothingElse {
        return ModuleResult(changed: updated, values: ["cache_updated": .bool(updated), "cache_update_time": .int(after.time)])
      }
      let fresh = try await module.planWork(on: target, cache: (updated, after.time))
      guard let work = fresh.apply else { return fresh.result }
      var result = try await work(target)
      if result.diff.isEmpty { result.diff = fresh.result.diff }
      return result
    }
    if nothingElse {
      return ModulePlan(result: ModuleResult(changed: true, values: ["cache_updated": true, "cache_update_time": .int(before.time)]), apply: apply)
    }
    // A package missing from the old cache (a repository added just before) fails only
    // check mode, as in Ansible: a real run plans it again after the update.
    let work = try await planWork(on: target, cache: (true, before.time))
    return ModulePlan(result: work.result, apply: apply)
  }

  /// What the task does once the cache is dealt with, in Ansible's order: a system
  /// upgrade, a .deb, autoclean/autoremove alone, then the packages.
  func planWork(on target: Target, cache: (updated: Bool, time: Int)) async throws(ConnectionError) -> ModulePlan {
    if let upgrade { return try await planUpgrade(upgrade, on: target) }
    if let deb { return try await planDeb(deb, cache: cache, on: target) }
    if allInstalled && state == "latest" { return try await planUpgrade("yes", on: target) }
    if packages.isEmpty {
      if options.autoclean { return try await planCleanup("autoclean", on: target) }
      if options.autoremove { return try await planCleanup("autoremove", on: target) }
    }
    if state == "absent" { return try await planRemove(on: target) }
    return try await planInstall(cache: cache, on: target)
  }
}
