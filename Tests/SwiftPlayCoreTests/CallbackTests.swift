import Foundation
import Testing

@testable import SwiftPlayCore

/// Expected texts are Ansible 2.x's minimal and oneline callbacks' output for the same
/// results (format strings read from their documentation and checked against a real run).
struct CallbackTests {
  final class Lines: @unchecked Sendable {
    var text = ""
    let lock = NSLock()
    func sink() -> Display.Sink { { line, _ in self.lock.withLock { self.text += line } } }
  }

  let commandResult = ModuleResult(changed: true, values: ["rc": 0, "stdout": "lab1", "stderr": "", "msg": ""])
  let failedCommand = ModuleResult(changed: true, failed: true, values: ["rc": 1, "stdout": "", "stderr": "", "msg": "non-zero return code"])
  let ping = ModuleResult(changed: false, values: ["ping": "pong"])

  func minimal(_ outcome: HostOutcome, command: Bool = true, colors: Bool = false) -> String {
    let lines = Lines()
    MinimalCallback(display: Display(colors: colors, sink: lines.sink())).hostFinished("node1", outcome, printsCommandOutput: command)
    return lines.text
  }

  func oneline(_ outcome: HostOutcome, command: Bool = true) -> String {
    let lines = Lines()
    OneLineCallback(display: Display(colors: false, sink: lines.sink())).hostFinished("node1", outcome, printsCommandOutput: command)
    return lines.text
  }

  @Test func minimalCommandOutput() {
    #expect(minimal(.completed(commandResult)) == "node1 | CHANGED | rc=0 >>\nlab1\n")
    #expect(minimal(.completed(failedCommand)) == "node1 | FAILED | rc=1 >>\nnon-zero return code\n")
  }

  @Test func minimalJSONOutput() {
    #expect(minimal(.completed(ping), command: false) == "node1 | SUCCESS => {\n    \"changed\": false,\n    \"ping\": \"pong\"\n}\n")
    #expect(minimal(.unreachable("refused")) == "node1 | UNREACHABLE! => {\n    \"changed\": false,\n    \"msg\": \"refused\",\n    \"unreachable\": true\n}\n")
  }

  @Test func colorsEachLine() {
    #expect(minimal(.completed(commandResult), colors: true) == "\u{1B}[0;33mnode1 | CHANGED | rc=0 >>\u{1B}[0m\n\u{1B}[0;33mlab1\u{1B}[0m\n")
    #expect(minimal(.unreachable("x"), colors: true).hasPrefix("\u{1B}[1;31mnode1 | UNREACHABLE! => {\u{1B}[0m\n"))
  }

  @Test func onelineOutput() {
    let both = ModuleResult(changed: true, values: ["rc": 0, "stdout": "a\nb", "stderr": "err"])
    #expect(oneline(.completed(both)) == "node1 | CHANGED | rc=0 | (stdout) a\\nb (stderr) err\n")
    #expect(oneline(.completed(commandResult)) == "node1 | CHANGED | rc=0 | (stdout) lab1\n")
    #expect(oneline(.completed(ping), command: false) == "node1 | SUCCESS => {\"changed\": false,\"ping\": \"pong\"}\n")
    #expect(oneline(.unreachable("refused")) == "node1 | UNREACHABLE!: refused\n")
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
