import Foundation
import SwiftPlayCore
import ValueModel

/// The `kubeadm join …` line that `kubeadm init` and `kubeadm token create
/// --print-join-command` print, with its token and CA certificate hash, as the kubeadm
/// modules return it to workers (through hostvars or delegate_to).
struct KubeadmJoinCommand: Equatable {
  let line: String
  let apiServer: String
  let token: String
  let caCertHash: String

  /// The last join command in `output`; init wraps it over lines ending in `\`.
  init?(_ output: String) {
    let joined = output.replacingOccurrences(of: "\\\n", with: " ")
    guard let start = joined.range(of: "kubeadm join ", options: .backwards) else { return nil }
    let rest = joined[start.lowerBound...].prefix { $0 != "\n" }
    let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    func after(_ flag: String) -> String? { words.firstIndex(of: flag).flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } }
    guard words.count > 2, let token = after("--token"), let hash = after("--discovery-token-ca-cert-hash") else { return nil }
    line = words.joined(separator: " ")
    apiServer = words[2]
    self.token = token
    caCertHash = hash
  }

  var values: ValueDict {
    ["join_command": .string(line), "api_server": .string(apiServer), "token": .string(token), "ca_cert_hash": .string(caCertHash)]
  }
}
