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
package struct AptModule: PlannedModule {
  package static let name = "apt"
  /// Not implemented natively: `clean` (a task with it runs Ansible's module).
  /// `force_apt_get` is accepted: apt-get is always used, never aptitude.
  /// `auto_install_module_deps` is accepted and changes nothing: no Python module is needed.
  package static let argumentSpec = ArgumentSpec(
    [
      .str("state", default: "present", choices: states), .bool("update_cache", aliases: ["update-cache"]),
      .int("update_cache_retries", default: 5), .int("update_cache_retry_max_delay", default: 12),
      .int("cache_valid_time", default: 0), .bool("purge", default: false),
      .list("package", of: .str, aliases: ["pkg", "name"]), .path("deb"), .str("default_release", aliases: ["default-release"]),
      .bool("install_recommends", aliases: ["install-recommends"]), .bool("force", default: false),
      .str("upgrade", default: "no", choices: upgrades), .str("dpkg_options", default: AptOptions.defaultDpkgOptions),
      .bool("autoremove", default: false), .bool("autoclean", default: false), .bool("fail_on_autoremove", default: false),
      .int("policy_rc_d"), .bool("only_upgrade", default: false), .bool("force_apt_get", default: false),
      .bool("allow_unauthenticated", default: false, aliases: ["allow-unauthenticated"]),
      .bool("allow_downgrade", default: false, aliases: ["allow-downgrade", "allow_downgrades", "allow-downgrades"]),
      .bool("allow_change_held_packages", default: false), .int("lock_timeout", default: 60),
      .bool("auto_install_module_deps", default: true),
    ],
    mutuallyExclusive: [["deb", "package", "upgrade"]],
    requiredOneOf: [["autoremove", "deb", "package", "update_cache", "upgrade"]])
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

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let specs = (values.strings("package") ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
    allInstalled = specs.contains("*")
    packages = specs.filter { $0 != "*" && !$0.isEmpty }
    state = values.string("state") ?? "present"
    cacheValidTime = values.int("cache_valid_time") ?? 0
    updateCache = values.bool("update_cache") || cacheValidTime > 0
    updateCacheRetries = values.int("update_cache_retries") ?? 5
    updateCacheRetryMaxDelay = values.int("update_cache_retry_max_delay") ?? 12
    deb = values.string("deb")
    let upgradeMode = values.string("upgrade") ?? "no"
    upgrade = upgradeMode == "no" ? nil : upgradeMode
    options = AptOptions(
      dpkgOptions: values.string("dpkg_options") ?? AptOptions.defaultDpkgOptions,
      lockTimeout: values.int("lock_timeout") ?? 60, force: values.bool("force"), purge: values.bool("purge"),
      autoremove: values.bool("autoremove"), autoclean: values.bool("autoclean"), clean: false,
      failOnAutoremove: values.bool("fail_on_autoremove"), onlyUpgrade: values.bool("only_upgrade"),
      allowUnauthenticated: values.bool("allow_unauthenticated"), allowDowngrade: values.bool("allow_downgrade"),
      allowChangeHeldPackages: values.bool("allow_change_held_packages"),
      installRecommends: values.optionalBool("install_recommends"), defaultRelease: values.string("default_release"),
      policyRcD: values.int("policy_rc_d"))
    if let bad = packages.first(where: { $0.filter { $0 == "=" }.count > 1 }) {
      throw ModuleError(module: Self.name, message: "invalid package spec: \(bad)")
    }
    if deb != nil && state != "present" {
      throw ModuleError(module: Self.name, message: "deb only supports state=present")
    }
    if let deb, deb.contains("://") {
      throw ModuleError.beyondNative(module: Self.name, message: "deb from a URL is not supported yet: download it first (get_url) and give its path")
    }
    if allInstalled && state == "latest" && !packages.isEmpty {
      throw ModuleError(module: Self.name, message: "unable to install additional packages when upgrading all installed packages")
    }
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
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
