import Foundation
import Testing

@testable import Vault

/// Writes are all-or-nothing and keep the file's mode; the editor's plaintext never outlives it.
struct VaultFileTests {
  func mode(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  @Test func newFileIsPrivate() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try VaultFile.write(Array("data".utf8), to: scratch.file("new"))
    #expect(try mode(scratch.file("new")) == 0o600)
    #expect(try VaultFile.read(scratch.file("new")) == Array("data".utf8))
  }

  @Test func existingFileKeepsItsModeAndLeavesNoTemporaryFile() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let path = try scratch.write("vars.yml", "old\n", mode: 0o640)
    try VaultFile.write(Array("new\n".utf8), to: path)
    #expect(try mode(path) == 0o640)
    #expect(try VaultFile.read(path) == Array("new\n".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["vars.yml"])
  }

  @Test func symlinkedFileIsReplacedBehindTheLink() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let target = try scratch.write("real.yml", "old\n", mode: 0o644)
    try FileManager.default.createSymbolicLink(atPath: scratch.file("link.yml"), withDestinationPath: "real.yml")
    try VaultFile.write(Array("new\n".utf8), to: scratch.file("link.yml"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.file("link.yml")) == "real.yml")
    #expect(try VaultFile.read(target) == Array("new\n".utf8))
  }

  @Test func failedWriteChangesNothing() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    #expect(throws: VaultError.self) { try VaultFile.write([1], to: scratch.file("missing-folder/x")) }
    // A folder in the way of the rename: the temporary file is removed again.
    try FileManager.default.createDirectory(atPath: scratch.file("dir"), withIntermediateDirectories: false)
    try scratch.write("dir/inside", "keep")
    #expect(throws: VaultError.self) { try VaultFile.write([1], to: scratch.file("dir")) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["dir"])
    #expect(try VaultFile.read(scratch.file("dir/inside")) == Array("keep".utf8))
  }

  @Test func editorEditsAPrivateCopyThatIsRemovedAfterwards() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    // The "editor" records where the file is and its modes, then appends a line.
    let log = scratch.file("log")
    let editor = try scratch.write("editor.sh", """
      #!/bin/sh
      echo "$1" > \(log)
      stat -c %a "$1" "$(dirname "$1")" >> \(log)
      echo added >> "$1"

      """, mode: 0o700)
    var vaultEditor = VaultEditor(environment: ["EDITOR": editor, "TMPDIR": scratch.path])
    let edited = try vaultEditor.edit(Array("secret: 1\n".utf8), name: "vars.yml")
    #expect(edited == Array("secret: 1\nadded\n".utf8))
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first?.hasSuffix("/vars.yml") == true)
    #expect(Array(lines.dropFirst()) == ["600", "700"])
    #expect(!FileManager.default.fileExists(atPath: lines[0]))
    #expect(!FileManager.default.fileExists(atPath: (lines[0] as NSString).deletingLastPathComponent))

    // An editor command line with arguments runs through the shell, as git runs $EDITOR.
    vaultEditor.command = "sed -i s/1/2/"
    #expect(try vaultEditor.edit(Array("secret: 1\n".utf8), name: "x") == Array("secret: 2\n".utf8))
  }

  @Test func failingEditorIsAnError() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let editor = VaultEditor(environment: ["EDITOR": "false", "TMPDIR": scratch.path])
    let error = #expect(throws: VaultError.self) { try editor.edit([1], name: "f") }
    #expect(error.map(String.init(describing:))?.contains("exited with status 1") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }
}
