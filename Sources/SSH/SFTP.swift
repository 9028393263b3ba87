internal import CLibSSH2
import Glibc
import LocalProcess

/// An SFTP subsystem on a session, for moving whole files.
package final class SFTP {
  let session: Session
  let raw: OpaquePointer
  /// The words for SSH_FX_FAILURE, which names no cause.
  static let vagueFailure = "the server reported a failure"

  init(session: Session, raw: OpaquePointer) {
    self.session = session
    self.raw = raw
  }

  deinit { _ = try? session.retry("closing SFTP", .after(seconds: 2)) { libssh2_sftp_shutdown(raw) } }

  /// Writes `bytes` to `path` (created or truncated) and sets its permission bits to `mode`
  /// exactly, whatever the server's umask. The file is private (0600) while it is written,
  /// so a transfer cut short never leaves a readable copy.
  package func write(_ bytes: [UInt8], to path: String, mode: Int32, deadline: Deadline) throws {
    let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC)
    let handle = try open(path, flags: flags, mode: 0o600, deadline: deadline)
    defer { close(handle, deadline: deadline) }
    var offset = 0
    while offset < bytes.count {
      let sent = try bytes.withUnsafeBufferPointer { all -> Int in
        let start = UnsafeRawPointer(all.baseAddress!.advanced(by: offset)).assumingMemoryBound(to: CChar.self)
        var result = 0
        do {
          try session.retry("writing \(path)", deadline) {
            result = libssh2_sftp_write(handle, start, min(all.count - offset, 64 * 1024))
            return result < 0 ? Int32(result) : 0
          }
        } catch SSHError.library(_, LIBSSH2_ERROR_SFTP_PROTOCOL, _) {
          throw sftpError("writing \(path)")
        }
        return result
      }
      offset += sent
    }
    do {
      try session.retry("setting the mode of \(path)", deadline) { shim_sftp_fchmod(handle, UInt(mode)) }
    } catch SSHError.library(_, LIBSSH2_ERROR_SFTP_PROTOCOL, _) {
      throw sftpError("setting the mode of \(path)")
    }
  }

  /// Reads the whole file at `path`.
  package func read(_ path: String, deadline: Deadline) throws -> [UInt8] {
    let handle = try open(path, flags: UInt(LIBSSH2_FXF_READ), mode: 0, deadline: deadline)
    defer { close(handle, deadline: deadline) }
    var content: [UInt8] = []
    var buffer = [CChar](repeating: 0, count: 64 * 1024)
    while true {
      var count = 0
      do {
        try session.retry("reading \(path)", deadline) {
          count = libssh2_sftp_read(handle, &buffer, buffer.count)
          return count < 0 ? Int32(count) : 0
        }
      } catch SSHError.library(_, LIBSSH2_ERROR_SFTP_PROTOCOL, _) {
        throw sftpError("reading \(path)")
      }
      if count == 0 { return content }
      content += buffer[0..<count].map { UInt8(bitPattern: $0) }
    }
  }

  package func remove(_ path: String, deadline: Deadline) throws {
    try session.retry("removing \(path)", deadline) {
      shim_sftp_unlink(raw, path, UInt32(path.utf8.count))
    }
  }

  private func open(_ path: String, flags: UInt, mode: Int, deadline: Deadline) throws -> OpaquePointer {
    do {
      let handle = try session.retryPointer("opening \(path)", deadline) {
        shim_sftp_open(raw, path, UInt32(path.utf8.count), flags, mode)
      }
      if let handle { return handle }
    } catch SSHError.library(_, LIBSSH2_ERROR_SFTP_PROTOCOL, _) {}
    throw sftpError("opening \(path)")
  }

  private func close(_ handle: OpaquePointer, deadline: Deadline) {
    _ = try? session.retry("closing a file", deadline) { shim_sftp_close(handle) }
  }

  /// SFTP failures carry their own status code (no such file, permission denied, disk
  /// full) that the session's error ("FXP write failed") does not say. The words are the
  /// system's own (strerror), so a shell transfer and an SFTP one fail alike.
  private func sftpError(_ operation: String) -> SSHError {
    let status = libssh2_sftp_last_error(raw)
    let reason: String
    switch UInt(status) {
    case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH): reason = "No such file or directory"
    case UInt(LIBSSH2_FX_PERMISSION_DENIED), UInt(LIBSSH2_FX_WRITE_PROTECT): reason = "Permission denied"
    case UInt(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM), UInt(LIBSSH2_FX_QUOTA_EXCEEDED): reason = "No space left on device"
    case UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS): reason = "File exists"
    case UInt(LIBSSH2_FX_NOT_A_DIRECTORY): reason = "Not a directory"
    case UInt(LIBSSH2_FX_FAILURE):
      // OpenSSH's sftp-server (protocol 3) reports ENOSPC and most other errors as a bare
      // failure; the caller adds what the shell can tell.
      reason = Self.vagueFailure
    default: reason = "SFTP status \(status)"
    }
    return .library(operation: operation, code: LIBSSH2_ERROR_SFTP_PROTOCOL, message: reason)
  }
}
