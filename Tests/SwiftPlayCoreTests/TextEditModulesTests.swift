import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// lineinfile, blockinfile, replace and ini_file on this machine through `LocalConnection`:
/// check mode (the plan) touches nothing, a second run is ok, backups, validate, create,
/// mode, symbolic links, and the failures Ansible reports.
struct TextEditModulesTests {
  let folder: String
  let target: Target

  init() throws {
    folder = NSTemporaryDirectory() + "swiftplay-text-edit-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    target = Target(hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }), searchPaths: [folder])
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

  func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
  }

  @Test func lineinfilePlansThenChangesThenIsOk() async throws {
    let path = try write("hosts", "127.0.0.1 localhost\n")
    let module = try LineInFileModule(arguments: ModuleArguments(options: ["path": .string(path), "line": "10.0.0.1 a"]))
    let plan = try await module.plan(on: target)
    #expect(plan.result.changed && plan.apply != nil)
    #expect(plan.result.values["msg"] == "line added")
    #expect(plan.result.diff.first?["before"] == "127.0.0.1 localhost\n")
    #expect(plan.result.diff.first?["after"] == "127.0.0.1 localhost\n10.0.0.1 a\n")
    #expect(plan.result.diff.first?["before_header"] == .string("\(path) (content)"))
    #expect(read(path) == "127.0.0.1 localhost\n", "planning (check mode) changes nothing")
    let first = try await module.run(on: target)
    #expect(first.changed && !first.failed && first.values["backup"] == "")
    #expect(read(path) == "127.0.0.1 localhost\n10.0.0.1 a\n")
    let second = try await module.run(on: target)
    #expect(!second.changed && second.values["msg"] == "")
  }

  @Test func backupKeepsTheOldFileUnderAnsiblesName() async throws {
    let path = try write("conf", "a = 1\n")
    let line = try await LineInFileModule(arguments: ModuleArguments(options: [
      "path": .string(path), "regexp": "^a ", "line": "a = 2", "backup": true,
    ])).run(on: target)
    let backup = try #require(line.values["backup"]?.plainText)
    #expect(backup.wholeMatch(of: #/.*/conf\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~/#) != nil)
    #expect(read(backup) == "a = 1\n" && read(path) == "a = 2\n")
    let block = try await BlockInFileModule(arguments: ModuleArguments(options: [
      "path": .string(path), "block": "b = 3", "backup": "yes",
    ])).run(on: target)
    let blockBackup = try #require(block.values["backup_file"]?.plainText)
    #expect(read(blockBackup) == "a = 2\n")
    #expect(block.values["backup"] == nil)
    let unchanged = try await ReplaceModule(arguments: ModuleArguments(options: [
      "path": .string(path), "regexp": "nomatch", "backup": true,
    ])).run(on: target)
    #expect(!unchanged.changed && unchanged.values["backup_file"] == nil)
  }

  @Test func validateFailureLeavesTheFile() async throws {
    let path = try write("v", "good\n")
    let result = try await ReplaceModule(arguments: ModuleArguments(options: [
      "path": .string(path), "regexp": "good", "replace": "bad", "validate": "grep -q good %s",
    ])).run(on: target)
    #expect(result.failed)
    #expect(result.values["msg"]?.plainText.hasPrefix("failed to validate: rc:1") == true)
    #expect(read(path) == "good\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["v"], "no scratch file left")
    let passing = try await ReplaceModule(arguments: ModuleArguments(options: [
      "path": .string(path), "regexp": "good", "replace": "fine", "validate": "grep -q fine %s",
    ])).run(on: target)
    #expect(passing.changed && read(path) == "fine\n")
  }

  @Test func createMakesParentsAndSetsMode() async throws {
    let path = folder + "/new/dir/app.ini"
    let module = try IniFileModule(arguments: ModuleArguments(options: [
      "path": .string(path), "section": "s", "option": "o", "value": 3, "mode": "0600",
    ]))
    let plan = try await module.plan(on: target)
    #expect(plan.result.changed && !FileManager.default.fileExists(atPath: folder + "/new"))
    let result = try await module.run(on: target)
    #expect(result.changed && result.values["msg"] == "section and option added")
    #expect(read(path) == "\n[s]\no = 3\n")
    #expect(try mode(path) == 0o600)
    #expect(result.values["mode"] == "0600" && result.values["state"] == "file" && result.values["size"] == 11)
    #expect(result.values["path"] == .string(path))
    #expect(try await !module.run(on: target).changed)
    // ini_file sets attributes outside check mode only, without a note in msg (Ansible's way).
    let remode = try IniFileModule(arguments: ModuleArguments(options: [
      "path": .string(path), "section": "s", "option": "o", "value": 3, "mode": "0640",
    ]))
    let quiet = try await remode.plan(on: target)
    #expect(!quiet.result.changed && quiet.result.values["msg"] == "OK" && quiet.result.diff.isEmpty)
    let applied = try await remode.run(on: target)
    #expect(applied.changed && applied.values["msg"] == "OK" && applied.values["mode"] == "0640")
    #expect(try mode(path) == 0o640)
  }

