import Foundation
import Testing

@testable import SwiftPlayCore

struct ShellQuoteTests {
  /// Expected values are Python's shlex.quote output for the same words.
  @Test(arguments: [
    ("it's", "'it'\"'\"'s'"),
    ("a b", "'a b'"),
    ("abc-./=@%+:,_", "abc-./=@%+:,_"),
    ("", "''"),
    ("$HOME", "'$HOME'"),
  ])
  func quotesLikeShlex(word: String, expected: String) {
    #expect(ShellQuote.quote(word) == expected)
  }

  @Test(arguments: [
    ("echo hello world", ["echo", "hello", "world"]),
    ("sh -c \"echo out; exit 3\"", ["sh", "-c", "echo out; exit 3"]),
    ("a 'b c' d\\ e", ["a", "b c", "d e"]),
    ("\"x\\\"y\" \"p\\q\"", ["x\"y", "p\\q"]),
    ("''", [""]),
    ("  spaced   out  ", ["spaced", "out"]),
  ])
  func splitsLikeASh(line: String, expected: [String]) throws {
    #expect(try ShellQuote.split(line) == expected)
  }

  /// What /bin/sh makes of each quoted word, run for real with HOME=/home/x and V="a b".
  @Test(arguments: [
    ("$HOME/bin", "/home/x/bin"),
    ("${V}!", "a b!"),
    ("~/file", "/home/x/file"),
    ("~", "/home/x"),
    ("$(id)", "$(id)"),
    ("`id`", "`id`"),
    ("*", "*"),
    ("a\"b\\c", "a\"b\\c"),
    ("$", "$"),
    ("cost $5", "cost $5"),
    ("~x y", "~x y"),
  ])
  func expandsOnlyTildeAndVariables(word: String, expected: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "printf %s " + ShellQuote.quoteExpandingVariables(word)]
    process.environment = ["HOME": "/home/x", "V": "a b"]
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == expected)
  }

  @Test func globsStayUnquoted() {
    #expect(ShellQuote.quoteKeepingGlobs("/etc/my dir/*.conf") == "'/etc/my dir/'*.conf")
    #expect(ShellQuote.quoteKeepingGlobs("plain") == "plain")
  }

  @Test func unterminatedQuoteIsAnError() {
    #expect(throws: ShellSyntaxError.self) { try ShellQuote.split("echo 'oops") }
  }

  @Test func joinRoundTripsThroughSplit() throws {
    let argv = ["printf", "%s\n", "it's", "a b", "$x", ""]
    #expect(try ShellQuote.split(ShellQuote.join(argv)) == argv)
  }
}
