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
