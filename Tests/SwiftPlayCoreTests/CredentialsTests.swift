import Foundation
import Testing

@testable import SwiftPlayCore

struct CredentialsTests {
  final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var asked = 0
    func next() -> Int { lock.withLock { asked += 1; return asked } }
  }

  @Test func aVerifiedPassphraseIsSharedAndNotAskedAgain() throws {
    let counter = Counter()
    let credentials = Credentials { _ in "answer \(counter.next())" }
    let first = try credentials.passphrase(for: "/k")
    credentials.report("/k", passphrase: try #require(first), accepted: true)
    #expect(try credentials.passphrase(for: "/k") == "answer 1")
    #expect(counter.asked == 1)
  }

  @Test func aWrongPassphraseIsAskedAgainUpToThreeTimes() throws {
    let counter = Counter()
    let credentials = Credentials { _ in "try \(counter.next())" }
    for _ in 1...Credentials.maximumAttempts {
      let answer = try #require(try credentials.passphrase(for: "/k"))
      credentials.report("/k", passphrase: answer, accepted: false)
    }
    #expect(try credentials.passphrase(for: "/k") == nil)
    #expect(counter.asked == 3)
  }

  /// A host that lost its connection while trying the passphrase gives its turn back:
  /// the next host asks instead of waiting for a verdict that never comes.
  @Test func anAbandonedTryLetsTheNextHostAsk() throws {
    let counter = Counter()
    let credentials = Credentials { _ in "answer \(counter.next())" }
    _ = try credentials.passphrase(for: "/k")
    credentials.abandon("/k")
    #expect(try credentials.passphrase(for: "/k") == "answer 2")
  }
}
