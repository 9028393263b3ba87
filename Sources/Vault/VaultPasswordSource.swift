import Foundation
import LocalProcess
import Glibc

/// Reads a password from a `--vault-password-file` / `--vault-id LABEL@PATH` path, as
/// ansible-vault does: a plain file is read whole and stripped of surrounding whitespace;
/// an executable file is run and its standard output, stripped of surrounding CR/LF, is the
/// password. A script named `*-client` or `*-client.EXT` is a client script: it is told
/// which vault id is wanted with `--vault-id LABEL` and exits 2 when it has none.
enum VaultPasswordSource {
  static func read(path given: String, label: String?, currentDirectory: String, home: String?) throws(VaultError) -> [UInt8] {
    let path = resolve(given, currentDirectory: currentDirectory, home: home)
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { throw .passwordFileNotFound(path: given) }
      throw .passwordFileUnreadable(path: given, reason: LocalProcess.errorText())
    }
    guard info.st_mode & S_IFMT != S_IFDIR else {
      throw .passwordFileUnreadable(path: given, reason: "it is a directory")
    }
    if access(path, X_OK) == 0 {
      return try runScript(path: path, shown: given, label: label)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .passwordFileUnreadable(path: given, reason: LocalProcess.errorText())
    }
    let password = strip(Array(data), isStripped: { $0 == 0x20 || (0x09...0x0d).contains($0) })
    guard !password.isEmpty else { throw .emptyPassword(kind: "file", source: given) }
    return password
  }

  /// A client script gets `--vault-id LABEL` when a label was given (Ansible passes
  /// nothing for a bare `--vault-id SCRIPT`); any other script gets no argument.
  static func runScript(path: String, shown: String, label: String?) throws(VaultError) -> [UInt8] {
    let client = isClient(path)
    let argv = [path] + (client ? label.map { ["--vault-id", $0] } ?? [] : [])
    let outcome = try runChild(argv, captureStdout: true)
    if client && outcome.status == 2 { throw .clientScriptHasNoSecret(path: shown, vaultId: label) }
    guard outcome.status == 0 else { throw .scriptFailed(path: shown, status: outcome.status) }
    let password = strip(outcome.stdout, isStripped: { $0 == 0x0a || $0 == 0x0d })
    guard !password.isEmpty else { throw .emptyPassword(kind: "script", source: shown) }
    return password
  }

  /// `vault-keyring-client`, `vault-keyring-client.py`.
  static func isClient(_ path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    let stem = name.contains(".") ? String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)]) : name
    return stem.hasSuffix("-client")
  }

  /// `~` and `~/…` from HOME; a relative path from the current directory.
  static func resolve(_ path: String, currentDirectory: String, home: String?) -> String {
    if let home, path == "~" || path.hasPrefix("~/") { return home + path.dropFirst() }
    if path.hasPrefix("/") { return path }
    return currentDirectory + "/" + path
  }

  static func strip(_ bytes: [UInt8], isStripped: (UInt8) -> Bool) -> [UInt8] {
    guard let start = bytes.firstIndex(where: { !isStripped($0) }), let end = bytes.lastIndex(where: { !isStripped($0) })
    else { return [] }
    return Array(bytes[start...end])
  }
}
