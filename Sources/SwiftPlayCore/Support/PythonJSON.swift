/// JSON text exactly as Python's `json.dumps(value, indent=N, sort_keys=True,
/// ensure_ascii=False)` writes it, which is what Ansible prints in results.
package enum PythonJSON {
  /// `indent: nil` gives the one-line form with `", "` and `": "` separators; an indent of
  /// 0 gives Python's `indent=0` (newlines, no spaces), which the oneline callback flattens.
  package static func dump(_ value: JSONValue, indent: Int? = nil) -> String {
    var out = ""
    write(value, indent: indent, level: 0, into: &out)
    return out
  }

  private static func write(_ value: JSONValue, indent: Int?, level: Int, into out: inout String) {
    switch value {
    case .null: out += "null"
    case let .bool(flag): out += flag ? "true" : "false"
    case let .int(number): out += String(number)
    case let .double(number): out += pythonFloat(number)
    case let .string(text): writeString(text, into: &out)
    case let .array(items):
      writeContainer(items.map { (nil, $0) }, open: "[", close: "]", indent: indent, level: level, into: &out)
    case let .object(members):
      let sorted = members.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
      writeContainer(sorted, open: "{", close: "}", indent: indent, level: level, into: &out)
    }
  }

  private static func writeContainer(
    _ items: [(String?, JSONValue)], open: String, close: String, indent: Int?, level: Int,
    into out: inout String
  ) {
    guard !items.isEmpty else { out += open + close; return }
    out += open
    for (index, (key, item)) in items.enumerated() {
      if let indent {
        out += "\n" + String(repeating: " ", count: indent * (level + 1))
      }
      if let key { writeString(key, into: &out); out += ": " }
      write(item, indent: indent, level: level + 1, into: &out)
      if index < items.count - 1 { out += indent == nil ? ", " : "," }
    }
    if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
    out += close
  }

  private static func writeString(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }

  /// Python prints floats with a decimal point even when whole (`1.0`).
  private static func pythonFloat(_ number: Double) -> String {
    if number.isNaN { return "NaN" }
    if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
    let text = String(number)
    return text.contains(".") || text.contains("e") ? text : text + ".0"
  }
}
