import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore

/// The pure parts of apt_repository, deb822_repository and apt_key: source lines as
/// Ansible's apt_repository reads and writes them, its default file names, the deb822
/// text Ansible writes, and key ids. The expected values were taken from Ansible 2.19 run
/// on the same inputs.
struct AptRepositoryModulesTests {
  @Test(arguments: [
    ("#deb  http://x   y z # hello", true, false, "deb http://x y z", "hello", "# deb http://x y z # hello\n"),
    ("## comment", false, false, "# comment", "", "# # comment\n"),
    ("   ", false, true, "", "", "\n"),
    ("deb http://a b#c", true, true, "deb http://a b", "c", "deb http://a b # c\n"),
    ("foo bar", false, true, "foo bar", "", "foo bar\n"),
    ("# deb-src http://x y", true, false, "deb-src http://x y", "", "# deb-src http://x y\n"),
  ])
  func sourceLinesParseAsAnsible(line: String, valid: Bool, enabled: Bool, source: String, comment: String, rendered: String) {
    let parsed = AptSourceLine(parsing: line)
    #expect(parsed == AptSourceLine(valid: valid, enabled: enabled, source: source, comment: comment))
    #expect(parsed.rendered == rendered)
  }

  @Test(arguments: [
    ("deb http://archive.canonical.com/ubuntu hardy partner", "archive_canonical_com_ubuntu.list"),
    ("deb [arch=amd64 signed-by=/etc/apt/keyrings/a.asc] https://user:pw@download.docker.com/linux/debian bookworm stable",
     "download_docker_com_linux_debian.list"),
    ("deb-src file:/srv/repo ./", "file_srv_repo.list"),
    ("deb https://artifacts.elastic.co/packages/6.x/apt stable main", "artifacts_elastic_co_packages_6_x_apt.list"),
  ])
  func defaultFilenamesAreAnsibles(source: String, filename: String) {
    #expect(AptSourceLine.suggestedFilename(for: source) == filename)
  }

  @Test func repositoryOptionMustBeAnEnabledSource() throws {
    #expect(AptSourceLine.repository("deb   http://x  y  main").source == "deb http://x y main")
    #expect(AptSourceLine.repository("# deb http://x y").source == nil)
    #expect(AptSourceLine.repository("http://x y").source == nil)
    #expect(throws: ModuleError.self) { try AptRepositoryModule(arguments: ModuleArguments(options: ["repo": .string("ppa:a/b")])) }
    let module = try AptRepositoryModule(arguments: ModuleArguments(options: ["repo": .string("deb http://a.example/x y z")]))
    #expect(module.path == "/etc/apt/sources.list.d/a_example_x.list")
    let named = try AptRepositoryModule(arguments: ModuleArguments(options: ["repo": .string("deb http://a y"), "filename": .string("/srv/my")]))
    #expect(named.path == "/srv/my.list")
  }

  static let probed = """
    --swiftplay-source-- 644 /etc/apt/sources.list
    deb http://deb.debian.org/debian bookworm main
    #deb  http://example.org/x stable main

    --swiftplay-source-- 600 /etc/apt/sources.list.d/extra.list
    deb http://example.org/x stable main # twice
    --swiftplay-source-- 644 /etc/apt/sources.list.d/empty.list

    """

  @Test func addingEnablesEveryCopyAndAppendsOnlyWhenThereIsNone() {
    var files = AptSourcesFiles.parse(Self.probed)
    #expect(files.files.map(\.path) == ["/etc/apt/sources.list", "/etc/apt/sources.list.d/extra.list", "/etc/apt/sources.list.d/empty.list"])
    #expect(files.files[1].mode == 0o600)
    #expect(files.dump["/etc/apt/sources.list.d/empty.list"] == nil, "a file without lines is not compared")
    let before = files.dump
    let appended = files.add("deb http://example.org/x stable main", to: "/etc/apt/sources.list.d/new.list")
    #expect(!appended)
    #expect(files.dump["/etc/apt/sources.list"] == "deb http://deb.debian.org/debian bookworm main\ndeb http://example.org/x stable main\n")
    #expect(files.dump["/etc/apt/sources.list.d/extra.list"] == before["/etc/apt/sources.list.d/extra.list"])
    let appendedOther = files.add("deb http://other y", to: "/etc/apt/sources.list.d/empty.list")
    #expect(appendedOther)
    #expect(files.dump["/etc/apt/sources.list.d/empty.list"] == "deb http://other y\n")
  }

