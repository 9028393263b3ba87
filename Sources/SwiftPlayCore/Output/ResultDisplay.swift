import ValueModel

/// What the default callback shows of a result: Ansible prints results without its
/// bookkeeping, so a user sees what the module said and not how the engine keeps it.
package enum ResultDisplay {
  /// The text that replaces a `no_log` result, word for word as Ansible writes it.
  package static let censoredMessage = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

  /// The item label of a `no_log` loop item.
  package static let censoredLabel = "(censored due to no_log)"

  /// Keys a censored result keeps, so `changed` and retries still read right.
  static let keptWhenCensored: Set<String> = ["attempts", "changed", "retries"]

  /// Keys never shown: the status is the line's own prefix, errors and warnings are
  /// printed on their own lines.
  static let alwaysHidden: Set<String> = ["exception", "warnings", "deprecations", "failed", "skipped"]

  /// Keys debug's results hide when they show a variable instead of a message.
  static let hiddenInDebug: Set<String> = ["changed", "failed", "skipped", "invocation", "skip_reason", "ansible_loop_var"]

  static let debugActions: Set<String> = ["debug", "ansible.builtin.debug", "ansible.legacy.debug"]

  /// The result as `no_log` leaves it for every callback.
  package static func censored(_ result: ValueDict) -> ValueDict {
    var shown: ValueDict = ["censored": .string(censoredMessage)]
    for key in keptWhenCensored { if let value = result[key] { shown[key] = value } }
    return shown
  }

  /// The mapping the default callback dumps after `=>`: censored for `no_log`, without
  /// `_ansible_*` keys at any depth, without `invocation` and `diff` below -vvv, and for
  /// debug without anything but the message or the variable.
  package static func cleaned(
    _ result: HostTaskResult, action: String, verbosity: Int, dropResults: Bool = false
  ) -> ValueDict {
    if result.noLog { return censored(result.result) }
    var shown = stripInternal(result.result)
    for key in alwaysHidden { shown[key] = nil }
    if verbosity < 3 { shown["invocation"] = nil }
    if verbosity >= 3 && !result.diff.isEmpty {
      shown["diff"] = result.diff.count == 1 ? .dict(result.diff[0]) : .list(result.diff.map { .dict($0) })
    }
    if dropResults { shown["results"] = nil }
    if debugActions.contains(action) {
      if let message = shown["msg"] {
        shown = ["msg": message]
      } else {
        for key in hiddenInDebug { shown[key] = nil }
      }
    }
    return shown
  }

  /// One line (`{"a": 1}`), or indented by 4 when the result is meant to be read (debug's)
  /// or from -vvv on, as Ansible dumps results.
  package static func dump(_ shown: ValueDict, forDisplay: Bool, verbosity: Int) -> String {
    JSON.dump(.dict(shown), indent: forDisplay || verbosity > 2 ? 4 : nil)
  }

  /// Removes `_ansible_*` keys from every mapping, also inside lists such as `results`.
  static func stripInternal(_ mapping: ValueDict) -> ValueDict {
    var out: ValueDict = [:]
    for (key, value) in mapping where !key.hasPrefix("_ansible_") { out[key] = stripInternal(value) }
    return out
  }

  static func stripInternal(_ value: Value) -> Value {
    switch value {
    case let .dict(mapping): return .dict(stripInternal(mapping))
    case let .list(items): return .list(items.map(stripInternal))
    default: return value
    }
  }

  /// A loop item as Ansible's `(item=...)` shows it: Python's `str()` of the value, so
  /// mappings and lists appear as `{'name': 'a', 'v': [1, 'x']}`. The engine uses this for
  /// `HostTaskResult.itemLabel` when no `loop_control.label` is given.
  package static func itemLabel(_ item: Value) -> String {
    if case let .string(text) = item { return text }
    return item.repr
  }
}
