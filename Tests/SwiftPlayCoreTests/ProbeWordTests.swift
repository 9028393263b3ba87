import Foundation
import SwiftPlayCore
import Testing

@testable import Modules

/// ProbeWord's shell line run by the real /bin/sh on names a line-based probe would split
/// or misread, and its decoder on what that printed.
@Suite struct ProbeWordTests {
  @Test(arguments: ["plain", "nl\nx", "trailing\n", "a'b\"c", "é漢", "", "=%s\\n", "-x *"])
  func aValueComesBackExactlyThroughTheShell(_ value: String) throws {
    let script = "v=\(ShellQuote.quote(value)); echo before; \(ProbeWord.echo("dest", variable: "v")); echo after"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 4 && lines[0] == "before" && lines[2] == "after", "\(output.debugDescription)")
    let line = try #require(lines.first { $0.hasPrefix("dest=") })
    #expect(ProbeWord.decode(line.dropFirst(5)) == value)
  }

  @Test func brokenHexIsRefused() {
    #expect(ProbeWord.decode("6") == nil)
    #expect(ProbeWord.decode("zz") == nil)
    #expect(ProbeWord.decode("ff") == nil, "not UTF-8")
    #expect(ProbeWord.decode("4142") == "AB")
  }
}
