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

  public init(
    inventory: Inventory, factory: ConnectionFactory, forks: Int, callback: any AdHocCallback,
    commandTimeout: Double? = nil
  ) {
    self.inventory = inventory
    self.factory = factory
    self.forks = max(1, forks)
    self.callback = callback
    self.commandTimeout = commandTimeout
  }

  public func run(_ module: any Module, on hosts: [String]) async -> Summary {
    var summary = Summary()
    let printsCommandOutput = type(of: module).printsCommandOutput
    await withTaskGroup(of: (String, HostOutcome).self) { group in
      var pending = hosts[...]
      func startNext() {
        guard let host = pending.popFirst() else { return }
        group.addTask { (host, await runOne(module, on: host)) }
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

  func runOne(_ module: any Module, on host: String) async -> HostOutcome {
    let connection: any Connection
    do {
      connection = try factory.connection(for: host, vars: inventory.variables(for: host))
    } catch {
      return .completed(ModuleResult(changed: false, failed: true, values: ["msg": .string(error.description)]))
    }
    let outcome: HostOutcome
    do throws(ConnectionError) {
      outcome = .completed(try await module.run(on: Target(hostName: host, connection: connection, commandTimeout: commandTimeout)))
    } catch {
      switch error {
      case let .unreachable(message): outcome = .unreachable(message)
      case let .failed(message):
        outcome = .completed(ModuleResult(changed: false, failed: true, values: ["msg": .string(message)]))
      }
    }
    await connection.close()
    return outcome
  }
}
