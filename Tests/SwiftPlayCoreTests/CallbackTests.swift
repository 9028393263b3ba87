import Foundation
import Modules
import Testing

@testable import SwiftPlayCore
import ValueModel

/// Expected texts are Ansible's minimal, oneline and tree callbacks' output for the same
/// results, checked against `ansible` 2.19 on the lab hosts.
struct CallbackTests {
  final class Lines: @unchecked Sendable {
    var text = ""
    var errors = ""
    let lock = NSLock()
    func sink() -> Display.Sink {
      { line, toError in self.lock.withLock { if toError { self.errors += line } else { self.text += line } } }
    }
  }

  struct Registry: ModuleCatalog {
    func moduleType(named name: String) -> (any Module.Type)? { ModuleRegistry.lookup(name) }
    func unknownModuleError(_ name: String) -> ModuleError { ModuleRegistry.unknownModuleError(name) }
  }

  static func task(_ action: String) -> TaskEvent { TaskEvent(name: action, action: action, id: "t") }

  static func result(_ status: HostTaskStatus, _ values: ValueDict, diff: [ValueDict] = []) -> HostTaskResult {
    HostTaskResult(host: "node1", status: status, result: values, diff: diff)
  }

  let commandResult = result(.changed, ["changed": true, "failed": false, "rc": 0, "stdout": "lab1", "stderr": "", "msg": ""])
  let failedCommand = result(.failed, ["changed": true, "failed": true, "rc": 1, "stdout": "", "stderr": "", "msg": "non-zero return code"])
  let ping = result(.ok, ["changed": false, "failed": false, "ping": "pong"])
  let unreachable = result(.unreachable, ["changed": false, "unreachable": true, "msg": "refused"])

  func minimal(_ result: HostTaskResult, action: String = "command", colors: Bool = false, diff: Bool = false) -> String {
    let lines = Lines()
    MinimalCallback(display: Display(colors: colors, sink: lines.sink()), catalog: Registry(), diff: diff)
      .hostFinished(result, task: Self.task(action))
    return lines.text
  }

  func oneline(_ result: HostTaskResult, action: String = "command") -> String {
    let lines = Lines()
    OneLineCallback(display: Display(colors: false, sink: lines.sink()), catalog: Registry()).hostFinished(result, task: Self.task(action))
    return lines.text
  }

  @Test func minimalCommandOutput() {
    #expect(minimal(commandResult) == "node1 | CHANGED | rc=0 >>\nlab1\n")
    #expect(minimal(failedCommand) == "node1 | FAILED | rc=1 >>\nnon-zero return code\n")
    #expect(minimal(commandResult, action: "shell") == "node1 | CHANGED | rc=0 >>\nlab1\n")
  }

