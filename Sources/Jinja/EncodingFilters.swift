import AnsibleYAML
import ValueModel

/// Filters that serialise, parse or digest a value: `to_yaml`, `to_nice_yaml`, `from_yaml`,
/// `from_yaml_all`, `hash`, `sha1`, `md5`, `password_hash`, and the seeded `random`.
enum EncodingFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments) throws -> Value? {
    switch name {
    case "to_yaml":
      return .string(YAML.dump(try value.requireDefined(), indent: yamlIndent(try args.int(99, "indent") ?? 2), flowLeaves: true))
    case "to_nice_yaml":
      return .string(YAML.dump(try value.requireDefined(), indent: yamlIndent(try args.int(99, "indent") ?? 4), flowLeaves: false))
    case "hash", "sha1", "md5":
      let algorithm = name == "hash" ? try args.string(0, "hashtype") ?? "sha1" : name
      guard let digest = Digest.hex(algorithm, Array(try value.requireDefined().text.utf8)) else {
        throw EvalError("hash type '\(algorithm)' is not supported (use sha1, sha256, sha512 or md5)")
      }
      return .string(digest)
    case "from_yaml":
      // Ansible hands anything but a string (or none) back unchanged.
      guard case .string(let text) = try value.requireDefined() else { return value }
      return try YAMLLoader().templateValue(text)
    case "from_yaml_all":
      if value == .null { return .list([]) }
      guard case .string(let text) = try value.requireDefined() else { return value }
      return .list(try YAMLLoader().templateValues(text))
    case "password_hash":
      return try PasswordHash.filter(value, args)
    case "random":
      return try SeededRandom.pick(try value.requireDefined(), args)
    default:
      return nil
    }
  }

  /// PyYAML takes an indent of 2 to 9 and falls back to 2 for any other, which also keeps
  /// a hostile width from becoming a giant (or negative) run of spaces.
  private static func yamlIndent(_ indent: Int) -> Int {
    (2...9).contains(indent) ? indent : 2
  }
}
