import Foundation
import SwiftPlayCore

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
public struct KubeadmInitModule: PlannedModule {
  public static let name = "kubeadm_init"
  public static let argumentNames: Set<String> = [
    "advertise_address", "apiserver_advertise_address", "pod_network_cidr", "service_cidr", "cri_socket", "node_name",
    "control_plane_endpoint", "kubernetes_version", "upload_certs", "extra_args",
  ]

  let flags: [String]

  public init(arguments: ModuleArguments) throws(ModuleError) {
    try arguments.rejectUnknown(module: Self.name, allowed: Self.argumentNames)
    let reader = OptionReader(module: Self.name, arguments: arguments)
    var flags: [String] = []
    let named: [(String, [String], String)] = [
      ("advertise_address", ["apiserver_advertise_address"], "--apiserver-advertise-address"),
      ("pod_network_cidr", [], "--pod-network-cidr"), ("service_cidr", [], "--service-cidr"),
      ("cri_socket", [], "--cri-socket"), ("node_name", [], "--node-name"),
      ("control_plane_endpoint", [], "--control-plane-endpoint"), ("kubernetes_version", [], "--kubernetes-version"),
    ]
    for (key, aliases, flag) in named {
      if let value = reader.string(key, aliases: aliases) { flags.append("\(flag)=\(value)") }
    }
    if try reader.bool("upload_certs", default: false) { flags.append("--upload-certs") }
    if let extra = reader.value("extra_args") {
      if case let .array(items) = extra { flags += items.map(\.text) } else {
        do { flags += try ShellQuote.split(extra.text) } catch {
          throw ModuleError(module: Self.name, message: "cannot split extra_args: \(error)")
        }
      }
    }
    self.flags = flags
  }

  public func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if try await target.run("test -e /etc/kubernetes/admin.conf").rc == 0 {
      return .unchanged(["msg": "/etc/kubernetes/admin.conf exists: the cluster is already initialised"])
    }
    let command = ShellQuote.join(["kubeadm", "init"] + flags)
    return ModulePlan(result: ModuleResult(changed: true, values: ["cmd": .string(command)])) { target async throws(ConnectionError) in
      let outcome = try await target.run(command)
      var values: [String: JSONValue] = [
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
