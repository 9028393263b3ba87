import Testing

@testable import Jinja

/// SHA-2 and crypt(3) against published vectors (FIPS 180-4 examples, the SHA-crypt
/// specification's examples as passlib computes them); the fixture covers the filter.
struct PasswordHashTests {
  private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  @Test func sha256MatchesStandardVectors() {
    #expect(hex(SHA2.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(hex(SHA2.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      hex(SHA2.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      hex(SHA2.sha256([UInt8](repeating: 0x61, count: 1_000_000)))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func sha512MatchesStandardVectors() {
    #expect(
      hex(SHA2.sha512(Array("abc".utf8)))
        == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    let twoBlocks = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
    #expect(
      hex(SHA2.sha512(Array(twoBlocks.utf8)))
        == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
    #expect(
      hex(SHA2.sha512([UInt8](repeating: 0x61, count: 1_000_000)))
        == "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
  }

  @Test func shaCryptMatchesSpecificationExamples() {
    func crypt(_ password: String, _ salt: String, _ scheme: PasswordHash.Scheme, _ rounds: Int) -> String {
      PasswordHash.crypt(Array(password.utf8), salt: salt, scheme: scheme, rounds: rounds)
    }
    #expect(crypt("Hello world!", "saltstring", PasswordHash.sha256, 5000) == "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")
    #expect(
      crypt("Hello world!", "saltstringsaltst", PasswordHash.sha256, 10000)
        == "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA")
    #expect(
      crypt("This is just a test", "toolongsaltstrin", PasswordHash.sha256, 5000)
        == "$5$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5")
    #expect(
      crypt("Hello world!", "saltstring", PasswordHash.sha512, 5000)
        == "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")
    #expect(
      crypt("Hello world!", "saltstringsaltst", PasswordHash.sha512, 10000)
        == "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")
    #expect(
      crypt("the minimum number is still observed", "roundstoolow", PasswordHash.sha512, 1000)
        == "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.")
    #expect(crypt("secret", "ok", PasswordHash.md5, 0) == "$1$ok$Uz/TlUvtZDErMNId6ZD0j0")
  }

  @Test func unsaltedHashesDrawAFreshSaltFromCryptsAlphabet() throws {
    let template = try Template("{{ 'pw' | password_hash('sha512', rounds=1000) }}")
    let first = try template.render()
    let second = try template.render()
    #expect(first != second)
    let salt = first.split(separator: "$")[2]
    #expect(salt.count == 16)
    #expect(salt.utf8.allSatisfy { PasswordHash.alphabet.contains($0) })
  }

  @Test func badSaltIsReportedWithTheSchemeName() throws {
    do {
      _ = try Template("{{ 'pw' | password_hash('sha256', 'no$', rounds=1000) }}").render()
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "could not hash the secret: invalid characters in sha256_crypt salt")
    }
  }
}
