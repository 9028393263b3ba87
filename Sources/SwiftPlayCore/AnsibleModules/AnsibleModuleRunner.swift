import Foundation
import Synchronization
import ValueModel

/// Runs one of Ansible's own modules on a host, as Ansible runs it with pipelining: the
/// module and its module_utils packed into a zip (`ModulePayload`), sent with the
/// arguments on the standard input of one `python -c` command through the task's
/// connection (so become, `environment:` and timeouts apply as to any command), and its
/// JSON result taken as the task's. The arguments never appear on a command line.
///
/// One runner serves a whole run: it keeps each module's payload and each host's
/// discovered Python, so a module is packed once and discovery runs once per host.
package final class AnsibleModuleRunner: Sendable {
  let payload: ModulePayload
  /// `interpreter_python`: `auto` (or `auto_silent`, `auto_legacy`...) for discovery, else a path.
  let interpreterSetting: String
  let remoteTmp: String
  let ansibleVersion: String
  /// Names the host's module server for this set of module_utils (ModuleBootstrap): the
  /// same Ansible version and module_utils folders share one.
  let serverKey: String
  private let payloads = Mutex<[AnsibleModuleSource: [UInt8]]>([:])
  /// `module_utils/` folders of the playbooks and roles loaded, and playbooks' own
  /// `collections/` folders: searched before the configured ones, as Ansible adds them.
  private let loadedFolders = Mutex<(moduleUtils: [String], collections: [String])>(([], []))
  private let interpreters = Mutex<[String: String]>([:])

  /// The Pythons tried in order by discovery, as Ansible's `auto` tries them (setup's
  /// `discovered_interpreter_python` uses the same list).
  package static let discoveryCandidates = [
    "python3.13", "python3.12", "python3.11", "python3.10", "python3.9", "python3.8", "/usr/bin/python3", "python3",
  ]

  package init(
    moduleUtilsPaths: [String], collectionRoots: [String], interpreter: String = "auto", remoteTmp: String = "~/.ansible/tmp",
    ansibleVersion: String
  ) {
    payload = ModulePayload(moduleUtilsPaths: moduleUtilsPaths, collectionRoots: collectionRoots)
    interpreterSetting = interpreter
    self.remoteTmp = remoteTmp
    self.ansibleVersion = ansibleVersion
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    // The bootstrap's own text too: a server started by another build of swiftplay
    // (older code) is never asked to run this one's modules.
    for byte in ([ansibleVersion, ModuleBootstrap.script] + moduleUtilsPaths).joined(separator: "\u{0}").utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
    }
    serverKey = String(hash, radix: 16)
  }

  /// What a task asks of the module on one host.
  package struct Invocation: Sendable {
    package var source: AnsibleModuleSource
    package var arguments: ValueDict
    package var checkMode = false
    package var diff = false
    package var noLog = false
    package var verbosity = 0
    /// `ansible_python_interpreter` for the host, when set.
    package var interpreter: String?
    /// The name as the task wrote it, which the module uses in its messages
    /// ("Unsupported parameters for (apt) module"); the source's name when nil.
    package var moduleName: String?
    /// Set for an `async:` task: the module starts as a detached job (`AsyncJobScript`)
    /// and the result is the job's start, with its `ansible_job_id`.
    package var asyncJob: AsyncJob?

    package init(source: AnsibleModuleSource, arguments: ValueDict) {
      self.source = source
      self.arguments = arguments
    }
  }

  /// An `async:` job to start: its time limit and the prefix of its id (Ansible's
  /// `j<digits>`; the host appends `.<pid>`).
  package struct AsyncJob: Sendable {
    package var limit: Int
    package var prefix: String

    package init(limit: Int, prefix: String = "j\(UInt64.random(in: 0..<999_999_999_999))") {
      self.limit = limit
      self.prefix = prefix
    }
  }

  /// Runs the module and returns its result in Ansible's shape. Throws only when the
  /// host cannot be reached or the command cannot run; a module that fails or prints
  /// something other than JSON is a failed result.
  package func run(_ invocation: Invocation, on target: Target) async throws(ConnectionError) -> ModuleResult {
    let zip: [UInt8]
    do { zip = try packed(invocation.source) } catch { return ModuleResult(changed: false, failed: true, values: ["msg": .string(error.description)]) }
    var discovered: String?
    let python: String
    if let explicit = invocation.interpreter ?? (interpreterSetting.hasPrefix("auto") ? nil : interpreterSetting) {
      python = explicit
    } else if let known = interpreters.withLock({ $0[target.hostName] }) {
      python = known
    } else {
      python = try await discover(on: target)
      discovered = python
    }
    let arguments = JSON.dump(.dict(["ANSIBLE_MODULE_ARGS": .dict(moduleArguments(invocation))]))
    let argumentBytes = Array(arguments.utf8)
    let header = Array("\(argumentBytes.count) \(invocation.source.importName) \(serverKey)\n".utf8)
    var command = ShellQuote.quote(python) + " -c " + ShellQuote.quote(ModuleBootstrap.script)
    if let job = invocation.asyncJob {
      command = ShellQuote.quote(python) + " -c " + ShellQuote.quote(AsyncJobScript.launcher) + " \(job.limit) "
        + ShellQuote.quote(job.prefix) + " " + ShellQuote.quote(ModuleBootstrap.script)
    }
    let output = try await target.run(command, stdin: header + argumentBytes + zip)
    var result = Self.result(of: output, python: python)
    if let discovered {
      var facts = result.values["ansible_facts"].flatMap { value -> ValueDict? in
        if case let .dict(members) = value { return members }
        return nil
      } ?? [:]
      facts["discovered_interpreter_python"] = .string(discovered)
      result.values["ansible_facts"] = .dict(facts)
      if !interpreterSetting.hasSuffix("_silent") {
        var warnings = result.values["warnings"].flatMap { value -> [Value]? in
          if case let .list(items) = value { return items }
          return nil
        } ?? []
        warnings.append(.string(
          "Host '\(target.hostName)' is using the discovered Python interpreter at '\(discovered)', "
            + "but future installation of another Python interpreter could cause a different interpreter to be discovered."))
        result.values["warnings"] = .list(warnings)
      }
    }
    return result
  }

  /// The module's options and the internal ones Ansible's action plugins add.
  func moduleArguments(_ invocation: Invocation) -> ValueDict {
    var arguments = invocation.arguments
    let internalArguments: ValueDict = [
      "_ansible_check_mode": .bool(invocation.checkMode),
      "_ansible_no_log": .bool(invocation.noLog),
      "_ansible_debug": false,
      "_ansible_diff": .bool(invocation.diff),
      "_ansible_verbosity": .int(invocation.verbosity),
      "_ansible_version": .string(ansibleVersion),
      "_ansible_module_name": .string(invocation.moduleName ?? invocation.source.name),
      "_ansible_syslog_facility": "LOG_USER",
      "_ansible_selinux_special_fs": .list(["fuse", "nfs", "vboxsf", "ramfs", "9p", "vfat"]),
      "_ansible_socket": .null,
      "_ansible_shell_executable": "/bin/sh",
      "_ansible_keep_remote_files": false,
      "_ansible_tmpdir": .null,
      "_ansible_remote_tmp": .string(remoteTmp),
      "_ansible_ignore_unknown_opts": false,
      "_ansible_target_log_info": .null,
      "_ansible_tracebacks_for": .list([]),
    ]
    arguments.merge(internalArguments) { _, new in new }
    return arguments
  }

  /// Adds a playbook's or role's `module_utils/` folder.
  package func addModuleUtils(_ folder: String) {
    loadedFolders.withLock { if !$0.moduleUtils.contains(folder) { $0.moduleUtils.append(folder) } }
  }

  /// Adds a folder holding `ansible_collections/`.
  package func addCollections(_ folder: String) {
    loadedFolders.withLock { if !$0.collections.contains(folder) { $0.collections.append(folder) } }
  }

  /// The payload for `source`, packed on first use.
  func packed(_ source: AnsibleModuleSource) throws(ModulePayload.PayloadError) -> [UInt8] {
    if let known = payloads.withLock({ $0[source] }) { return known }
    let loaded = loadedFolders.withLock { $0 }
    let built = try ModulePayload(
      moduleUtilsPaths: loaded.moduleUtils + payload.moduleUtilsPaths, collectionRoots: loaded.collections + payload.collectionRoots
    ).build(source)
    payloads.withLock { $0[source] = built }
    return built
  }

  /// Ansible's `auto` discovery: the first of the candidates the host's shell finds.
  private func discover(on target: Target) async throws(ConnectionError) -> String {
    let probe = "echo FOUND; " + Self.discoveryCandidates.map { "command -v \(ShellQuote.quote($0))" }.joined(separator: "; ")
      + "; echo ENDFOUND"
    let output = try await target.run(probe)
    let lines = output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    let found = lines.first { $0.hasPrefix("/") } ?? "/usr/bin/python3"
    interpreters.withLock { $0[target.hostName] = found }
    return found
  }

  /// The task result from what the command printed.
  static func result(of output: CommandResult, python: String) -> ModuleResult {
    guard let values = ModuleOutput.parse(output.stdout) else {
      var message = "Module result deserialization failed: No start of json char found"
      let notFound = ["\(python): No such file or directory", "\(python): not found", "\(python): command not found"]
      if notFound.contains(where: { output.stderr.contains($0) || output.stdout.contains($0) }) {
        message = "The module interpreter '\(python)' was not found."
      }
      return ModuleResult(changed: false, failed: true, values: [
        "msg": .string(message), "module_stdout": .string(output.stdout), "module_stderr": .string(output.stderr),
        "rc": .int(output.rc),
      ])
    }
    return result(values: values)
  }

  /// The task result from a module's JSON result (also what an async job's file holds).
  static func result(values: ValueDict) -> ModuleResult {
    var values = values
    for key in values.keys where key.hasPrefix("_ansible_") { values[key] = nil }
    for key in ["warnings", "deprecations"] {
      if let value = values[key], !value.asBoolean { values[key] = nil }
    }
    for key in ["stdout", "stderr"] where values[key] != nil && values[key + "_lines"] == nil {
      let text = values[key]?.plainText ?? ""
      guard !text.isEmpty else {
        values[key + "_lines"] = .list([])
        continue
      }
      values[key + "_lines"] = .list(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        .dropLast(text.hasSuffix("\n") ? 1 : 0).map { .string(String($0)) })
    }
    let failed: Bool
    if let flag = values["failed"] {
      failed = flag.asBoolean
    } else if let rc = values["rc"] {
      failed = rc != .int(0) && rc != .string("0")
    } else {
      failed = false
    }
    let changed = values["changed"]?.asBoolean ?? false
    values["changed"] = nil
    values["failed"] = nil
    var diff: [ValueDict] = []
    switch values.removeValue(forKey: "diff") {
    case let .dict(entry)?: diff = [entry]
    case let .list(entries)?:
      diff = entries.compactMap { if case let .dict(entry) = $0 { return entry } else { return nil } }
    default: break
    }
    return ModuleResult(changed: changed, failed: failed, values: values, diff: diff)
  }
}
