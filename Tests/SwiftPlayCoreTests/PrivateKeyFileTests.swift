import Foundation
import Testing

@testable import SwiftPlayCore

/// Real keys made by ssh-keygen, so the container format is OpenSSH's own.
struct PrivateKeyFileTests {
  func makeKey(type: String, passphrase: String, format: [String] = []) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftplay-keys-\(UUID())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
    process.arguments = ["-q", "-t", type, "-N", passphrase, "-f", dir + "/key"] + format
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return dir + "/key"
  }

  @Test func plainEd25519() throws {
    let key = try #require(PrivateKeyFile(path: try makeKey(type: "ed25519", passphrase: "")))
    #expect(!key.isEncrypted && !key.isRSA)
  }

  @Test func encryptedEd25519() throws {
    let key = try #require(PrivateKeyFile(path: try makeKey(type: "ed25519", passphrase: "secret words")))
    #expect(key.isEncrypted && !key.isRSA)
  }

  @Test func rsaInBothFormats() throws {
    let openssh = try #require(PrivateKeyFile(path: try makeKey(type: "rsa", passphrase: "")))
    #expect(openssh.isRSA && !openssh.isEncrypted)
    let pem = try #require(PrivateKeyFile(path: try makeKey(type: "rsa", passphrase: "pass phrase", format: ["-m", "PEM"])))
    #expect(pem.isRSA && pem.isEncrypted)
  }

  @Test func missingFile() {
    #expect(PrivateKeyFile(path: "/nonexistent/key") == nil)
  }
}
