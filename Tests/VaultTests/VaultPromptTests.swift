import Foundation
import Testing

@testable import Vault

/// The password prompts at a real terminal (a pty driven by lab/pty-answer.py): texts as
/// ansible-vault's, the confirmation, and the success line a terminal gets.
struct VaultPromptTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// Runs `arguments` on a pty, answering every "password" prompt from the files in turn.
  func answering(_ files: [String], _ arguments: [String], in scratch: Scratch) throws -> Programs.Output {
    let python = try Programs.installed("python3")
    return try Programs.run(
      [python, Self.root + "/lab/pty-answer.py", "password", files.joined(separator: ","), "--", try Programs.swiftplay()]
        + arguments, in: scratch.path)
  }

  @Test func encryptAsksTwiceThenViewAsksOnce() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("answer", "typed secret\n")
    let file = try scratch.write("notes.txt", "plain\n")
    let encrypted = try answering(["answer"], ["vault", "encrypt", "notes.txt"], in: scratch)
    #expect(encrypted.status == 0, "\(encrypted.text)")
    #expect(encrypted.text.contains("New Vault password: \r\nConfirm New Vault password: \r\n"), "\(encrypted.text)")
    #expect(encrypted.text.contains("Encryption successful"))
    #expect(!encrypted.text.contains("typed secret"), "no echo")
    #expect(try VaultKeyring([VaultSecret(password: "typed secret")]).decryptString(String(contentsOfFile: file, encoding: .utf8)) == "plain\n")

    let viewed = try answering(["answer"], ["vault", "view", "--vault-id", "dev@prompt", "notes.txt"], in: scratch)
    #expect(viewed.status == 0)
    #expect(viewed.text.hasPrefix("Vault password (dev): \r\n"), "\(viewed.text)")
    #expect(viewed.text.contains("plain"))
  }

  @Test func mismatchedConfirmationWritesNothing() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    try scratch.write("one", "first\n")
    try scratch.write("two", "second\n")
    let file = try scratch.write("notes.txt", "plain\n")
    let result = try answering(["one", "two"], ["vault", "encrypt", "notes.txt"], in: scratch)
    #expect(result.status == 1)
    #expect(result.text.contains("ERROR! Passwords do not match"), "\(result.text)")
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "plain\n")
  }
}
