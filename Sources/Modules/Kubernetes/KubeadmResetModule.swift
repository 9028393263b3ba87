import Foundation
import SwiftPlayCore
import ValueModel

/// `kubeadm reset --force` for tear-down: ok when the node holds no cluster state
/// (/etc/kubernetes has neither admin.conf nor kubelet.conf).
///
/// ```yaml
/// - kubeadm_reset:
///     cri_socket: unix:///run/containerd/containerd.sock
/// ```
package struct KubeadmResetModule: PlannedModule {
  package static let name = "kubeadm_reset"
  package static let argumentSpec = ArgumentSpec([.str("cri_socket")])

  let criSocket: String?

  package init(arguments: ModuleArguments) throws(ModuleError) {
    criSocket = try Self.validated(arguments).string("cri_socket")
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if try await target.run("test -e /etc/kubernetes/admin.conf || test -e /etc/kubernetes/kubelet.conf").rc != 0 {
      return .unchanged(["msg": "no cluster state on this node"])
    }
    let command = ShellQuote.join(["kubeadm", "reset", "--force"] + (criSocket.map { ["--cri-socket=\($0)"] } ?? []))
    return ModulePlan(result: ModuleResult(changed: true, values: ["cmd": .string(command)])) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      let values: ValueDict = [
        "cmd": .string(command), "rc": .int(outcome.rc), "stdout": .string(outcome.stdout), "stderr": .string(outcome.stderr),
      ]
      return ModuleResult(changed: outcome.rc == 0, failed: outcome.rc != 0, values: values)
    }
  }
}