  @Test func removingLeavesDisabledLinesAndEmptiesFiles() {
    var files = AptSourcesFiles.parse(Self.probed)
    files.remove("deb http://example.org/x stable main")
    #expect(files.dump["/etc/apt/sources.list"] == "deb http://deb.debian.org/debian bookworm main\n# deb http://example.org/x stable main\n")
    #expect(files.dump["/etc/apt/sources.list.d/extra.list"] == nil)
  }

  /// Ansible 2.19's deb822_repository wrote this file for these options.
  @Test func deb822TextIsAnsibles() {
    let text = Deb822Source.render([
      "name": .text("Example Repo"), "types": .list(["deb", "deb-src"]), "uris": .list(["https://a.example/debian"]),
      "suites": .list(["stable"]), "components": .list(["main", "contrib"]), "trusted": .flag(false),
      "architectures": .list(["amd64"]), "check_valid_until": .flag(true), "date_max_future": .number(10),
      "signed_by": .text("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEY\n=IE0r\n-----END PGP PUBLIC KEY BLOCK-----\n"),
    ])
    #expect(text == """
      Architectures: amd64
      Check-Valid-Until: yes
      Components: main contrib
      Date-Max-Future: 10
      X-Repolib-Name: Example Repo
      Signed-By:
          -----BEGIN PGP PUBLIC KEY BLOCK-----
          .
          mDMEY
          =IE0r
          -----END PGP PUBLIC KEY BLOCK-----
      Suites: stable
      Trusted: no
      Types: deb deb-src
      URIs: https://a.example/debian

      """)
    #expect(Deb822Source.slug("My_Repo  Name!") == "my-repo-name")
    #expect(Deb822Source.field("allow_downgrade_to_insecure") == "Allow-Downgrade-To-Insecure")
    #expect(Deb822Source.isURL("https://a.example/key"))
    #expect(!Deb822Source.isURL("/etc/apt/keyrings/a.gpg"))
    #expect(!Deb822Source.isURL("-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: x"))
    #expect(!Deb822Source.isURL("ABCDEF0123456789"))
  }

  @Test func keyIDsMatchAsAnsibles() throws {
    let long = try #require(AptKeyID("0x36a1d7869245c8950f966e92d8576a8ba88d21e9"))
    #expect(long.full == "36A1D7869245C8950F966E92D8576A8BA88D21E9")
    #expect(long.short == "A88D21E9")
    #expect(long.fingerprint == "D8576A8BA88D21E9")
    #expect(long.isIn(["3B4FE6ACC0B21F32", "D8576A8BA88D21E9"]))
    #expect(!long.isIn(["3B4FE6ACC0B21F32"]))
    let short = try #require(AptKeyID("a88d21e9"))
    #expect(short.isShort && short.isIn(["D8576A8BA88D21E9"]))
    #expect(short.listed(["D8576A8BA88D21E9"]) == ["A88D21E9"])
    #expect(AptKeyID("123") == nil)
    #expect(AptKeyID("A88D21E9X") == nil)
    #expect(AptKeyID("0123456789") == nil, "10 digits: neither short nor long")
  }

  @Test func keyListingsGiveLongIDsOfKeysNotExpired() {
    let listing: Substring = """
      pub:-:2048:1:6EF4DFF7A17EB5C4:1795987546:::-:::scSC::::::23::0:
      fpr:::::::::BB769B62498977D2B4C355FE6EF4DFF7A17EB5C4:
      uid:-::::1795987546::DCAE::swiftplay test <t@example.invalid>::::::::::0:
      sub:-:2048:1:1111222233334444:1795987546::::::e::::::23:
      fpr:::::::::AAAA1111222233334444:
      pub:e:2048:1:0000000000000001:1:::-:::sc::::::23::0:
      fpr:::::::::FFFF0000000000000001:
      """
    let keys = AptKeyID.keys(inListing: listing)
    #expect(keys.count == 2)
    #expect(keys[0].fingerprint == "BB769B62498977D2B4C355FE6EF4DFF7A17EB5C4")
    #expect(keys[0].ids == ["6EF4DFF7A17EB5C4", "1111222233334444"])
    #expect(keys[1].ids.isEmpty, "an expired key is left out, as apt-key's listing does")
    #expect(AptKeyID.firstID(inListing: listing) == "6EF4DFF7A17EB5C4")
  }
}
