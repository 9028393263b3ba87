internal import CLibSSH2
import Glibc
import LocalProcess

/// The ssh-agent named by SSH_AUTH_SOCK, used only to authenticate its session.
final class Agent {
  let session: Session
  let raw: OpaquePointer

  init(session: Session) throws {
    guard let agent = libssh2_agent_init(session.raw) else {
      throw session.lastError("starting the ssh-agent client")
    }
    self.session = session
    raw = agent
  }

  deinit {
    libssh2_agent_disconnect(raw)
    libssh2_agent_free(raw)
  }

  /// Offers each identity in turn: true when one is accepted, false when none is, nil
  /// when no agent answers at SSH_AUTH_SOCK.
  func authenticate(user: String, deadline: Deadline) throws -> Bool? {
    guard let socket = getenv("SSH_AUTH_SOCK"), socket.pointee != 0, libssh2_agent_connect(raw) == 0,
      libssh2_agent_list_identities(raw) == 0
    else { return nil }
    var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
    while true {
      var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
      guard libssh2_agent_get_identity(raw, &identity, previous) == 0, let identity else { return false }
      let accepted = try session.authResult("agent authentication", deadline) {
        libssh2_agent_userauth(raw, user, identity)
      }
      if accepted { return true }
      previous = identity
    }
  }
}
