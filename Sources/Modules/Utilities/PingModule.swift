import SwiftPlayCore

/// Checks that swiftplay can log into the host and run a command there; answers `pong`.
/// Needs no Python on the host, unlike Ansible's ping.
///
/// ```yaml
/// - name: are the nodes there
///   ansible.builtin.ping:
/// ```
public struct PingModule: Module {
  public static let name = "ping"
  public static let argumentSpec = ArgumentSpec([.str("data", default: "pong")])

  let data: String

  public init(arguments: ModuleArguments) throws(ModuleError) {
    data = try Self.validated(arguments).string("data") ?? "pong"
  }

  public func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    let outcome = try await target.run("true")
    guard outcome.rc == 0 else {
      return ModuleResult(changed: false, failed: true, values: [
        "msg": .string("the remote shell could not run `true` (rc=\(outcome.rc)): \(outcome.stderr)"),
      ])
    }
    if data == "crash" {
      return ModuleResult(changed: false, failed: true, values: ["msg": "boom (ping was asked to crash)"])
    }
    return ModuleResult(changed: false, values: ["ping": .string(data)])
  }
}
