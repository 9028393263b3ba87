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
  package static func censored(_ result: [String: JSONValue]) -> [String: JSONValue] {
    var shown: [String: JSONValue] = ["censored": .string(censoredMessage)]
    for key in keptWhenCensored { if let value = result[key] { shown[key] = value } }
    return shown
  }

  /// The mapping the default callback dumps after `=>`: censored for `no_log`, without
  /// `_ansible_*` keys at any depth, without `invocation` and `diff` below -vvv, and for
  /// debug without anything but the message or the variable.
  package static func cleaned(
    _ result: HostTaskResult, action: String, verbosity: Int, dropResults: Bool = false
  ) -> [String: JSONValue] {
    if result.noLog { return censored(result.result) }
    var shown = stripInternal(result.result)
    for key in alwaysHidden { shown[key] = nil }
    if verbosity < 3 { shown["invocation"] = nil }
    if verbosity >= 3 && !result.diff.isEmpty {
      shown["diff"] = result.diff.count == 1 ? .object(result.diff[0]) : .array(result.diff.map { .object($0) })
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
  package static func dump(_ shown: [String: JSONValue], forDisplay: Bool, verbosity: Int) -> String {
    PythonJSON.dump(.object(shown), indent: forDisplay || verbosity > 2 ? 4 : nil)
  }

  /// Removes `_ansible_*` keys from every mapping, also inside lists such as `results`.
  static func stripInternal(_ mapping: [String: JSONValue]) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (key, value) in mapping where !key.hasPrefix("_ansible_") { out[key] = stripInternal(value) }
    return out
  }

  static func stripInternal(_ value: JSONValue) -> JSONValue {
    switch value {
    case let .object(mapping): return .object(stripInternal(mapping))
    case let .array(items): return .array(items.map(stripInternal))
    default: return value
    }
  }

  /// A loop item as Ansible's `(item=...)` shows it: Python's `str()` of the value, so
  /// mappings and lists appear as `{'name': 'a', 'v': [1, 'x']}`. The engine uses this for
  /// `HostTaskResult.itemLabel` when no `loop_control.label` is given.
  package static func itemLabel(_ item: JSONValue) -> String {
    if case let .string(text) = item { return text }
    return pythonRepr(item)
  }

  /// Python's `repr()` of a JSON value.
  package static func pythonRepr(_ value: JSONValue) -> String {
    switch value {
    case .null: return "None"
    case let .bool(flag): return flag ? "True" : "False"
    case let .int(number): return String(number)
    case .double: return PythonJSON.dump(value)
    case let .string(text): return pythonQuote(text)
    case let .array(items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
    case let .object(members):
      // Python keeps insertion order; JSONValue has none, so sorted keys stand in for it.
      return "{" + members.sorted { $0.key < $1.key }.map { pythonQuote($0.key) + ": " + pythonRepr($0.value) }
        .joined(separator: ", ") + "}"
    }
  }

  /// Python's quoting: single quotes unless the text holds a single quote and no double one.
  static func pythonQuote(_ text: String) -> String {
    let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where Character(scalar) == quote: out += "\\" + String(quote)
      case let control where control.value < 0x20 || control.value == 0x7F:
        let hex = String(control.value, radix: 16)
        out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + String(quote)
  }
}
