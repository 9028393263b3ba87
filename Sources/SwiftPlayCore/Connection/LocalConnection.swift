import Foundation
import LocalProcess

/// Runs commands on this machine through /bin/sh, for `-c local`, `ansible_connection=local`
/// and the implicit localhost.
package final class LocalConnection: Connection, @unchecked Sendable {
  package let settings: ConnectionSettings
  private let log: DiagnosticLog
  private let thread: DedicatedThread

  package init(settings: ConnectionSettings, log: @escaping DiagnosticLog) {
    self.settings = settings
    self.log = log
    thread = DedicatedThread(name: "local \(settings.hostName)")
  }

  deinit { thread.stop() }

  package func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult {
    log(3, "<\(settings.hostName)> EXEC /bin/sh -c \(CommandLog.shown(ShellQuote.quote(command)))")
    let outcome: LocalProcess.Outcome
    do {
      outcome = try await thread.perform { try LocalProcess.run(["/bin/sh", "-c", command], stdin: stdin, timeout: timeout) }
    } catch { throw error as? ConnectionError ?? .failed("\(error)") }
    if outcome.timedOut { throw .commandTimedOut(after: timeout) }
    return outcome.commandResult
  }

  package func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError) {
    let temporary = temporaryPath(beside: path)
    log(3, "<\(settings.hostName)> PUT \(bytes.count) bytes TO \(path)")
    do {
      try await thread.perform {
        // O_CLOEXEC: a command started on another thread meanwhile must not inherit the
        // open file, or running the file just written fails with "Text file busy".
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConnectionError.failed("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
          let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
          guard count > 0 else { break }
          written += count
        }
        Glibc.close(fd)
        guard written == bytes.count else {
          unlink(temporary)
          throw ConnectionError.failed("cannot write \(temporary)")
        }
        do {
          try FileManager.default.setAttributes([.posixPermissions: Int(mode)], ofItemAtPath: temporary)
          guard rename(temporary, path) == 0 else {
            throw ConnectionError.failed("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
          }
        } catch {
          unlink(temporary)
          throw error
        }
      }
    } catch { throw error as? ConnectionError ?? .failed("cannot write \(path): \(error.localizedDescription)") }
  }

  package func download(_ path: String) async throws(ConnectionError) -> [UInt8] {
    do {
      return try await thread.perform { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
    } catch { throw .failed("cannot read \(path): \(error.localizedDescription)") }
  }

  package func close() async {}
}
