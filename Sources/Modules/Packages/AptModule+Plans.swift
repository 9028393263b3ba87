import Foundation
import SwiftPlayCore
import ValueModel

extension AptModule {
  /// Which package words `apt-get install` needs, decided as Ansible's install() and
  /// package_status() decide: a missing package is installed at its candidate (or at the
  /// highest version matching its pin), an installed one only when its version does not
  /// match the pin or, for `latest`, when the candidate is another version. Returns
  /// Ansible's message when a package cannot be installed.
  static func installWords(
    _ specs: [AptSpec], dpkg: [String: DpkgPackage], policy: [String: AptPolicy], latest: Bool, onlyUpgrade: Bool
  ) -> Result<[String], AptFailure> {
    var words: [String] = []
    for spec in specs {
      let current = dpkg[spec.name]
      let installed = current?.isInstalled == true
      guard let known = policy[spec.name] else {
        if installed { continue }
        return .failure(AptFailure(message: "No package matching '\(spec.name)' is available"))
      }
      if !installed && onlyUpgrade { continue }
      // A virtual package has no versions: apt-get chooses what provides it, and its
      // simulation tells whether anything would change.
      if known.versions.isEmpty && known.candidate == nil && !installed {
        words.append(spec.name)
        continue
      }
      // A glob pin picks the highest version it matches, as Ansible's 1001 pin does; `>=`
      // and no version take apt's candidate.
      let best = spec.atLeast ? known.candidate : spec.version.map { pin in known.versions.first { AptSpec.matches($0, pin: pin) } } ?? known.candidate
      var versionInstalled = false
      var installable: String?
      if installed, let version = current?.version {
        versionInstalled = spec.accepts(version)
        if let best, best != version, spec.accepts(best) { installable = best }
      } else {
        installable = best
      }
      guard let installable else {
        if versionInstalled { continue }
        let written = spec.version.map { "\(spec.name)\(spec.atLeast ? ">=" : "=")\($0)" } ?? spec.name
        return .failure(AptFailure(message: "no available installation candidate for \(written)"))
      }
      // As Ansible: missing, out of pin, or `latest` installs the best version; an
      // installed version inside a glob pin moves to the highest version the pin allows.
      if !installed || latest || !versionInstalled || (spec.version != nil && !spec.atLeast) {
        words.append("\(spec.name)=\(installable)")
      }
    }
    return .success(words)
  }

  /// Which package words `apt-get remove` needs: installed ones whose version matches the
  /// pin, and with purge those that left files behind.
  static func removeWords(_ specs: [AptSpec], dpkg: [String: DpkgPackage], purge: Bool) -> [String] {
    specs.compactMap { spec in
      guard let current = dpkg[spec.name] else { return nil }
      let versionInstalled = current.isInstalled && spec.accepts(current.version)
      return versionInstalled || (current.hasFiles && purge) ? spec.name : nil
    }
  }

  /// dpkg's view of the named packages.
  func dpkgState(_ names: [String], on target: Target) async throws(ConnectionError) -> [String: DpkgPackage] {
    let quoted = names.map(ShellQuote.quote).joined(separator: " ")
    let output = try await target.run("LC_ALL=C dpkg-query -W -f=\(ShellQuote.quote(AptParse.dpkgFormat)) \(quoted) 2>/dev/null")
    return AptParse.dpkgQuery(output.stdout)
  }

  /// apt's view (candidate and known versions) of the named packages; apt-cache takes a
  /// few seconds on a busy host, so it is asked only about packages that need it.
  func policy(_ names: [String], on target: Target) async throws(ConnectionError) -> [String: AptPolicy] {
    guard !names.isEmpty else { return [:] }
    var cacheOptions = ""
    if let release = options.defaultRelease { cacheOptions = " -o " + ShellQuote.quote("APT::Default-Release=\(release)") }
    let quoted = names.map(ShellQuote.quote).joined(separator: " ")
    return AptParse.policy(try await target.run("LC_ALL=C apt-cache\(cacheOptions) policy \(quoted) 2>/dev/null").stdout)
  }

  func planInstall(cache: (updated: Bool, time: Int), on target: Target) async throws(ConnectionError) -> ModulePlan {
    let cacheValues: ValueDict = ["cache_updated": .bool(cache.updated), "cache_update_time": .int(cache.time)]
    let specs = packages.map(AptSpec.init)
    let words: [String]
    if state == "build-dep" {
      words = packages
    } else {
      let dpkg = try await dpkgState(specs.map(\.name), on: target)
      // An installed package that is neither pinned nor to be the latest needs nothing more.
      let latest = state == "latest"
      let unsettled = specs.filter { dpkg[$0.name]?.isInstalled != true || $0.version != nil || latest }.map(\.name)
      let known = try await policy(unsettled, on: target)
      switch Self.installWords(specs, dpkg: dpkg, policy: known, latest: latest, onlyUpgrade: options.onlyUpgrade) {
      case let .failure(failure): return Self.failed(failure.message, cacheValues)
      case let .success(list): words = list
      }
    }
    guard !words.isEmpty else { return .unchanged(cacheValues) }
    let options = self.options
    let buildDep = state == "build-dep"
    let fixed = state == "fixed"
    let names = specs.map(\.name)
    return try await simulated(
      { AptCommandLine.install(words, options, simulate: $0, buildDep: buildDep, fixed: fixed) },
      values: cacheValues,
      changed: { !$0.contains(AptCommandLine.nothingToDo) },
      failure: { "'\($0)' failed: \($1)" },
      after: buildDep ? nil : "apt-mark manual " + names.map(ShellQuote.quote).joined(separator: " ") + " >/dev/null 2>&1",
      on: target)
  }

