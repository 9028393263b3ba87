import Foundation
import SwiftPlayCore

/// Creates a bootstrap token on a control-plane node and returns a ready join command
/// (`kubeadm token create --print-join-command`), for workers that join later than init.
/// Always a change: every run makes a new token. The result holds the token, so it is
/// hidden as with `no_log: true` unless the task says `no_log: false`; registered, it is
/// whole.
///
/// ```yaml
/// - kubeadm_token:
///     ttl: 1h
///   register: join
///   delegate_to: "{{ groups['control_plane'][0] }}"
/// ```
package struct KubeadmTokenModule: PlannedModule {
  package static let name = "kubeadm_token"
  package static let argumentSpec = ArgumentSpec([.str("ttl"), .str("description")])
  package static let hidesResultByDefault = true

  let flags: [String]

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    flags = (values.string("ttl").map { ["--ttl=\($0)"] } ?? []) + (values.string("description").map { ["--description=\($0)"] } ?? [])
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let command = ShellQuote.join(["kubeadm", "token", "create", "--print-join-command"] + flags)
    return ModulePlan(result: ModuleResult(changed: true, values: [:])) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      guard outcome.rc == 0, let join = KubeadmJoinCommand(outcome.stdout) else {
        return ModuleResult(changed: false, failed: true, values: [
          "msg": .string("kubeadm token create failed: \((outcome.stderr + outcome.stdout).trimmingCharacters(in: .whitespacesAndNewlines))"),
          "rc": .int(outcome.rc),
        ])
      }
      return ModuleResult(changed: true, values: join.values)
    }
  }
}
