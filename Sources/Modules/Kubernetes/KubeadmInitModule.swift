import Foundation
import SwiftPlayCore
import ValueModel

/// `kubeadm init` on the first control-plane node, once: nothing to do when
/// /etc/kubernetes/admin.conf exists. Returns the join command, its token and the CA
/// certificate hash for the other nodes (read them through hostvars).
///
/// ```yaml
/// - kubeadm_init:
///     advertise_address: "{{ ansible_default_ipv4.address }}"
///     pod_network_cidr: 10.244.0.0/16
///   register: cluster
/// ```
package struct KubeadmInitModule: PlannedModule {
  package static let name = "kubeadm_init"
  /// swiftplay's own module: `extra_args` is a list of flags or one shell-quoted line.
  package static let argumentSpec = ArgumentSpec([
    .str("advertise_address", aliases: ["apiserver_advertise_address"]), .str("pod_network_cidr"), .str("service_cidr"),
    .str("cri_socket"), .str("node_name"), .str("control_plane_endpoint"), .str("kubernetes_version"),
    .bool("upload_certs", default: false), .raw("extra_args"),
  ])

  let flags: [String]

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    var flags: [String] = []
    let named: [(String, String)] = [
      ("advertise_address", "--apiserver-advertise-address"), ("pod_network_cidr", "--pod-network-cidr"),
      ("service_cidr", "--service-cidr"), ("cri_socket", "--cri-socket"), ("node_name", "--node-name"),
      ("control_plane_endpoint", "--control-plane-endpoint"), ("kubernetes_version", "--kubernetes-version"),
    ]
    for (key, flag) in named {
      if let value = values.string(key) { flags.append("\(flag)=\(value)") }
    }
    if values.bool("upload_certs") { flags.append("--upload-certs") }
    if let extra = values["extra_args"] {
      if case let .list(items) = extra { flags += items.map(\.plainText) } else {
        do { flags += try ShellQuote.split(extra.plainText) } catch {
          throw ModuleError(module: Self.name, message: "cannot split extra_args: \(error)")
        }
      }
    }
    self.flags = flags
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if try await target.run("test -e /etc/kubernetes/admin.conf").rc == 0 {
      return .unchanged(["msg": "/etc/kubernetes/admin.conf exists: the cluster is already initialised"])
    }
    let command = ShellQuote.join(["kubeadm", "init"] + flags)
    return ModulePlan(result: ModuleResult(changed: true, values: ["cmd": .string(command)])) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      var values: ValueDict = [
        "cmd": .string(command), "rc": .int(outcome.rc), "stdout": .string(outcome.stdout), "stderr": .string(outcome.stderr),
      ]
      guard outcome.rc == 0 else {
        values["msg"] = "kubeadm init failed"
        return ModuleResult(changed: false, failed: true, values: values)
      }
      guard let join = KubeadmJoinCommand(outcome.stdout) else {
        values["msg"] = "kubeadm init printed no join command"
        return ModuleResult(changed: true, failed: true, values: values)
      }
      values.merge(join.values) { $1 }
      return ModuleResult(changed: true, values: values)
    }
  }
}
