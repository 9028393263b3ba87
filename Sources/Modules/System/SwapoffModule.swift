import Foundation
import SwiftPlayCore
import ValueModel

/// Turns every active swap area off now and, unless `persist: false`, comments out the
/// swap lines of /etc/fstab so swap stays off after a reboot: kubeadm refuses to run a
/// node with swap on. Ok when swap is already off and no active fstab swap line remains;
/// `--diff` shows the fstab change. (Not an Ansible module: playbooks usually do this
/// with `command: swapoff -a` and a `replace` on fstab, which is never idempotent.)
///
/// ```yaml
/// - swapoff:                 # off now and after reboots
/// - swapoff:
///     persist: false         # off until the next boot only
/// - swapoff:
///     fstab: /mnt/root/etc/fstab
/// ```
package struct SwapoffModule: PlannedModule {
  package static let name = "swapoff"
  package static let argumentSpec = ArgumentSpec([.bool("persist", default: true), .str("fstab", default: "/etc/fstab")])

  let persist: Bool
  let fstab: String

  package init(arguments: ModuleArguments) throws(ModuleError) {
    let values = try Self.validated(arguments)
    persist = values.bool("persist")
    fstab = values.string("fstab") ?? "/etc/fstab"
  }

  package func plan(on target: Target) async throws(ConnectionError) -> ModulePlan {
    // One round trip: the active areas, then the fstab when it is there.
    let probe = try await target.run("tail -n +2 /proc/swaps; " + RemoteTextFile.probe(fstab))
    guard probe.rc <= 1, let (swapsText, file) = RemoteTextFile.split(probe.stdout) else {
      return FileModule.failure("cannot read swap state: \(probe.stderr)")
    }
    let active = Self.activeSwaps(String(swapsText))
    let fstabText: String? = file.text.isEmpty ? nil : file.text
    let newFstab = persist ? fstabText.flatMap(Self.commentingOutSwap) : nil
    let found: ValueDict = ["swaps": .list(active.map { .string($0) }), "fstab": .string(fstab)]
    guard !active.isEmpty || newFstab != nil else { return .unchanged(found) }
    let values = found.merging(["fstab_changed": .bool(newFstab != nil)]) { $1 }
    let diff: [ValueDict] = newFstab.map { after in
      [["before": .string(fstabText ?? ""), "after": .string(after), "before_header": .string(fstab), "after_header": .string(fstab)]]
    } ?? []
    let (swaps, path) = (active, fstab)
    let mode = file.mode
    return ModulePlan(result: ModuleResult(changed: true, values: values, diff: diff)) { target async throws(ConnectionError) in
      if !swaps.isEmpty {
        let off = try await target.run("swapoff -- " + swaps.map(ShellQuote.quote).joined(separator: " "))
        if off.rc != 0 {
          var failed = values
          failed["msg"] = .string("swapoff failed: \(off.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
          return ModuleResult(changed: false, failed: true, values: failed)
        }
      }
      if let newFstab { try await target.connection.upload(Array(newFstab.utf8), to: path, mode: mode) }
      return ModuleResult(changed: true, values: values, diff: diff)
    }
  }

  /// The swap areas /proc/swaps lists (its header already dropped): the first field of
  /// each line. The kernel writes a space in a path as `\040`.
  static func activeSwaps(_ procSwaps: String) -> [String] {
    procSwaps.split(separator: "\n").compactMap { line in
      line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map {
        String($0).replacingOccurrences(of: "\\040", with: " ")
      }
    }
  }

  /// `text` with every active swap line commented out, or nil when it has none. A swap
  /// line is one whose third field, the filesystem type, is `swap`.
  static func commentingOutSwap(_ text: String) -> String? {
    var changed = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 3, !fields[0].hasPrefix("#"), fields[2] == "swap" else { return String(line) }
      changed = true
      return "#" + line
    }
    return changed ? lines.joined(separator: "\n") : nil
  }
}
