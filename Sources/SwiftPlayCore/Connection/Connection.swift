/// A way to run commands and move files on one host. One instance serves one host for a
/// whole run and is safe to call from any task; implementations keep their blocking work
/// off Swift's cooperative thread pool.
package protocol Connection: AnyObject, Sendable {
  var settings: ConnectionSettings { get }

  /// Runs `command` through the remote user's shell, feeding `stdin`. `timeout` (seconds)
  /// bounds the command, and when it is up the host kills the command's whole process
  /// group (`HostTimeout`); nil waits as long as it takes.
  func run(_ command: String, stdin: [UInt8], timeout: Double?) async throws(ConnectionError) -> CommandResult

  /// Writes `bytes` to `path` with permission bits `mode`. The file appears whole or not at
  /// all: it is written to a temporary name in the same folder and renamed into place.
  func upload(_ bytes: [UInt8], to path: String, mode: Int32) async throws(ConnectionError)

  /// Reads the whole file at `path`.
  func download(_ path: String) async throws(ConnectionError) -> [UInt8]

  /// Ends the session; further calls reconnect.
  func close() async
}

extension Connection {
  package func run(_ command: String) async throws(ConnectionError) -> CommandResult {
    try await run(command, stdin: [], timeout: nil)
  }

  /// A temporary name beside `path`, hidden, so a rename onto `path` stays on one filesystem.
  func temporaryPath(beside path: String) -> String {
    scratchPrefix(beside: path) + "\(UInt32.random(in: 0...UInt32.max)).tmp"
  }

  /// What every scratch name for `path` starts with; the random part and `.tmp` follow.
  func scratchPrefix(beside path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    return folder + ".\(name).swiftplay-"
  }

  /// A shell line that removes scratch files for `path` that a killed run left behind:
  /// any not written to for 15 minutes. A live transfer keeps its file's time fresh, so
  /// only abandoned ones go; they were private (0600) all along.
  func sweepScript(beside path: String) -> String {
    // The prefix is quoted (a `*` in the name stays literal); only the random part globs.
    "for f in \(ShellQuote.quote(scratchPrefix(beside: path)))*.tmp; do "
      + "[ -f \"$f\" ] && [ -n \"$(find \"$f\" -prune -mmin +15 2>/dev/null)\" ] && rm -f -- \"$f\"; done; true"
  }

  /// A shell line that writes its standard input, `size` bytes, to a private (0600) scratch
  /// file beside `path`, gives it `mode` and renames it into place: the transfer for
  /// hosts without SFTP and for become. Input that ends early (the connection dropped
  /// mid-file) is refused, never renamed into place half written.
  func pipedUploadScript(to path: String, size: Int, mode: Int32) -> String {
    let staging = temporaryPath(beside: path)
    let temporary = ShellQuote.quote(staging)
    return "umask 077; set -C; { cat > \(temporary) && { [ $(wc -c < \(temporary)) -eq \(size) ] || "
      + "{ echo 'the transfer ended before the whole file arrived' >&2; false; }; } && "
      + "chmod \(String(mode, radix: 8)) \(temporary); } || { rm -f -- \(temporary); exit 1; }; set +C; "
      + moveIntoPlace(staging, path)
  }

  /// A shell line that renames `temporary` onto `path` atomically (mv(1) within one
  /// folder), then sweeps what killed runs left beside it. A folder at `path` is refused
  /// rather than having the file moved into it.
  func moveIntoPlace(_ temporary: String, _ path: String) -> String {
    let (source, target) = (ShellQuote.quote(temporary), ShellQuote.quote(path))
    // The path goes to printf as an argument, never inside another quoted word, so its own
    // quotes cannot unbalance the line.
    return "if [ -d \(target) ]; then printf '%s is a directory\\n' \(target) >&2; rm -f -- \(source); exit 1; fi; "
      + "mv -f -- \(source) \(target) && { \(sweepScript(beside: path)); }"
  }
}

/// Receives diagnostic lines with the verbosity level (-v count) they need to be shown.
/// Never passed a secret.
package typealias DiagnosticLog = @Sendable (_ level: Int, _ message: String) -> Void
