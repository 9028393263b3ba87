import Foundation
import Testing

@testable import SwiftPlayCore

/// The `url` lookup against a real HTTP server on loopback (no lab host needed).
@Suite struct URLLookupTests {
  @Test func urlLookupReadsLinesBodiesAndPrivatePages() throws {
    let site = try Lab.scratch()
    try FileManager.default.createDirectory(atPath: site + "/private", withIntermediateDirectories: true)
    try "one\ntwo\n".write(toFile: site + "/lines.txt", atomically: true, encoding: .utf8)
    try "secret\n".write(toFile: site + "/private/s.txt", atomically: true, encoding: .utf8)
    let server = try TestHTTPServer(root: site, password: "pw", token: "tk")
    defer { server.stop() }
    let templar = Templar(variables: ["base": .string(server.base)])
    #expect(try templar.render("{{ query('url', base + '/lines.txt') }}") == .list(["one", "two"]))
    #expect(try templar.renderText("{{ lookup('url', base + '/lines.txt', split_lines=False) }}") == "one\ntwo\n")
    let privatePage = "{{ lookup('url', base + '/private/s.txt', username='deploy', password='pw', headers={'X-Token': 'tk'}) }}"
    #expect(try templar.renderText(privatePage) == "secret")
    #expect(throws: (any Error).self) { try templar.renderText("{{ lookup('url', base + '/private/s.txt') }}") }
    #expect(throws: (any Error).self) { try templar.renderText("{{ lookup('url', base + '/missing') }}") }
  }
}
