import SwiftPlayCore

/// Fails the host with a message: for stopping a play on a condition.
///
/// ```yaml
/// - name: refuse old releases
///   ansible.builtin.fail:
///     msg: "{{ ansible_distribution_version }} is too old"
///   when: ansible_distribution_major_version | int < 11
/// ```
public struct FailModule: Module {
  public static let name = "fail"
  public static let argumentSpec = ArgumentSpec([.raw("msg", default: "Failed as requested from task")])

  let message: JSONValue

  public init(arguments: ModuleArguments) throws(ModuleError) {
    message = try Self.validated(arguments)["msg"] ?? "Failed as requested from task"
  }

  public func run(on target: Target) async throws(ConnectionError) -> ModuleResult {
    ModuleResult(changed: false, failed: true, values: ["msg": message])
  }
}
