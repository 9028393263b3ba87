import Foundation
import Testing

@testable import SwiftPlayCore

/// Path expansion against Python's: each expected value was printed by
/// `posixpath.expanduser(posixpath.expandvars(word))` (Python 3.11) with the same
/// environment and users.
@Suite struct HostPathExpansionTests {
  static let host = HostPathExpansion.HostFacts(
    environment: ["HOME": "/home/x/", "V": "a b", "EMPTY": "", "X1": "one", "weird name": "w"],
    homes: ["root": "/root"])

  @Test(arguments: [
    ("$HOME/bin", "/home/x//bin"), ("${V}!", "a b!"), ("~/file", "/home/x/file"), ("~", "/home/x"), ("~/", "/home/x/"),
    ("$(id)", "$(id)"), ("`id`", "`id`"), ("*", "*"), ("$", "$"), ("cost $5", "cost $5"), ("~x y", "~x y"),
    ("$NOPE/a", "$NOPE/a"), ("${NOPE}", "${NOPE}"), ("$EMPTY|", "|"), ("${weird name}", "w"), ("$X1x", "$X1x"),
    ("$X1-x", "one-x"), ("${V", "${V"), ("~root/.ssh", "/root/.ssh"), ("~nosuchuser/a", "~nosuchuser/a"),
    ("a/~/b", "a/~/b"), ("$V$V", "a ba b"), ("é$V", "éa b"), ("$Vé", "a bé"), ("${x:-$(id)}", "${x:-$(id)}"),
    ("$HOME", "/home/x/"),
  ])
  func expandsAsPython(word: String, expected: String) {
    #expect(HostPathExpansion.expand(word, on: Self.host) == expected)
  }

  @Test func withoutHomeTheUsersPasswdHomeIsUsed() {
    let host = HostPathExpansion.HostFacts(ownHome: "/srv/me")
    #expect(HostPathExpansion.expand("~/a", on: host) == "/srv/me/a")
    #expect(HostPathExpansion.expand("~", on: HostPathExpansion.HostFacts()) == "~")
  }

  @Test func onlyPlainUserNamesAreLookedUp() {
    #expect(HostPathExpansion.tildeUser("~/a") == "")
    #expect(HostPathExpansion.tildeUser("~lab/a") == "lab")
    #expect(HostPathExpansion.tildeUser("~0/a") == nil, "getent reads a number as a uid; Python's getpwnam does not")
    #expect(HostPathExpansion.tildeUser("~$U/a") == nil)
    #expect(HostPathExpansion.tildeUser("a") == nil)
  }

  /// The query run by the real /bin/sh, with an environment holding a newline and a
  /// user name that is a shell command: what comes back is exactly the environment and
  /// the homes, and nothing ran.
  @Test func theQueryReadsTheEnvironmentAndHomesExactly() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("expansion-\(UUID())").path
    let users = ["root", "nosuchuser", "$(touch \(marker))"]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", HostPathExpansion.query(users: users)]
    process.environment = ["HOME": "/home/x", "MULTI": "line1\nline2=x", "PATH": "/usr/bin:/bin"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let facts = HostPathExpansion.HostFacts(parsing: output, users: users)
    #expect(facts.environment["MULTI"] == "line1\nline2=x")
    #expect(facts.environment["HOME"] == "/home/x")
    #expect(facts.homes == ["root": "/root"])
    #expect(facts.ownHome == "/root", "this test runs as root")
    #expect(!FileManager.default.fileExists(atPath: marker))
  }
}
