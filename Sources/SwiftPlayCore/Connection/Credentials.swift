import Foundation

/// Key passphrases gathered during a run: asked once on the terminal and shared by every
/// host. A passphrase is shared only once a host has accepted it; a wrong one is asked
/// again, up to three times, as ssh does.
package final class Credentials: @unchecked Sendable {
  package typealias Prompt = @Sendable (String) throws -> String

  private enum State {
    /// One host is asking, or trying the answer; the others wait.
    case trying(attempt: Int)
    case verified(String)
    case gaveUp
  }

  package static let maximumAttempts = 3
  private let condition = NSCondition()
  private var states: [String: State] = [:]
  private var failedAttempts: [String: Int] = [:]
  private let prompt: Prompt

  package init(prompt: @escaping Prompt = { try Terminal.readSecret(prompt: $0) }) {
    self.prompt = prompt
  }

  /// The passphrase to try for `keyFile`, or nil when the person gave up on it. After
  /// trying a returned passphrase, the caller must call `report`.
  package func passphrase(for keyFile: String) throws -> String? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      switch states[keyFile] {
      case let .verified(passphrase)?: return passphrase
      case .gaveUp?: return nil
      case .trying?: condition.wait()
      case nil:
        let attempt = failedAttempts[keyFile, default: 0] + 1
        states[keyFile] = .trying(attempt: attempt)
        let question = attempt > 1
          ? "Bad passphrase, try again for key '\(keyFile)': " : "Enter passphrase for key '\(keyFile)': "
        // Others wait on the state, not on the lock, while the person types.
        condition.unlock()
        let answer = Result { try prompt(question) }
        condition.lock()
        if case .failure = answer {
          states[keyFile] = .gaveUp
          condition.broadcast()
        }
        return try answer.get()
      }
    }
  }

  /// Records whether the passphrase just tried for `keyFile` worked, and wakes the hosts
  /// waiting for it.
  package func report(_ keyFile: String, passphrase: String, accepted: Bool) {
    condition.lock()
    defer { condition.unlock() }
    guard case let .trying(attempt)? = states[keyFile] else { return }
    if accepted {
      states[keyFile] = .verified(passphrase)
    } else if attempt >= Self.maximumAttempts {
      states[keyFile] = .gaveUp
    } else {
      states[keyFile] = nil
      failedAttempts[keyFile] = attempt
    }
    condition.broadcast()
  }

  /// Gives up the turn for `keyFile` without a verdict (the connection failed before the
  /// passphrase could be tried), so a waiting host asks instead of waiting forever.
  package func abandon(_ keyFile: String) {
    condition.lock()
    defer { condition.unlock() }
    guard case .trying? = states[keyFile] else { return }
    states[keyFile] = nil
    condition.broadcast()
  }
}
