import SwiftPlayCore
import ValueModel

/// Fails the host with a message: for stopping a play on a condition.
///
/// ```yaml
/// - name: refuse old releases
///   ansible.builtin.fail:
///     msg: "{{ ansible_distribution_version }} is too old"
///   when: ansible_distribution_major_version | int < 11
/// ```
package struct FailModule: Module {
  package static let name = "fail"
  package static let argumentSpec = ArgumentSpec([.raw("msg", default: "Failed as requested from task")])

  let message: Value

  package init(arguments: ModuleArguments) throws(ModuleError) {
    message = try Self.validated(arguments)["msg"] ?? "Failed as requested from task"
  }

  package func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    ModuleResult(changed: false, failed: true, values: ["msg": message])
  }
}