  @Test func onlyTheModeChanges() async throws {
    let path = try write("m", "x\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    let module = try LineInFileModule(arguments: ModuleArguments(options: ["path": .string(path), "line": "x", "mode": "0640"]))
    let plan = try await module.plan(on: target)
    #expect(plan.result.changed)
    #expect(plan.result.values["msg"] == "ownership, perms or SE linux context changed")
    #expect(plan.result.diff.first?["after"] == .dict(["mode": "0640"]))
    #expect(try mode(path) == 0o644)
    _ = try await module.run(on: target)
    #expect(try mode(path) == 0o640)
    #expect(try await !module.run(on: target).changed)
  }

  @Test func editsThroughASymbolicLinkAndKeepsMode() async throws {
    let real = try write("real", "k=v\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: real)
    let link = folder + "/link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real")
    let result = try await ReplaceModule(arguments: ModuleArguments(options: [
      "path": .string(link), "regexp": "v$", "replace": "w",
    ])).run(on: target)
    #expect(result.changed && result.values["msg"] == "1 replacements made")
    #expect(read(real) == "k=w\n")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real")
    #expect(try mode(real) == 0o600)
  }

  @Test func failuresAnsibleReports() async throws {
    let missing = try await LineInFileModule(arguments: ModuleArguments(options: [
      "path": .string(folder + "/none"), "line": "x",
    ])).run(on: target)
    #expect(missing.failed && missing.values["rc"] == 257)
    #expect(missing.values["msg"] == .string("Destination \(folder)/none does not exist !"))
    let directory = try await BlockInFileModule(arguments: ModuleArguments(options: [
      "path": .string(folder), "block": "x",
    ])).run(on: target)
    #expect(directory.failed && directory.values["msg"] == .string("Path \(folder) is a directory !"))
    let absent = try await LineInFileModule(arguments: ModuleArguments(options: [
      "path": .string(folder + "/none"), "line": "x", "state": "absent",
    ])).run(on: target)
    #expect(!absent.failed && !absent.changed && absent.values["msg"] == "file not present")
    let badPattern = try await ReplaceModule(arguments: ModuleArguments(options: [
      "path": .string(try write("p", "x\n")), "regexp": "(",
    ])).run(on: target)
    #expect(badPattern.failed)
    let binary = folder + "/latin1"
    #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x63, 0xE9, 0x0A])))
    let refused = try await LineInFileModule(arguments: ModuleArguments(options: [
      "path": .string(binary), "line": "x",
    ])).run(on: target)
    #expect(refused.failed && refused.values["msg"] == .string("\(binary) is not UTF-8 text; swiftplay edits text files only"))
    #expect(FileManager.default.contents(atPath: binary) == Data([0x63, 0xE9, 0x0A]), "left as it was")
  }

  @Test func argumentsAreCheckedAsAnsibleDoes() throws {
    #expect(throws: ModuleError.self) { try LineInFileModule(arguments: ModuleArguments(options: ["path": "/f", "line": "x", "bogus": "1"])) }
    let messages: [(any Module.Type, ValueDict, String)] = [
      (LineInFileModule.self, ["path": "/f"], "line is required with state=present"),
      (LineInFileModule.self, ["path": "/f", "line": "x", "backrefs": true], "regexp is required with backrefs=true"),
      (LineInFileModule.self, ["path": "/f", "state": "absent"], "one of line, search_string, or regexp is required with state=absent"),
      (LineInFileModule.self, ["path": "/f", "line": "x", "insertafter": "a", "insertbefore": "b"], "parameters are mutually exclusive: insertbefore|insertafter"),
      (LineInFileModule.self, ["line": "x"], "missing required arguments: path"),
      (ReplaceModule.self, ["path": "/f"], "missing required arguments: regexp"),
      (IniFileModule.self, ["path": "/f", "section": "s", "option": "o"], "Parameter 'value(s)' must be defined if state=present and allow_no_value=False."),
      (BlockInFileModule.self, ["path": "/f", "state": "gone"], "value of state must be one of: absent, present, got: gone"),
    ]
    for (type, options, message) in messages {
      do {
        _ = try type.init(arguments: ModuleArguments(options: options))
        Issue.record("\(type) accepted \(options)")
      } catch {
        #expect(error.message == message)
      }
    }
    #expect(ModuleRegistry.lookup("ansible.builtin.lineinfile") == LineInFileModule.self)
    #expect(ModuleRegistry.lookup("community.general.ini_file") == IniFileModule.self)
    #expect(ModuleRegistry.lookup("ansible.builtin.replace") == ReplaceModule.self)
    #expect(ModuleRegistry.lookup("blockinfile") == BlockInFileModule.self)
  }
}
