import ValueModel

/// The `password_hash` filter: crypt(3) strings (`$6$…`, `$5$…`, `$1$…`) as Ansible makes
/// them with passlib, so a `user: password=` task sees the same hash under swiftplay.
///
/// Ansible's arguments: `password_hash(hashtype='sha512', salt=None, salt_size=None,
/// rounds=None, ident=None)`. Like Ansible (2.19, passlib), SHA-crypt without `rounds` uses
/// crypt's modern defaults, 656000 for sha512 and 535000 for sha256, written into the hash
/// (`$6$rounds=656000$salt$…`); only `rounds=5000`, the algorithm's implicit count, leaves
/// the field out. Without a salt Ansible draws a random one every time, and so does this:
/// the result is only reproducible when the play passes a salt. `blowfish` (bcrypt) is not
/// carried.
enum PasswordHash {
  /// A crypt scheme as passlib names it, with its limits.
  struct Scheme {
    var name: String
    var id: String
    var maxSalt: Int
    var defaultRounds: Int?
  }

  static let sha512 = Scheme(name: "sha512_crypt", id: "6", maxSalt: 16, defaultRounds: 656_000)
  static let sha256 = Scheme(name: "sha256_crypt", id: "5", maxSalt: 16, defaultRounds: 535_000)
  static let md5 = Scheme(name: "md5_crypt", id: "1", maxSalt: 8, defaultRounds: nil)

  /// crypt's base-64 alphabet, used for salts and for the encoded digest.
  static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

