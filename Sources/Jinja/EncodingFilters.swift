/// Filters that serialise or digest a value: `to_yaml`, `to_nice_yaml`, `hash`, `sha1`,
/// `md5`, and the seeded `random`.
enum EncodingFilters {
  static func apply(_ name: String, _ value: Value, _ args: CallArguments) throws -> Value? {
    switch name {
    case "to_yaml":
      return .string(YAML.dump(try value.requireDefined(), indent: try args.int(99, "indent") ?? 2, flowLeaves: true))
    case "to_nice_yaml":
      return .string(YAML.dump(try value.requireDefined(), indent: try args.int(99, "indent") ?? 4, flowLeaves: false))
    case "hash", "sha1", "md5":
      let algorithm = name == "hash" ? try args.string(0, "hashtype") ?? "sha1" : name
      guard let digest = Digest.hex(algorithm, Array(try value.requireDefined().text.utf8)) else {
        throw EvalError("hash type '\(algorithm)' is not supported (use sha1 or md5)")
      }
      return .string(digest)
    case "random":
      return try SeededRandom.pick(try value.requireDefined(), args)
    default:
      return nil
    }
  }
}