  @Test func minimalJSONOutput() {
    #expect(minimal(ping, action: "ping") == "node1 | SUCCESS => {\n    \"changed\": false,\n    \"ping\": \"pong\"\n}\n")
    #expect(minimal(unreachable) == "node1 | UNREACHABLE! => {\n    \"changed\": false,\n    \"msg\": \"refused\",\n    \"unreachable\": true\n}\n")
    // Ansible 2.19 shows no `failed` key after FAILED!.
    let absent = Self.result(.failed, ["changed": false, "failed": true, "msg": "file (/x) is absent, cannot continue", "path": "/x"])
    #expect(minimal(absent, action: "file") == """
      node1 | FAILED! => {
          "changed": false,
          "msg": "file (/x) is absent, cannot continue",
          "path": "/x"
      }

      """)
  }

  @Test func skippedIsOneWord() {
    let skipped = Self.result(.skipped, ["changed": false, "skipped": true, "msg": "Command would have run if not in check mode"])
    #expect(minimal(skipped) == "node1 | SKIPPED\n")
    #expect(oneline(skipped) == "node1 | SKIPPED\n")
  }

  @Test func debugShowsOnlyItsMessageOrVariable() {
    var message = Self.result(.ok, ["changed": false, "failed": false, "msg": "hello"])
    message.isForDisplay = true
    #expect(minimal(message, action: "debug") == "node1 | SUCCESS => {\n    \"msg\": \"hello\"\n}\n")
    var variable = Self.result(.ok, ["changed": false, "failed": false, "ansible_port": 2222])
    variable.isForDisplay = true
    #expect(minimal(variable, action: "debug") == "node1 | SUCCESS => {\n    \"ansible_port\": 2222\n}\n")
    #expect(oneline(variable, action: "debug") == "node1 | SUCCESS => {    \"ansible_port\": 2222,    \"changed\": false}\n")
  }

  @Test func diffComesAboveTheResultWhenAskedFor() {
    let changed = Self.result(.changed, ["changed": true, "failed": false], diff: [["before": "", "after": "hello", "after_header": "/tmp/x"]])
    let expected = "--- before\n+++ after: /tmp/x\n@@ -0,0 +1 @@\n+hello\n\\ No newline at end of file\n\nnode1 | CHANGED => {\n    \"changed\": true\n}\n"
    #expect(minimal(changed, action: "copy", diff: true) == expected)
    #expect(minimal(changed, action: "copy") == "node1 | CHANGED => {\n    \"changed\": true\n}\n")
  }

  @Test func noLogHidesCommandOutput() {
    var secret = commandResult
    secret.noLog = true
    #expect(!minimal(secret).contains("lab1"))
  }

  @Test func colorsEachLine() {
    #expect(minimal(commandResult, colors: true) == "\u{1B}[0;33mnode1 | CHANGED | rc=0 >>\u{1B}[0m\n\u{1B}[0;33mlab1\u{1B}[0m\n")
    #expect(minimal(unreachable, colors: true).hasPrefix("\u{1B}[1;31mnode1 | UNREACHABLE! => {\u{1B}[0m\n"))
  }

  @Test func onelineOutput() {
    let both = Self.result(.changed, ["changed": true, "rc": 0, "stdout": "a\nb", "stderr": "err"])
    #expect(oneline(both) == "node1 | CHANGED | rc=0 | (stdout) a\\nb (stderr) err\n")
    #expect(oneline(commandResult) == "node1 | CHANGED | rc=0 | (stdout) lab1\n")
    #expect(oneline(ping, action: "ping") == "node1 | SUCCESS => {\"changed\": false,\"ping\": \"pong\"}\n")
    #expect(oneline(unreachable) == "node1 | UNREACHABLE!: refused\n")
  }

  @Test func treeWritesOneFilePerHostAsAnsible() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString)").path + "/a/b"
    let lines = Lines()
    let tree = TreeCallback(directory: folder, display: Display(colors: false, sink: lines.sink()))
    tree.hostFinished(commandResult, task: Self.task("command"))
    #expect(try String(contentsOfFile: folder + "/node1", encoding: .utf8) == #"{"changed": true, "msg": "", "rc": 0, "stderr": "", "stdout": "lab1"}"#)
    var debug = HostTaskResult(host: "node2", status: .ok, result: ["changed": false, "failed": false, "msg": "hi"])
    debug.isForDisplay = true
    tree.hostFinished(debug, task: Self.task("debug"))
    #expect(try String(contentsOfFile: folder + "/node2", encoding: .utf8) == "{\n    \"changed\": false,\n    \"msg\": \"hi\"\n}")
    tree.hostFinished(HostTaskResult(host: "node3", status: .skipped, result: ["skipped": true]), task: Self.task("command"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/node3"))
    tree.hostFinished(HostTaskResult(host: "../escape", status: .ok, result: [:]), task: Self.task("ping"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/../escape"))
    #expect(lines.errors.contains("[WARNING]: Unable to write to '../escape''s file"))
  }

  @Test func treeIntoAFileWarns() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tree-file-\(UUID().uuidString)").path
    try Data().write(to: URL(fileURLWithPath: file))
    let lines = Lines()
    TreeCallback(directory: file, display: Display(colors: false, sink: lines.sink())).hostFinished(ping, task: Self.task("ping"))
    #expect(lines.errors.hasPrefix("[WARNING]: Unable to access or create the configured directory (\(file)): "), "\(lines.errors)")
  }

  @Test func colorChoice() throws {
    let config = try AnsibleConfig.load(environment: [:], currentDirectory: "/nonexistent")
    #expect(Display.wantsColor(environment: [:], config: config, isTerminal: true))
    #expect(!Display.wantsColor(environment: ["NO_COLOR": "1"], config: config, isTerminal: true))
    #expect(!Display.wantsColor(environment: [:], config: config, isTerminal: false))
    let forced = try AnsibleConfig.load(environment: ["ANSIBLE_FORCE_COLOR": "1"], currentDirectory: "/nonexistent")
    #expect(Display.wantsColor(environment: [:], config: forced, isTerminal: false))
  }
}
