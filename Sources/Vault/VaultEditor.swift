import Foundation
import LocalProcess
import Glibc

/// Lets the person edit plaintext in their editor ($EDITOR, else vi) for `vault edit` and
/// `vault create`. The plaintext only ever sits in a file of mode 0600 inside a fresh
/// folder of mode 0700, which is overwritten with zeros and removed whatever happens.
package struct VaultEditor: Sendable {
  /// A shell command line, as git runs $EDITOR: `code --wait` works.
  package var command: String
  /// Where the private folder is made (TMPDIR, else /tmp).
  package var temporaryDirectory: String

  package init(environment: [String: String]) {
    let editor = environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 }
    command = editor ?? "vi"
    temporaryDirectory = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
  }

  /// Returns the text as the editor left it. `name` (the vault file's base name) becomes
  /// the temporary file's name, so the editor picks the right syntax.
  package func edit(_ plaintext: [UInt8], name: String) throws(VaultError) -> [UInt8] {
    var template = Array((temporaryDirectory + "/swiftplay-vault-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
    guard made != nil else {
      throw .io(path: temporaryDirectory, reason: "cannot make a private folder: \(LocalProcess.errorText())")
    }
    let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let file = folder + "/" + (name.isEmpty ? "vault" : name)
    defer { Self.shred(folder: folder) }

    let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .io(path: file, reason: "cannot create it: \(LocalProcess.errorText())") }
    do {
      defer { close(fd) }
      try VaultFile.writeAll(plaintext, to: fd, path: file)
    }
    // `sh -c 'EDITOR "$@"' EDITOR FILE`: the file name is an argument, never shell text.
    let outcome = try runChild(
      ["/bin/sh", "-c", command + " \"$@\"", command, file], captureStdout: false, ignoreInterrupts: true)
    guard outcome.status == 0 else {
      throw .io(path: name, reason: "the editor (\(command)) exited with status \(outcome.status); nothing was changed")
    }
    return try VaultFile.read(file)
  }

  /// Overwrites every file in the folder with zeros (the editor may have left a backup or
  /// swap file too), then removes the folder.
  static func shred(folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names {
      let path = folder + "/" + name
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
      let fd = open(path, O_WRONLY | O_CLOEXEC)
      if fd >= 0 {
        let zeros = [UInt8](repeating: 0, count: Int(info.st_size))
        try? VaultFile.writeAll(zeros, to: fd, path: path)
        fsync(fd)
        close(fd)
      }
    }
    try? FileManager.default.removeItem(atPath: folder)
  }
}
