import Foundation
import Jinja
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// file, copy and stat on this machine through `LocalConnection`, in a fresh temporary
/// folder per test. Expected shapes come from `ansible localhost -m file|copy|stat` run
/// with the same arguments.
struct FileModulesTests {
  let folder: String
  let target: Target

  init() throws {
    folder = NSTemporaryDirectory() + "swiftplay-modules-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    target = Target(hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }), searchPaths: [folder])
  }

  func module<M: Module>(_ type: M.Type, _ options: ValueDict) throws -> M {
    try M(arguments: ModuleArguments(options: options))
  }

  func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
  }

  @Test func directoryIsMadeWithParentsThenUnchanged() async throws {
    let path = folder + "/a/b"
    let file = try module(FileModule.self, ["path": .string(path), "state": "directory", "mode": "0750"])
    let plan = try await file.plan(on: target)
    #expect(plan.result.changed)
    #expect(plan.result.diff.first?["before"] == .dict(["path": .string(path), "state": "absent", "mode": "0755"]))
    #expect(!FileManager.default.fileExists(atPath: path), "planning changes nothing")
    let first = try await file.run(on: target)
    #expect(first.changed && first.values["mode"] == "0750" && first.values["state"] == "directory")
    #expect(try mode(path) == 0o750 && mode(folder + "/a") == 0o750)
    let second = try await file.run(on: target)
    #expect(!second.changed)
    #expect(second.diff.first?["after"] == .dict(["path": .string(path)]))
  }

  @Test func fileStateNeedsTheFile() async throws {
    let result = try await module(FileModule.self, ["path": .string(folder + "/x"), "state": "file"]).run(on: target)
    #expect(result.failed)
    #expect(result.values["msg"] == .string("file (\(folder)/x) is absent, cannot continue"))
    #expect(result.values["state"] == "absent")
  }

  @Test func modesOwnersAndTouch() async throws {
    let path = folder + "/f"
    let touched = try await module(FileModule.self, ["path": .string(path), "state": "touch", "mode": "0600"]).run(on: target)
    #expect(touched.changed && touched.values["dest"] == .string(path) && touched.values["mode"] == "0600")
    let symbolic = try module(FileModule.self, ["path": .string(path), "mode": "u+x,g+r"])
    let plan = try await symbolic.plan(on: target)
    #expect(plan.result.diff.first?["after"] == .dict(["path": .string(path), "mode": "0740"]))
    _ = try await symbolic.run(on: target)
    #expect(try mode(path) == 0o740)
    #expect(try await !symbolic.run(on: target).changed)
    let owner = try await module(FileModule.self, ["path": .string(path), "owner": "no-such-user-here"]).run(on: target)
    #expect(owner.failed && owner.values["msg"] == "chown failed: failed to look up user no-such-user-here")
  }

  @Test func linksAndAbsent() async throws {
    FileManager.default.createFile(atPath: folder + "/f", contents: Data("x".utf8))
    let link = try module(FileModule.self, ["path": .string(folder + "/l"), "src": "f", "state": "link"])
    let made = try await link.run(on: target)
    #expect(made.changed && made.values["src"] == "f" && made.values["state"] == "link" && made.values["mode"] == "0777")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/l") == "f")
    #expect(try await !link.run(on: target).changed)
    let refused = try await module(FileModule.self, ["path": .string(folder + "/f"), "src": "l", "state": "link"]).run(on: target)
    #expect(refused.values["msg"] == .string("refusing to convert from file to symlink for \(folder)/f"))
    let dangling = try await module(FileModule.self, ["path": .string(folder + "/d"), "src": "nowhere", "state": "link"]).run(on: target)
    #expect(dangling.values["msg"] == .string("src file does not exist, use 'force=yes' if you really want to create the link: \(folder)/nowhere"))
    let hard = try await module(FileModule.self, ["path": .string(folder + "/h"), "src": .string(folder + "/f"), "state": "hard"]).run(on: target)
    #expect(hard.changed && hard.values["state"] == "hard")
    let absent = try module(FileModule.self, ["path": .string(folder + "/h"), "state": "absent"])
    let gone = try await absent.run(on: target)
    #expect(gone.changed && gone.values == ["path": .string(folder + "/h"), "state": "absent"])
    #expect(try await !absent.run(on: target).changed)
  }

  @Test func recurseFixesWhatIsInside() async throws {
    try FileManager.default.createDirectory(atPath: folder + "/r/s", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: folder + "/r/s/f", contents: Data(), attributes: [.posixPermissions: 0o600])
    let recurse = try module(FileModule.self, ["path": .string(folder + "/r"), "state": "directory", "recurse": "yes", "mode": "u=rwX,go=rX"])
    #expect(try await recurse.run(on: target).changed)
    #expect(try mode(folder + "/r/s/f") == 0o644 && mode(folder + "/r/s") == 0o755)
    #expect(try await !recurse.run(on: target).changed)
  }

  @Test func argumentsAreCheckedAsAnsibleDoes() {
    #expect(throws: ModuleError.self) { try module(FileModule.self, ["state": "directory"]) }
    #expect { try module(FileModule.self, ["path": "/x", "state": "bogus"]) } throws: {
      ($0 as? ModuleError)?.message == "value of state must be one of: absent, directory, file, hard, link, touch, got: bogus"
    }
    #expect { try module(FileModule.self, ["path": "/x", "mode": "999"]) } throws: {
      ($0 as? ModuleError)?.message == "mode must be in octal or symbolic form"
    }
    #expect { try module(FileModule.self, ["path": "/x", "force": "maybe"]) } throws: {
      ($0 as? ModuleError)?.message.hasPrefix("argument 'force' is of type str and we were unable to convert to bool") == true
    }
    #expect(FileMode.text(0o644) == "0644" && FileMode.text(0o1777) == "01777")
    #expect(FileMode.apply(symbolic: "u=rwX,go=rX", to: 0o600, isDirectory: true) == 0o755)
    #expect((try? FileMode.parse(420, module: "file")) == .absolute(0o644))
  }

  @Test func copyContentThenIdempotentWithDiff() async throws {
    let dest = folder + "/c.txt"
    let copy = try module(CopyModule.self, ["content": "hello\n", "dest": .string(dest), "mode": "0640"])
    let plan = try await copy.plan(on: target)
    #expect(plan.result.changed)
    #expect(plan.result.diff == [["after_header": .string(dest), "after": "hello\n", "before": ""]])
    #expect(!FileManager.default.fileExists(atPath: dest))
    let first = try await copy.run(on: target)
    #expect(first.changed && first.values["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
    #expect(first.values["md5sum"] == "b1946ac92492d2347c6235b4d2611184" && first.values["size"] == 6)
    #expect(try mode(dest) == 0o640)
    let second = try await copy.run(on: target)
    #expect(!second.changed && second.values["path"] == .string(dest))
    let changed = try module(CopyModule.self, ["content": "hi", "dest": .string(dest), "backup": "yes"])
    let third = try await changed.run(on: target)
    #expect(third.diff.first?["before"] == "hello\n" && third.diff.first?["before_header"] == .string(dest))
    let backup = third.values["backup_file"]?.plainText ?? ""
    #expect(try String(contentsOfFile: backup, encoding: .utf8) == "hello\n")
    #expect(try String(contentsOfFile: dest, encoding: .utf8) == "hi" && mode(dest) == 0o640)
  }

  @Test func copySourceFromFilesIntoAFolder() async throws {
    try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: folder + "/files/app.conf", contents: Data("a=1\n".utf8))
    try FileManager.default.createDirectory(atPath: folder + "/etc", withIntermediateDirectories: true)
    let result = try await module(CopyModule.self, ["src": "app.conf", "dest": .string(folder + "/etc")]).run(on: target)
    #expect(result.values["dest"] == .string(folder + "/etc/app.conf"))
    #expect(result.diff.first?["after_header"] == .string(folder + "/files/app.conf"))
    let missing = try await module(CopyModule.self, ["src": "nope", "dest": .string(folder + "/x")]).run(on: target)
    #expect(missing.values["msg"]?.plainText.hasPrefix("Could not find or access 'nope'\nSearched in:\n\t\(folder)/files/nope") == true)
    let noParent = try await module(CopyModule.self, ["content": "x", "dest": .string(folder + "/no/x")]).run(on: target)
    #expect(noParent.values["msg"] == .string("Destination directory \(folder)/no does not exist"))
    // In check mode an earlier task may be the one making the folder: Ansible reports a change.
    let noParentPlan = try await module(CopyModule.self, ["content": "x", "dest": .string(folder + "/no/x")]).plan(on: target)
    #expect(noParentPlan.result.changed && !noParentPlan.result.failed)
    let validated = try await module(CopyModule.self, ["content": "x", "dest": .string(folder + "/v"), "validate": "grep y %s"]).run(on: target)
    #expect(validated.failed && validated.values["msg"] == "failed to validate" && !FileManager.default.fileExists(atPath: folder + "/v"))
  }

  @Test func statReportsAnsiblesKeys() async throws {
    FileManager.default.createFile(atPath: folder + "/s", contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o644])
    let result = try await module(StatModule.self, ["path": .string(folder + "/s")]).run(on: target)
    guard case let .dict(stat)? = result.values["stat"] else { Issue.record("no stat"); return }
    #expect(stat["exists"] == true && stat["isreg"] == true && stat["mode"] == "0644" && stat["size"] == 6)
    #expect(stat["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f" && stat["rusr"] == true && stat["xusr"] == false)
    let missing = try await module(StatModule.self, ["path": .string(folder + "/none")]).run(on: target)
    #expect(missing.values["stat"] == .dict(["exists": false]))
    #expect(Digest.sha1Hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
  }
}
