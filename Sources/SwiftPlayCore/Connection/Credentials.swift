import Foundation

/// Secrets gathered during a run (key passphrases), asked once and shared by every host.
public final class Credentials: @unchecked Sendable {
  public typealias Prompt = @Sendable (String) throws -> String

  private let lock = NSLock()
  private var passphrases: [String: String] = [:]
  private let prompt: Prompt

  public init(prompt: @escaping Prompt = { try Terminal.readSecret(prompt: $0) }) {
    self.prompt = prompt
  }

  /// The passphrase for `keyFile`, asking on the terminal the first time. The lock is held
  /// across the prompt so fifty hosts needing the same key produce one question.
  public func passphrase(for keyFile: String) throws -> String {
    lock.lock()
    defer { lock.unlock() }
    if let known = passphrases[keyFile] { return known }
    let answer = try prompt("Enter passphrase for key '\(keyFile)': ")
    passphrases[keyFile] = answer
    return answer
  }

  /// Forgets a passphrase the key rejected, so the next host asks again rather than failing.
  public func forget(_ keyFile: String) {
    lock.lock()
    passphrases[keyFile] = nil
    lock.unlock()
  }
}

/// Receives diagnostic lines with the verbosity level (-v count) they need to be shown.
/// Never passed a secret.
public typealias DiagnosticLog = @Sendable (_ level: Int, _ message: String) -> Void
