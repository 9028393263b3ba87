/// A module: validated arguments that know how to act on one host.
///
/// Modules never print and never read run-wide flags: they receive a target, run commands
/// through its connection, and return Ansible's result keys so `register` and the output
/// callbacks work. (State modules split this into query, plan and apply when the engine
/// arrives; commands always act, so `run` is the whole of their contract.)
package protocol Module: Sendable {
  /// The short name (`shell`); `ansible.builtin.<name>` is accepted too.
  static var name: String { get }
  /// Other names users write for it.
  static var aliases: [String] { get }
  /// Whether output callbacks print its stdout as text (`rc=0 >>`) rather than as JSON,
  /// as Ansible does for command, shell and raw.
  static var printsCommandOutput: Bool { get }
  /// Its options, declared once as data: they validate a task's arguments, document the
  /// module and say which options the native code implements. `undeclared` by default.
  static var argumentSpec: ArgumentSpec { get }
  /// The option names (and aliases) the native code implements, Ansible's names; a task
  /// with any other option is one for Ansible's own module. Derived from `argumentSpec`.
  static var argumentNames: Set<String> { get }
  /// Whether it takes a free-form part (`shell: echo hi`) besides named options.
  static var takesFreeForm: Bool { get }
  /// Whether any option name is valid (set_fact's names are the variables it sets), so
  /// `argumentNames` lists only its fixed options and nothing is rejected as unknown.
  static var acceptsAnyArgument: Bool { get }
  /// Whether its results carry a secret (a join token) and are hidden as with
  /// `no_log: true` unless the task says `no_log: false`.
  static var hidesResultByDefault: Bool { get }
  /// False for a module Ansible declares without check-mode support (`wait_for`): in check
  /// mode the task is skipped, as Ansible skips it.
  static var supportsCheckMode: Bool { get }
  /// The options (and their aliases) Ansible types as `path`: their `$NAME` and leading
  /// `~` are expanded on the host before the module runs (HostPathExpansion).
  static var pathOptions: Set<String> { get }

  /// Validates the arguments before any connection opens; unknown keys are rejected.
  init(arguments: ModuleArguments) throws(ModuleError)

  func run(on target: Target) async throws(ConnectionError) -> ModuleResult
}

extension Module {
  package static var aliases: [String] { [] }
  package static var printsCommandOutput: Bool { false }
  package static var takesFreeForm: Bool { false }
  package static var acceptsAnyArgument: Bool { false }
  package static var hidesResultByDefault: Bool { false }
  package static var supportsCheckMode: Bool { true }
  package static var argumentSpec: ArgumentSpec { .undeclared }
  package static var argumentNames: Set<String> { argumentSpec.names }
  package static var pathOptions: Set<String> { argumentSpec.pathNames }

  /// The task's arguments validated against `argumentSpec`, typed and defaulted, with
  /// AnsibleModule's messages; `init(arguments:)` starts with it.
  package static func validated(_ arguments: ModuleArguments) throws(ModuleError) -> ArgumentValues {
    try argumentSpec.validate(arguments, module: name)
  }

  /// Reads the `-a` text of an ad-hoc command for this module.
  package static func parse(adHocArguments text: String) throws(ModuleError) -> Self {
    var keys = argumentNames
    if acceptsAnyArgument {
      for word in ModuleArguments.words(text) {
        if let equals = word.firstIndex(of: "=") { keys.insert(String(word[..<equals])) }
      }
    }
    // A declared module's validation names unknown options in Ansible's words.
    return try Self(
      arguments: ModuleArguments.parse(
        text, module: name, keys: keys, freeForm: takesFreeForm, rejectingUnknown: argumentSpec == .undeclared))
  }
}

/// The host a module acts on.
package struct Target: Sendable {
  package let hostName: String
  package let connection: any Connection
  /// The host's variables, for modules that evaluate expressions themselves (debug's var).
  package let templar: Templar
  /// When the task's `timeout:` runs out; every command gets at most the time left.
  package var taskDeadline: ContinuousClock.Instant?
  /// Folders where a relative `src:` is looked up, in order: for a role task its
  /// `files/` (or `templates/`) folder comes first, then the task's folder, then the
  /// playbook's. A module appends `files/` or `templates/` itself where Ansible does.
  package let searchPaths: [String]

  package init(
    hostName: String, connection: any Connection, templar: Templar = Templar(variables: [:]), searchPaths: [String] = []
  ) {
    self.hostName = hostName
    self.connection = connection
    self.templar = templar
    self.searchPaths = searchPaths
  }

  /// Runs a command line on the host within what is left of the task's time. A task out of
  /// time runs nothing more.
  package func run(_ command: String, stdin: [UInt8] = []) async throws(ConnectionError) -> CommandResult {
    var timeout: Double?
    if let taskDeadline {
      let left = ContinuousClock.now.duration(to: taskDeadline) / .milliseconds(1) / 1000
      guard left > 0 else { throw .commandTimedOut(after: 0) }
      timeout = left
    }
    return try await connection.run(command, stdin: stdin, timeout: timeout)
  }
}

/// A module refused its arguments, or a module name is unknown.
package struct ModuleError: Error, CustomStringConvertible, Sendable {
  package let module: String
  package let message: String
  /// The arguments ask for something the native module does not implement (a value, not
  /// an option: `state: drained`, a ppa source), which Ansible's own module does; the
  /// engine may run that instead of failing.
  package var isBeyondNative = false

  package init(module: String, message: String) {
    self.module = module
    self.message = message
  }

  /// A refusal for want of a native implementation (see `isBeyondNative`).
  package static func beyondNative(module: String, message: String) -> ModuleError {
    var error = ModuleError(module: module, message: message)
    error.isBeyondNative = true
    return error
  }

  package var description: String { message }
}
