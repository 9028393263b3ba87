import AnsibleYAML

/// The loader's result in the form `AnsibleOracle.script` writes Ansible's in.
enum Canonical {
  static func render(_ text: String) -> String {
    let loader = YAMLLoader()
    do {
      guard let node = try loader.compose(text, file: "case.yml") else { return "null" }
      return try loader.build(node, file: "case.yml", scalar: scalar, list: { "[" + $0.joined(separator: ", ") + "]" }) {
        "{" + $0.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
      }
    } catch {
      return "error"
    }
  }

  static func scalar(_ value: YAMLScalar) -> String {
    switch value {
    case .null: return "null"
    case let .bool(flag): return "bool(\(flag ? "True" : "False"))"
    case let .int(number): return "int(\(number))"
    case let .float(number):
      if number.isNaN { return "float(nan)" }
      if number.isInfinite { return number > 0 ? "float(inf)" : "float(-inf)" }
      // Swift's shortest round-trip digits are Python's repr for these magnitudes.
      return "float(\(number))"
    case let .string(text): return "str(\(text))"
    }
  }

}