  func planRemove(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let specs = packages.map(AptSpec.init)
    let words = Self.removeWords(specs, dpkg: try await dpkgState(specs.map(\.name), on: target), purge: options.purge)
    guard !words.isEmpty else { return .unchanged() }
    let options = self.options
    let list = words.map(ShellQuote.quote).joined(separator: " ")
    return try await simulated(
      { AptCommandLine.remove(words, options, simulate: $0) }, values: [:], changed: { _ in true },
      failure: { _, err in "'apt-get remove \(list)' failed: \(err)" }, on: target)
  }

  func planUpgrade(_ mode: String, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let options = self.options
    return try await simulated(
      { AptCommandLine.upgrade(mode, options, simulate: $0) }, values: [:],
      changed: { !$0.contains(AptCommandLine.nothingToDo) }, failure: { "'\($0)' failed: \($1)" }, messageIsOutput: true,
      on: target)
  }

  func planCleanup(_ operation: String, on target: Target) async throws(ConnectionError) -> ModulePlan {
    let options = self.options
    return try await simulated(
      { AptCommandLine.cleanup(operation, options, simulate: $0) }, values: [:],
      changed: { AptCommandLine.cleanupChanged(operation, output: $0) }, failure: { "'\($0)' failed: \($1)" },
      reportsUnchangedOutput: true, on: target)
  }

  /// A .deb file on the target: nothing to do when dpkg already has that package at that
  /// version; otherwise apt-get installs it with its dependencies.
  func planDeb(_ path: String, cache: (updated: Bool, time: Int), on target: Target) async throws(ConnectionError) -> ModulePlan {
    let fields = try await target.run("dpkg-deb -f \(ShellQuote.quote(path)) Package Version")
    guard fields.rc == 0 else {
      return Self.failed("Unable to install package: \(fields.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    var values: [String: String] = [:]
    for line in fields.stdout.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      values[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    guard let package = values["Package"], let version = values["Version"] else {
      return Self.failed("Unable to install package: \(path) has no Package or Version field")
    }
    if let current = try await dpkgState([package], on: target)[package], current.isInstalled, current.version == version { return .unchanged() }
    let absolute = path.hasPrefix("/") ? path : "./" + path
    let options = self.options
    return try await simulated(
      { AptCommandLine.install([absolute], options, simulate: $0) }, values: [:], changed: { _ in true },
      failure: { "'\($0)' failed: \($1)" }, on: target)
  }

  /// Plans with apt-get's simulation: it says whether anything would change, and its
  /// output is what check mode reports and the diff shows. Apply runs the real command.
  func simulated(
    _ argv: @escaping @Sendable (_ simulate: Bool) -> [String], values: ValueDict,
    changed: @escaping @Sendable (String) -> Bool, failure: @escaping @Sendable (String, String) -> String,
    messageIsOutput: Bool = false, reportsUnchangedOutput: Bool = false, after: String? = nil, on target: Target
  ) async throws(ConnectionError) -> ModulePlan {
    let policyRcD = options.policyRcD
    let dry = AptCommandLine.render(argv(true))
    let simulation = try await target.run(dry)
    if simulation.rc != 0 {
      var failed = Self.outputValues(simulation, values)
      failed["msg"] = .string(failure(dry, simulation.stderr))
      failed["rc"] = .int(simulation.rc)
      return ModulePlan(result: ModuleResult(changed: false, failed: true, values: failed))
    }
    guard changed(simulation.stdout) else {
      if messageIsOutput || reportsUnchangedOutput {
        var unchanged = Self.outputValues(simulation, values)
        if messageIsOutput { unchanged["msg"] = .string(simulation.stdout) }
        return .unchanged(unchanged)
      }
      return .unchanged(values)
    }
    var planned = Self.outputValues(simulation, values)
    if messageIsOutput { planned["msg"] = .string(simulation.stdout) }
    let diff: [ValueDict] = [["prepared": .string(AptParse.prepared(simulation.stdout))]]
    return ModulePlan(result: ModuleResult(changed: true, values: planned, diff: diff)) { target async throws(ConnectionError) in
      let line = AptCommandLine.render(argv(false))
      let outcome = try await target.run(AptCommandLine.withPolicyRcD(policyRcD, after.map { "\(line) && { \($0); true; }" } ?? line))
      var result = Self.outputValues(outcome, values)
      if messageIsOutput { result["msg"] = .string(outcome.stdout) }
      guard outcome.rc == 0 else {
        result["msg"] = .string(failure(line, outcome.stderr))
        result["rc"] = .int(outcome.rc)
        return ModuleResult(changed: false, failed: true, values: result)
      }
      return ModuleResult(changed: changed(outcome.stdout), values: result, diff: [["prepared": .string(AptParse.prepared(outcome.stdout))]])
    }
  }

  static func outputValues(_ outcome: CommandResult, _ values: ValueDict) -> ValueDict {
    var result = values
    result["stdout"] = .string(outcome.stdout)
    result["stderr"] = .string(outcome.stderr)
    result["stdout_lines"] = AptParse.lines(outcome.stdout)
    result["stderr_lines"] = AptParse.lines(outcome.stderr)
    return result
  }

  static func failed(_ message: String, _ values: ValueDict = [:]) -> ModulePlan {
    var values = values
    values["msg"] = .string(message)
    return ModulePlan(result: ModuleResult(changed: false, failed: true, values: values))
  }
}

/// Why a package cannot be installed, in Ansible's words.
struct AptFailure: Error, Equatable {
  let message: String
}
