import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore

struct ModuleTests {
  @Test func freeFormKeepsQuotesAndPullsOutKnownOptions() throws {
    let arguments = try ModuleArguments.parse(
      "echo 'a  b' x=y chdir=/tmp creates=\"/etc/my file\"", module: "shell",
      keys: ShellModule.argumentNames, freeForm: true)
    #expect(arguments.freeForm == "echo 'a  b' x=y")
    #expect(arguments.options == ["chdir": "/tmp", "creates": "/etc/my file"])
  }

  /// Line breaks survive, as Ansible's split_args and join_args keep them; spaces between
  /// words on a line become one, quoted text stays as written. (ansible -m shell printed
  /// the same lines for this input.)
  @Test func freeFormKeepsItsLines() throws {
    let arguments = try ModuleArguments.parse(
      "echo a\necho   b\n\necho \"c\n  d\" creates=/x\n", module: "shell", keys: ShellModule.argumentNames, freeForm: true)
    #expect(arguments.freeForm == "echo a\necho b\n\necho \"c\n  d\"")
    #expect(arguments.options["creates"] == .string("/x"))
  }

  @Test func keyValueModulesRejectUnknownKeys() {
    #expect {
      try PingModule.parse(adHocArguments: "data=hi foo=bar")
    } throws: { error in
      (error as? ModuleError)?.message == "Unsupported parameters for (ping) module: foo. Supported parameters include: data."
    }
  }

  /// Ansible's list of what a module takes: names, then the aliases in parentheses.
  @Test func adHocUnknownKeysInAnsiblesWords() {
    #expect {
      try StatModule.parse(adHocArguments: "path=/tmp foo=1")
    } throws: { error in
      (error as? ModuleError)?.message == "Unsupported parameters for (stat) module: foo. Supported parameters include: "
        + "checksum_algorithm, follow, get_checksum, get_mime, path (checksum, checksum_algo, dest, mime, mime-type, mime_type, name)."
    }
  }

  @Test func commandNeedsACommand() {
    #expect(throws: ModuleError.self) { try CommandModule.parse(adHocArguments: "chdir=/tmp") }
  }

  @Test func lookupByShortAndFullyQualifiedNames() {
    #expect(ModuleRegistry.lookup("shell") == ShellModule.self)
    #expect(ModuleRegistry.lookup("ansible.builtin.command") == CommandModule.self)
    #expect(ModuleRegistry.lookup("nosuch") == nil)
  }

  /// Every `*Module.swift` under Sources/Modules is registered, and nothing else is.
  @Test func registryListsEveryModuleFile() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let sources = root.appendingPathComponent("Sources/Modules").path
    let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
    let typeNames = files.filter { $0.hasSuffix("Module.swift") }
      .map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }.sorted()
    #expect(!typeNames.isEmpty)
    #expect(typeNames == ModuleRegistry.all.map { String(describing: $0) }.sorted())
  }

  @Test func pythonStyleTimes() {
    #expect(CommandRun.delta(3723.0034321) == "1:02:03.003432")
    #expect(CommandRun.stripTrailingNewlines("a\nb\r\n\n") == "a\nb")
    #expect(CommandRun.lines("") == .list([]))
    #expect(CommandRun.lines("a\nb") == .list(["a", "b"]))
  }
}
