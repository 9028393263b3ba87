import Foundation
import SwiftPlayCore
import ValueModel

/// A package's dpkg selection: `hold` keeps apt from upgrading it, as kubeadm's
/// documentation asks for kubelet, kubeadm and kubectl. Ok when the selection is already
/// the one asked for; `--diff` shows the old and new selection.
///
/// ```yaml
/// - ansible.builtin.dpkg_selections:
///     name: kubelet
///     selection: hold
/// ```
package struct DpkgSelectionsModule: PlannedModule {
  package static let name = "dpkg_selections"
  package static let argumentSpec = ArgumentSpec([
    .str("name", required: true), .str("selection", choices: ["install", "hold", "deinstall", "purge"], required: true),
  ])

  let package: String
  let selection: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    package = values.string("name") ?? ""
    selection = values.string("selection") ?? ""
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    let probe = try await target.run("dpkg --get-selections -- \(ShellQuote.quote(package)) 2>/dev/null")
    let current = Self.selection(of: package, in: probe.stdout)
    guard current != selection else { return .unchanged(["name": .string(package), "selection": .string(selection)]) }
    // Ansible refuses a package dpkg does not know, rather than recording a selection for it.
    guard let current else { return FileModule.failure("Failed to find package '\(package)' to perform selection '\(selection)'.") }
    let diff: [ValueDict] = [["before": .string(current + "\n"), "after": .string(selection + "\n")]]
    let values: ValueDict = ["name": .string(package), "selection": .string(selection), "before": .string(current)]
    let line = ShellQuote.quote("\(package) \(selection)")
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      let set = try await target.run("printf '%s\\n' \(line) | dpkg --set-selections")
      guard set.rc == 0 else {
        return ModuleResult(changed: false, failed: true, values: values.merging(["msg": .string("dpkg --set-selections failed: \(set.stderr)")]) { $1 })
      }
      return ModuleResult(changed: true, values: values, diff: diff)
    }
  }

  /// The selection `dpkg --get-selections NAME` printed for the package, or nil when dpkg
  /// has none. Its lines are `name[:arch]<tabs>selection`.
  static func selection(of package: String, in output: String) -> String? {
    for line in output.split(separator: "\n") {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count == 2 else { continue }
      let name = fields[0].split(separator: ":").first.map(String.init) ?? ""
      if name == package { return String(fields[1]) }
    }
    return nil
  }
}
