import SSH

/// Failures of the transport itself, as opposed to a command that ran and failed.
package enum ConnectionError: Error, CustomStringConvertible, Sendable {
  /// The host could not be reached or logged into: Ansible's UNREACHABLE.
  case unreachable(String)
  /// Connected, but an operation failed (a timeout, a file that could not be written).
  case failed(String)
  /// sudo or su did not let the command start; `BecomeConnection` words it.
  case refused(PromptAnswer.Refusal)

  /// The one wording of a command that ran out of time, whichever the transport.
  static func commandTimedOut(after seconds: Double?) -> ConnectionError {
    .failed(SSHError.commandTimeout(seconds: seconds ?? 0).description)
  }

  package var description: String {
    switch self {
    case let .unreachable(message), let .failed(message): return message
    case .refused(.incorrect): return "Incorrect become password"
    case .refused(.missing): return "Missing become password"
    case let .refused(.ended(output)), let .refused(.timedOut(output)): return output
    }
  }
}
