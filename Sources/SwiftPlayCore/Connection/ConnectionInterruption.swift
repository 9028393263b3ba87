import SSH

/// Ctrl-C for connections: every libssh2 command in flight ends now (its channel and
/// session are dropped), so an interrupted run does not wait for long commands.
/// Commands run through `-c openssh` or `-c local` finish as they would.
package enum ConnectionInterruption {
  package static func trigger() { Interruption.trigger() }
}
