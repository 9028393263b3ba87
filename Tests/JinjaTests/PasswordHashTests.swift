import Testing

@testable import Jinja

/// crypt(3) against published vectors (the SHA-crypt specification's examples as passlib
/// computes them); the fixture covers the filter.
struct PasswordHashTests {
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
