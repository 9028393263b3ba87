import ValueModel

/// The `random` filter: a random item of a list, or a number from `range(start, end, step)`.
///
/// Seed rule: with `seed=`, the generator is SplitMix64 started from the 64-bit FNV-1a hash
/// of the seed's text, so a seed gives the same result on every run and machine (Ansible's
/// idiom for stable per-host values, e.g. `seed=inventory_hostname`). The numbers differ
/// from Python's Mersenne Twister, so a seed does not reproduce Ansible's exact pick.
/// Without a seed the system generator is used.
enum SeededRandom {
  struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: String) {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      state = hash
    }

    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static func pick(_ value: Value, _ args: CallArguments) throws -> Value {
    // A number range is never built: `10**18 | random` picks an index and computes the number.
    var choices: [Value] = []
    var count: Int
    var start = 0
    var step = 1
    if case .int(let end) = value {
      start = try args.int(0, "start") ?? 0
      step = try args.int(1, "step") ?? 1
      if step == 0 { throw EvalError("random: step must not be zero") }
      count = try Globals.rangeCount(start, end, step)
    } else {
      choices = try value.iterated()
      count = choices.count
    }
    if count == 0 { throw EvalError("random: cannot choose from an empty sequence") }
    let index: Int
    if let seed = args.keyword["seed"], !seed.isUndefined {
      var generator = SplitMix64(seed: seed.text)
      index = Int.random(in: 0..<count, using: &generator)
    } else {
      index = Int.random(in: 0..<count)
    }
    if case .int = value {
      // start + index * step stays between start and end, so it cannot overflow
      return .int(start &+ index &* step)
    }
    return choices[index]
  }
}
