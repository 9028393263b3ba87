import Foundation
import LocalProcess
import Glibc

/// Reads and writes the files the vault commands work on. A write goes to a temporary file
/// in the same folder, flushed to disk, then renamed over the target: a failure at any
/// point leaves the old file as it was, never half of a new one. An existing file keeps its
/// permission bits (and owner, when we may set it); a new file is private (0600).
package enum VaultFile {
  /// `-` is standard input.
  package static func read(_ path: String) throws(VaultError) -> [UInt8] {
    if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(path: path, reason: "cannot read it: \(LocalProcess.errorText())") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = Glibc.read(fd, &buffer, buffer.count)
      if count > 0 {
        bytes += buffer[0..<count]
      } else if count == 0 {
        return bytes
      } else if errno != EINTR {
        throw .io(path: path, reason: "cannot read it: \(LocalProcess.errorText())")
      }
    }
  }

  /// Replaces `path` (`-`: standard output) with `bytes`, atomically.
  package static func write(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o600) throws(VaultError) {
    if path == "-" {
      FileHandle.standardOutput.write(Data(bytes))
      return
    }
    // Through a symlink, the file it points at is replaced, not the link.
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map {
      $0.hasPrefix("/") ? $0 : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent($0)
    } ?? path
    var existing = stat()
    let exists = stat(target, &existing) == 0
    let folder = (target as NSString).deletingLastPathComponent
    var template = Array(((folder.isEmpty ? "." : folder) + "/." + (target as NSString).lastPathComponent + ".XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard fd >= 0 else { throw .io(path: path, reason: "cannot create a file beside it: \(LocalProcess.errorText())") }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var renamed = false
    defer { if !renamed { unlink(temporary) } }
    do {
      defer { close(fd) }
      try writeAll(bytes, to: fd, path: path)
      if exists {
        _ = fchown(fd, existing.st_uid, existing.st_gid)  // only root may; others keep their own
        fchmod(fd, existing.st_mode & 0o7777)
      } else {
        fchmod(fd, newFileMode)
      }
      guard fsync(fd) == 0 else { throw VaultError.io(path: path, reason: "cannot write it: \(LocalProcess.errorText())") }
    }
    guard rename(temporary, target) == 0 else {
      throw .io(path: path, reason: "cannot replace it: \(LocalProcess.errorText())")
    }
    renamed = true
  }

  static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(VaultError) {
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .io(path: path, reason: "cannot write it: \(LocalProcess.errorText())")
      }
      offset += count
    }
  }
}
