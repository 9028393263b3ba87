import SwiftPlayCore

/// Checks that swiftplay can log into the host and run a command there; answers `pong`.
/// Needs no Python on the host, unlike Ansible's ping.
///
/// ```yaml
/// - name: are the nodes there
///   ansible.builtin.ping:
/// ```
package struct PingModule: Module {
  package static let name = "ping"
  package static let argumentSpec = ArgumentSpec([.str("data", default: "pong")])

  let data: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    data = try Self.validated(arguments).string("data") ?? "pong"
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
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
