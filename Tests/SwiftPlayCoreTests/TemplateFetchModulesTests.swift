import Foundation
import Jinja
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// template and fetch on this machine through `LocalConnection`, in a fresh temporary
/// folder per test. Rendered texts were checked against Python's jinja2 with Ansible's
/// settings (trim_blocks on, the template's trailing newlines kept).
struct TemplateFetchModulesTests {
  let folder: String
  let target: Target

  init() throws {
    folder = NSTemporaryDirectory() + "swiftplay-template-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    let templar = Templar(variables: [
      "inventory_hostname": "web1", "greeting": "hi", "items": .list(["a", "b"]),
    ])
    target = Target(
      hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }), templar: templar,
      searchPaths: [folder])
  }

  func template(_ name: String, _ text: String) {
    FileManager.default.createFile(atPath: folder + "/templates/" + name, contents: Data(text.utf8))
  }

  func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
  }

  @Test func templateRendersThenIsIdempotent() async throws {
    template("t.j2", "{{ greeting }} {{ inventory_hostname }}\n{% for i in items %}\n- {{ i }}\n{% endfor %}\n# {{ ansible_managed }}\n")
    let dest = folder + "/out.conf"
    let module = try TemplateModule(arguments: ModuleArguments(options: ["src": "t.j2", "dest": .string(dest), "mode": "0640"]))
    let plan = try await module.plan(on: target)
    let expected = "hi web1\n- a\n- b\n# Ansible managed\n"
    #expect(plan.result.changed && plan.result.diff.first?["after"] == .string(expected))
    #expect(!FileManager.default.fileExists(atPath: dest), "planning (check mode) writes nothing")
    let first = try await module.run(on: target)
    #expect(first.changed && first.values["checksum"] == .string(Digest.sha1Hex(Array(expected.utf8))))
    #expect(first.values["src"] == .string(folder + "/templates/t.j2") && first.values["mode"] == "0640")
    #expect(first.values["md5sum"] == .string(Digest.md5Hex(Array(expected.utf8))) && first.values["state"] == "file")
    #expect(try read(dest) == expected && mode(dest) == 0o640)
    let second = try await module.run(on: target)
    #expect(!second.changed && second.values["dest"] == .string(dest))
    template("t.j2", "changed\n")
    let third = try await TemplateModule(arguments: ModuleArguments(options: ["src": "t.j2", "dest": .string(dest), "backup": true]))
      .run(on: target)
    #expect(third.changed && third.diff.first?["before"] == .string(expected) && third.diff.first?["after"] == "changed\n")
    #expect(try read(third.values["backup_file"]?.plainText ?? "") == expected && read(dest) == "changed\n" && mode(dest) == 0o640)
  }

  @Test func whitespaceOptionsAndTrailingNewlines() async throws {
    template("w.j2", "x\n  {% if true %}\ny\n  {% endif %}\n\n\n")
    let cases: [(ValueDict, String)] = [
      ([:], "x\n  y\n  \n\n\n"),
      (["lstrip_blocks": true], "x\ny\n\n\n"),
      (["trim_blocks": "no"], "x\n  \ny\n  \n\n\n"),
      // as ansible-playbook 2.19 writes it: Jinja writes the text's newlines as \r\n, then
      // Ansible counts only the final "\n" as a trailing newline and adds two more
      (["newline_sequence": "\\r\\n", "lstrip_blocks": "yes"], "x\r\ny\r\n\r\n\r\n\r\n"),
      (["output_encoding": "utf-16-be", "lstrip_blocks": true], "\0x\0\n\0y\0\n\0\n\0\n"),
    ]
    for (index, (options, expected)) in cases.enumerated() {
      let dest = folder + "/w\(index)"
      var arguments: ValueDict = ["src": "w.j2", "dest": .string(dest)]
      arguments.merge(options) { $1 }
      let result = try await TemplateModule(arguments: ModuleArguments(options: arguments)).run(on: target)
      #expect(result.changed)
      #expect(try read(dest) == expected, "case \(index)")
    }
  }

  @Test func trailingNewlinesAsAnsibleCountsThem() throws {
    let templar = Templar(variables: ["v": "a\n"])
    #expect(try templar.renderFile("{{ v }}\n", name: "t", adding: [:], options: .ansible) == "a\n")
    #expect(try templar.renderFile("{{ v }}", name: "t", adding: [:], options: .ansible) == "a\n")
    #expect(try templar.renderFile("x\n\n", name: "t", adding: [:], options: .ansible) == "x\n\n")
    #expect(try templar.renderFile("{{ w }}", name: "t", adding: ["w": 3], options: .ansible) == "3")
  }

  @Test func templateVariablesAndFailures() async throws {
    template("v.j2", "{{ template_path }} {{ template_destpath }} {{ template_fullpath }} {{ template_host | length > 0 }}\n")
    let dest = folder + "/v"
    let result = try await TemplateModule(arguments: ModuleArguments(options: ["src": "v.j2", "dest": .string(dest)])).run(on: target)
    #expect(!result.failed)
    #expect(try read(dest) == "v.j2 \(dest) \(folder)/templates/v.j2 True\n")
    let managed = Templar(variables: ["ansible_managed": "ours"])
    template("m.j2", "{{ ansible_managed }}")
    let own = Target(hostName: "localhost", connection: target.connection, templar: managed, searchPaths: [folder])
    _ = try await TemplateModule(arguments: ModuleArguments(options: ["src": "m.j2", "dest": .string(folder + "/m")])).run(on: own)
    #expect(try read(folder + "/m") == "ours")
    template("u.j2", "{{ nowhere }}\n")
    let undefined = try await TemplateModule(arguments: ModuleArguments(options: ["src": "u.j2", "dest": .string(folder + "/u")]))
      .run(on: target)
    #expect(undefined.failed && undefined.values["msg"]?.plainText.contains("nowhere") == true)
    #expect(!FileManager.default.fileExists(atPath: folder + "/u"))
    let missing = try await TemplateModule(arguments: ModuleArguments(options: ["src": "none.j2", "dest": .string(folder + "/n")]))
      .run(on: target)
    #expect(missing.values["msg"]?.plainText.hasPrefix("Could not find or access 'none.j2'\nSearched in:\n\t\(folder)/templates/none.j2") == true)
    #expect { try TemplateModule(arguments: ModuleArguments(options: ["src": "a", "dest": "b", "state": "file"])) } throws: {
      ($0 as? ModuleError)?.message == "'state' cannot be specified on a template"
    }
    #expect { try TemplateModule(arguments: ModuleArguments(options: ["src": "a"])) } throws: {
      ($0 as? ModuleError)?.message == "src and dest are required"
    }
    #expect(throws: ModuleError.self) {
      try TemplateModule(arguments: ModuleArguments(options: ["src": "a", "dest": "b", "output_encoding": "klingon"]))
    }
    #expect(throws: ModuleError.self) { try TemplateModule(arguments: ModuleArguments(options: ["src": "a", "dest": "b", "bogus": 1])) }
    #expect(throws: ModuleError.self) {
      try TemplateModule(arguments: ModuleArguments(options: ["src": "a", "dest": "b", "newline_sequence": "x"]))
    }
  }

  @Test func fetchLaysOutByHostThenIsIdempotent() async throws {
    let source = folder + "/remote.txt"
    FileManager.default.createFile(atPath: source, contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o600])
    let fetch = try FetchModule(arguments: ModuleArguments(options: ["src": .string(source), "dest": .string(folder + "/out")]))
    let local = folder + "/out/web1" + source
    let plan = try await fetch.plan(on: target)
    #expect(plan.result.changed && plan.result.values["dest"] == .string(local))
    #expect(!FileManager.default.fileExists(atPath: folder + "/out"), "planning (check mode) writes nothing")
    let first = try await fetch.run(on: target)
    #expect(first.changed && first.values["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
    #expect(first.values["remote_checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
    #expect(first.values["md5sum"] == "b1946ac92492d2347c6235b4d2611184" && first.values["remote_md5sum"] == .null)
    #expect(try read(local) == "hello\n" && mode(local) & 0o077 == 0)
    let second = try await fetch.run(on: target)
    #expect(!second.changed && second.values["file"] == .string(source) && second.values["dest"] == .string(local))
    try "changed\n".write(toFile: source, atomically: false, encoding: .utf8)
    #expect(try await fetch.run(on: target).changed)
    #expect(try read(local) == "changed\n")
  }

  /// Needs `sudo -n` to root (the test machines run as root); skipped where it is missing.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo") && getuid() == 0))
  func fetchThroughBecomeKeepsBinaryFiles() async throws {
    let source = folder + "/binary"
    let bytes = [UInt8](0...255) + [0, 10, 13, 255]
    FileManager.default.createFile(atPath: source, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    let become = Target(
      hostName: "localhost", connection: BecomeConnection(target.connection, method: "sudo", user: "root", password: nil),
      templar: target.templar, searchPaths: [folder])
    #expect(become.connection.becomes && !target.connection.becomes)
    let local = folder + "/copy"
    let result = try await FetchModule(arguments: ModuleArguments(options: [
      "src": .string(source), "dest": .string(local), "flat": true,
    ])).run(on: become)
    #expect(result.changed && !result.failed && result.values["checksum"] == .string(Digest.sha1Hex(bytes)))
    #expect(FileManager.default.contents(atPath: local).map { [UInt8]($0) } == bytes)
    // The process's umask, read without changing it (tests run in parallel).
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let mask = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
      .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
    #expect(try mode(local) == 0o666 & ~mask)
  }

  @Test func fetchFlatAndMissing() async throws {
    let source = folder + "/remote.txt"
    FileManager.default.createFile(atPath: source, contents: Data("x".utf8))
    let flat = try await FetchModule(arguments: ModuleArguments(options: [
      "src": .string(source), "dest": .string(folder + "/flat/"), "flat": "yes",
    ])).run(on: target)
    #expect(flat.changed && flat.values["dest"] == .string(folder + "/flat/remote.txt"))
    let intoFolder = try await FetchModule(arguments: ModuleArguments(options: [
      "src": .string(source), "dest": .string(folder + "/flat"), "flat": true,
    ])).run(on: target)
    #expect(intoFolder.failed && intoFolder.values["msg"]?.plainText.hasPrefix("dest is an existing directory") == true)
    let missing = try FetchModule(arguments: ModuleArguments(options: ["src": .string(folder + "/none"), "dest": .string(folder)]))
    let failed = try await missing.run(on: target)
    #expect(failed.failed && failed.values["msg"] == "the remote file does not exist, not transferring, ignored")
    let ignored = try await FetchModule(arguments: ModuleArguments(options: [
      "src": .string(folder + "/none"), "dest": .string(folder), "fail_on_missing": false,
    ])).run(on: target)
    #expect(!ignored.failed && !ignored.changed && ignored.values["file"] == .string(folder + "/none"))
    let directory = try await FetchModule(arguments: ModuleArguments(options: ["src": .string(folder), "dest": .string(folder)]))
      .run(on: target)
    #expect(directory.failed && directory.values["msg"] == "remote file is a directory, fetch cannot work on directories")
    #expect(FetchModule.normalized("/a//b/./c/../d") == "/a/b/d")
    #expect { try FetchModule(arguments: ModuleArguments(options: ["src": "a"])) } throws: {
      ($0 as? ModuleError)?.message == "src and dest are required"
    }
  }
}
