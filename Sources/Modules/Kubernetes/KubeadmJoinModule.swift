import Foundation
import SwiftPlayCore
import ValueModel

/// `kubeadm join` on a node, once: nothing to do when /etc/kubernetes/kubelet.conf exists.
/// The token never goes on a command line: it is written, with the rest, into a
/// JoinConfiguration file (0600, removed after) that `kubeadm join --config` reads. The
/// task's result is hidden as with `no_log: true` unless the task says `no_log: false`.
///
/// ```yaml
/// - kubeadm_join:
///     api_server: "{{ hostvars[groups['control_plane'][0]].cluster.api_server }}"
///     token: "{{ hostvars[groups['control_plane'][0]].cluster.token }}"
///     discovery_token_ca_cert_hash: "{{ hostvars[groups['control_plane'][0]].cluster.ca_cert_hash }}"
/// ```
package struct KubeadmJoinModule: PlannedModule {
  package static let name = "kubeadm_join"
  package static let argumentSpec = ArgumentSpec([
    .str("api_server", required: true), .str("token", required: true, noLog: true),
    .str("discovery_token_ca_cert_hash", required: true), .bool("control_plane", default: false),
    .str("certificate_key", noLog: true), .str("cri_socket"), .str("node_name"), .str("advertise_address"),
  ])
  package static let hidesResultByDefault = true

  let configuration: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    let apiServer = values.string("api_server") ?? ""
    let token = values.string("token") ?? ""
    let hash = values.string("discovery_token_ca_cert_hash") ?? ""
    let controlPlane = values.bool("control_plane")
    let key = values.string("certificate_key")
    if controlPlane && key == nil { throw ModuleError(module: Self.name, message: "control_plane: true needs certificate_key") }
    configuration = Self.joinConfiguration(
      apiServer: apiServer, token: token, caCertHash: hash, criSocket: values.string("cri_socket"),
      nodeName: values.string("node_name"), controlPlane: controlPlane ? (key ?? "", values.string("advertise_address")) : nil)
  }

  /// kubeadm's JoinConfiguration (v1beta3, which kubeadm 1.22 to 1.33 read); values are
  /// JSON strings, which YAML reads as they are.
  static func joinConfiguration(
    apiServer: String, token: String, caCertHash: String, criSocket: String?, nodeName: String?,
    controlPlane: (certificateKey: String, advertiseAddress: String?)?
  ) -> String {
    func quoted(_ text: String) -> String { JSON.dump(.string(text)) }
    var lines = [
      "apiVersion: kubeadm.k8s.io/v1beta3", "kind: JoinConfiguration", "discovery:", "  bootstrapToken:",
      "    apiServerEndpoint: \(quoted(apiServer))", "    token: \(quoted(token))", "    caCertHashes: [\(quoted(caCertHash))]",
    ]
    if criSocket != nil || nodeName != nil {
      lines.append("nodeRegistration:")
      if let criSocket { lines.append("  criSocket: \(quoted(criSocket))") }
      if let nodeName { lines.append("  name: \(quoted(nodeName))") }
    }
    if let controlPlane {
      lines += ["controlPlane:", "  certificateKey: \(quoted(controlPlane.certificateKey))"]
      if let address = controlPlane.advertiseAddress { lines += ["  localAPIEndpoint:", "    advertiseAddress: \(quoted(address))"] }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    if try await target.run("test -e /etc/kubernetes/kubelet.conf").rc == 0 {
      return .unchanged(["msg": "/etc/kubernetes/kubelet.conf exists: the node has already joined"])
    }
    let file = "/tmp/.swiftplay-kubeadm-join-\(UInt64.random(in: 0...UInt64.max)).yaml"
    let configuration = self.configuration
    let command = "kubeadm join --config \(file)"
    return ModulePlan(result: ModuleResult(changed: true, values: ["cmd": .string(command)])) { target async throws(ConnectionError) in
      try await target.connection.upload(Array(configuration.utf8), to: file, mode: 0o600)
      let outcome = try await target.run("\(command); rc=$?; rm -f -- \(file); exit $rc")
      let values: ValueDict = [
        "cmd": .string(command), "rc": .int(outcome.rc), "stdout": .string(outcome.stdout), "stderr": .string(outcome.stderr),
      ]
      if outcome.rc != 0 {
        return ModuleResult(changed: false, failed: true, values: values.merging(["msg": "kubeadm join failed"]) { $1 })
      }
      return ModuleResult(changed: true, values: values)
    }
  }
}
