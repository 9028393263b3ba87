import Jinja

/// Runs one module on many hosts, at most `forks` at a time, reporting each host as it
/// finishes. A host's failure is a result, never an error that stops the others.
public struct AdHocRunner: Sendable {
  public struct Summary: Sendable {
    public var ok: [String] = []
    public var changed: [String] = []
    public var failed: [String] = []
    public var unreachable: [String] = []

    /// Ansible's exit codes: 4 when a host was unreachable, else 2 when one failed, else 0.
    public var exitCode: Int32 {
      if !unreachable.isEmpty { return 4 }
      return failed.isEmpty ? 0 : 2
    }
  }

  public let inventory: Inventory
  public let factory: ConnectionFactory
  public let forks: Int
  public let callback: any AdHocCallback
  public let commandTimeout: Double?
  /// `-e` variables, above every other level.
  public let extraVars: [String: JSONValue]
  /// `-b` and friends: the module runs through sudo or su when they or the host ask.
  public let become: BecomeDefaults

  public init(
    inventory: Inventory, factory: ConnectionFactory, forks: Int, callback: any AdHocCallback,
    commandTimeout: Double? = nil, extraVars: [String: JSONValue] = [:], become: BecomeDefaults = BecomeDefaults()
  ) {
    self.inventory = inventory
    self.factory = factory
    self.forks = max(1, forks)
    self.callback = callback
    self.commandTimeout = commandTimeout
    self.extraVars = extraVars
    self.become = become
  }

  /// Runs `moduleType` with `arguments` (Ansible's `-a` text) on each host: the text is
  /// rendered with that host's variables first, as Ansible templates task arguments, so
  /// an undefined variable fails that host alone, before anything runs there.
  public func run(_ moduleType: any Module.Type, arguments: String, on hosts: [String]) async -> Summary {
    var summary = Summary()
    let printsCommandOutput = moduleType.printsCommandOutput
    let magic = MagicVariables(inventory: inventory)
    await withTaskGroup(of: (String, HostOutcome).self) { group in
      var pending = hosts[...]
      func startNext() {
        guard let host = pending.popFirst() else { return }
        group.addTask { (host, await runOne(moduleType, arguments: arguments, on: host, playHosts: hosts, magic: magic)) }
      }
      for _ in 0..<min(forks, hosts.count) { startNext() }
      for await (host, outcome) in group {
        callback.hostFinished(host, outcome, printsCommandOutput: printsCommandOutput)
        switch outcome {
        case .unreachable: summary.unreachable.append(host)
        case let .completed(result) where result.failed: summary.failed.append(host)
        case let .completed(result): result.changed ? summary.changed.append(host) : summary.ok.append(host)
        }
        startNext()
      }
    }
    return summary
  }

  func runOne(
    _ moduleType: any Module.Type, arguments: String, on host: String, playHosts: [String], magic: MagicVariables
  ) async -> HostOutcome {
    func failure(_ message: String) -> HostOutcome {
      .completed(ModuleResult(changed: false, failed: true, values: ["msg": .string(message)]))
    }
    var variables = inventory.variables(for: host)
    variables.merge(magic.forHost(host, inventory: inventory, playHosts: playHosts)) { _, magic in magic }
    variables.merge(extraVars) { _, extra in extra }
    let templar = Templar(variables: variables)
    let module: any Module
    do {
      module = try moduleType.parse(adHocArguments: try templar.renderText(arguments, name: "<adhoc '\(moduleType.name)' task>"))
    } catch let error as TemplateError {
      return failure("the task's arguments could not be rendered: \(error.description)")
    } catch {
      return failure("\(error)")
    }
    let connection: any Connection
    do {
      connection = try become.applied(to: factory.connection(for: host, vars: variables), vars: variables, templar: templar)
    } catch let error as TemplateError {
      return failure("the become settings could not be rendered: \(error.description)")
    } catch {
      return failure("\(error)")
    }
    let outcome: HostOutcome
    do throws(ConnectionError) {
      let target = Target(hostName: host, connection: connection, commandTimeout: commandTimeout, templar: templar)
      outcome = .completed(try await module.run(on: target))
    } catch {
      switch error {
      case let .unreachable(message): outcome = .unreachable(message)
      case .failed, .refused:
        outcome = .completed(ModuleResult(changed: false, failed: true, values: ["msg": .string(error.description)]))
      }
    }
    await connection.close()
    return outcome
  }
}