  static func filter(_ value: Value, _ args: CallArguments) throws -> Value {
    guard case .string(let password) = try value.requireDefined() else {
      throw EvalError("password_hash requires a string, got \(value.typeName)")
    }
    let hashtype = try args.string(0, "hashtype") ?? "sha512"
    let scheme: Scheme
    switch hashtype {
    case "sha512", "sha512_crypt": scheme = sha512
    case "sha256", "sha256_crypt": scheme = sha256
    case "md5", "md5_crypt": scheme = md5
    case "blowfish", "bcrypt": throw EvalError("password_hash: bcrypt (blowfish) is not supported by swiftplay, use sha512")
    default:
      throw EvalError("\(hashtype) is not in the list of supported passlib algorithms: md5, blowfish, sha256, sha512")
    }
    let salt: String
    if let given = args.get(1, "salt"), try given.requireDefined().isTruthy {
      salt = given.text
      if salt.utf8.contains(where: { !alphabet.contains($0) }) {
        throw EvalError("could not hash the secret: invalid characters in \(scheme.name) salt")
      }
      if salt.utf8.count > scheme.maxSalt {
        throw EvalError("could not hash the secret: salt too large (\(scheme.name) requires <= \(scheme.maxSalt) chars)")
      }
    } else {
      let size = try args.int(2, "salt_size").flatMap { $0 == 0 ? nil : $0 } ?? scheme.maxSalt
      guard (0...scheme.maxSalt).contains(size) else {
        throw EvalError("could not hash the secret: \(scheme.name): salt_size (\(size)) must be between 0 and \(scheme.maxSalt)")
      }
      salt = String(decoding: (0..<size).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }, as: UTF8.self)
    }
    let rounds = try args.int(3, "rounds").flatMap { $0 == 0 ? nil : $0 } ?? scheme.defaultRounds
    if scheme.defaultRounds == nil, rounds != nil {
      throw EvalError("could not hash the secret: \(scheme.name) does not take rounds")
    }
    if let rounds, !(1000...999_999_999).contains(rounds) {
      throw EvalError("could not hash the secret: \(scheme.name): rounds (\(rounds)) must be between 1000 and 999999999")
    }
    // SHA-crypt hashes the password repeated as many times as it is long, held whole here
    let length = password.utf8.count
    try Limits.checkString(bytes: Limits.product(length, length), "password_hash of a \(length)-byte secret")
    return .string(crypt(Array(password.utf8), salt: salt, scheme: scheme, rounds: rounds ?? 0))
  }

  /// The crypt(3) string for `password`; `salt` must already be valid for the scheme.
  static func crypt(_ password: [UInt8], salt: String, scheme: Scheme, rounds: Int) -> String {
    let s = Array(salt.utf8)
    if scheme.id == "1" {
      return "$1$" + salt + "$" + encode(md5Crypt(password, salt: s), groups: md5Groups, last: [11])
    }
    let is512 = scheme.id == "6"
    let digest = shaCrypt(password, salt: s, rounds: rounds, hash: is512 ? Digest.sha512Bytes : Digest.sha256Bytes)
    let encoded = is512 ? encode(digest, groups: sha512Groups, last: [63]) : encode(digest, groups: sha256Groups, last: [31, 30])
    return "$\(scheme.id)$" + (rounds == 5000 ? "" : "rounds=\(rounds)$") + salt + "$" + encoded
  }

  /// Ulrich Drepper's SHA-crypt (the algorithm behind glibc's `$5$` and `$6$`).
  private static func shaCrypt(_ p: [UInt8], salt s: [UInt8], rounds: Int, hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
    let b = hash(p + s + p)
    var a = p + s
    var n = p.count
    while n > b.count {
      a += b
      n -= b.count
    }
    a += b[0..<n]
    var bits = p.count
    while bits > 0 {
      a += bits & 1 == 1 ? b : p
      bits >>= 1
    }
    var c = hash(a)
    // P and S sequences: digests of the password repeated, and of the salt repeated
    // 16 + A[0] times, cut to the password's and the salt's lengths.
    let dp = hash(Array([[UInt8]](repeating: p, count: p.count).joined()))
    let pSeq = (0..<p.count).map { dp[$0 % dp.count] }
    let ds = hash(Array([[UInt8]](repeating: s, count: 16 + Int(c[0])).joined()))
    let sSeq = Array(ds[0..<s.count])
    var buffer: [UInt8] = []
    buffer.reserveCapacity(2 * c.count + 2 * p.count + s.count)
    for i in 0..<rounds {
      buffer.removeAll(keepingCapacity: true)
      buffer += i & 1 == 1 ? pSeq : c
      if i % 3 != 0 { buffer += sSeq }
      if i % 7 != 0 { buffer += pSeq }
      buffer += i & 1 == 1 ? c : pSeq
      c = hash(buffer)
    }
    return c
  }

  /// Poul-Henning Kamp's MD5-crypt (`$1$`), a thousand fixed rounds.
  private static func md5Crypt(_ p: [UInt8], salt s: [UInt8]) -> [UInt8] {
    let alternate = Digest.md5Bytes(p + s + p)
    var ctx = p + Array("$1$".utf8) + s
    var n = p.count
    while n > 0 {
      ctx += alternate[0..<min(16, n)]
      n -= 16
    }
    var bits = p.count
    while bits > 0 {
      ctx.append(bits & 1 == 1 ? 0 : p[0])
      bits >>= 1
    }
    var final = Digest.md5Bytes(ctx)
    for i in 0..<1000 {
      var round: [UInt8] = i & 1 == 1 ? p : final
      if i % 3 != 0 { round += s }
      if i % 7 != 0 { round += p }
      round += i & 1 == 1 ? final : p
      final = Digest.md5Bytes(round)
    }
    return final
  }

  /// crypt's base-64: each group of three digest bytes (most significant first) becomes
  /// four characters, least significant six bits first; the leftover bytes end it.
  private static func encode(_ digest: [UInt8], groups: [(Int, Int, Int)], last: [Int]) -> String {
    var out: [UInt8] = []
    func put(_ word: UInt32, _ count: Int) {
      var w = word
      for _ in 0..<count {
        out.append(alphabet[Int(w & 0x3F)])
        w >>= 6
      }
    }
    for (b2, b1, b0) in groups {
      put(UInt32(digest[b2]) << 16 | UInt32(digest[b1]) << 8 | UInt32(digest[b0]), 4)
    }
    var word: UInt32 = 0
    for index in last { word = word << 8 | UInt32(digest[index]) }
    put(word, last.count + 1)
    return String(decoding: out, as: UTF8.self)
  }

  /// SHA-crypt's byte order: group k takes bytes k, k+n and k+2n, rotated by k mod 3.
  private static func rotatedGroups(count: Int, stride n: Int, rotation: [Int]) -> [(Int, Int, Int)] {
    (0..<count).map { k in
      let t = [k, k + n, k + 2 * n]
      let r = rotation[k % 3]
      return (t[r % 3], t[(r + 1) % 3], t[(r + 2) % 3])
    }
  }

  private static let sha512Groups = rotatedGroups(count: 21, stride: 21, rotation: [0, 1, 2])
  private static let sha256Groups = rotatedGroups(count: 10, stride: 10, rotation: [0, 2, 1])
  private static let md5Groups = [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)]
}
