import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// The swapoff module's readings of /proc/swaps and /etc/fstab, on recorded text.
struct SwapoffModuleTests {
  @Test func activeSwapsAreTheFirstFields() {
    let swaps = "/swapfile                               file\t\t1048572\t\t0\t\t-2\n/dev/sda2 partition 2097148 0 -3\n/mnt/my\\040swap file 10 0 -4\n"
    #expect(SwapoffModule.activeSwaps(swaps) == ["/swapfile", "/dev/sda2", "/mnt/my swap"])
    #expect(SwapoffModule.activeSwaps("").isEmpty)
  }

  @Test func onlyActiveSwapLinesAreCommentedOut() {
    let fstab = """
      # /etc/fstab
      UUID=1234 /     ext4 errors=remount-ro 0 1
      UUID=abcd none  swap sw 0 0
      #/old none swap sw 0 0
      /swapfile\tnone\tswap\tsw\t0\t0

      """
    let expected = """
      # /etc/fstab
      UUID=1234 /     ext4 errors=remount-ro 0 1
      #UUID=abcd none  swap sw 0 0
      #/old none swap sw 0 0
      #/swapfile\tnone\tswap\tsw\t0\t0

      """
    #expect(SwapoffModule.commentingOutSwap(fstab) == expected)
    #expect(SwapoffModule.commentingOutSwap(expected) == nil, "a second pass finds nothing to do")
    #expect(SwapoffModule.commentingOutSwap("proc /proc proc defaults 0 0\n") == nil)
  }
}

/// The sysctl module's file edits, as Ansible's sysctl makes them.
struct SysctlModuleTests {
  @Test func fileEdits() {
    let file = "# comment\n; other\nvm.swappiness = 60\nnet.ipv4.ip_forward=0\nvm.swappiness=10\nno equals here\n"
    #expect(SysctlModule.edited(file, key: "net.ipv4.ip_forward", value: "1")
      == "# comment\n; other\nvm.swappiness=60\nnet.ipv4.ip_forward=1\nno equals here\n")
    #expect(SysctlModule.edited(file, key: "net.ipv4.ip_forward", value: "0") == nil)
    #expect(SysctlModule.edited(file, key: "kernel.pid_max", value: "65536")
      == "# comment\n; other\nvm.swappiness=60\nnet.ipv4.ip_forward=0\nno equals here\nkernel.pid_max=65536\n")
    #expect(SysctlModule.edited(file, key: "net.ipv4.ip_forward", value: nil)
      == "# comment\n; other\nvm.swappiness=60\nno equals here\n")
    #expect(SysctlModule.edited("", key: "a.b", value: nil) == nil)
    #expect(SysctlModule.edited("", key: "a.b", value: "1") == "a.b=1\n")
  }

  @Test func valuesCompareByWords() {
    #expect(SysctlModule.parsed("yes") == "1" && SysctlModule.parsed("off") == "0" && SysctlModule.parsed(" 4096  87380 ") == "4096  87380")
    #expect(SysctlModule.same("4096\t87380", "4096 87380"))
    #expect(!SysctlModule.same("1", "0"))
  }
}

/// wait_for through a local connection: the loop really runs in `sh` here.
struct WaitForModuleTests {
  let target: Target

  init() throws {
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    target = Target(hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }))
  }

  func waitFor(_ options: ValueDict) async throws -> ModuleResult {
    try await WaitForModule(arguments: ModuleArguments(options: options)).run(on: target)
  }

  @Test func fileThatAppearsWithItsTextThenGoesAway() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wait-\(UUID().uuidString)").path
    _ = try await target.run("(sleep 1; echo 'service ready' > \(path)) >/dev/null 2>&1 &")
    let appeared = try await waitFor(["path": .string(path), "search_regex": "re+ady", "timeout": 10])
    #expect(!appeared.failed && !appeared.changed, "\(appeared.values)")
    #expect(appeared.values["elapsed"] != nil && appeared.values["match_groups"] == .list([]))
    try FileManager.default.removeItem(atPath: path)
    let gone = try await waitFor(["path": .string(path), "state": "absent", "timeout": 3])
    #expect(!gone.failed)
  }

  @Test func timeoutsSayWhatWasAwaited() async throws {
    let missing = try await waitFor(["path": "/nonexistent/swiftplay", "timeout": 1])
    #expect(missing.failed && missing.values["msg"] == "Timeout when waiting for file /nonexistent/swiftplay")
    let closed = try await waitFor(["port": 1, "timeout": "1", "connect_timeout": 1])
    #expect(closed.values["msg"] == "Timeout when waiting for 127.0.0.1:1")
    let stopped = try await waitFor(["port": 1, "state": "stopped", "timeout": 1])
    #expect(!stopped.failed, "a closed port counts as stopped")
    let custom = try await waitFor(["path": "/nonexistent/x", "timeout": 0, "msg": "no x"])
    #expect(custom.values["msg"] == "no x")
  }

  @Test func argumentsAreCheckedFirst() {
    #expect(throws: ModuleError.self) { try WaitForModule(arguments: ModuleArguments(options: ["port": 22, "path": "/x"])) }
    #expect(throws: ModuleError.self) { try WaitForModule(arguments: ModuleArguments(options: ["port": "ssh"])) }
    #expect(throws: ModuleError.self) { try WaitForModule(arguments: ModuleArguments(options: ["colour": "blue"])) }
  }
}

/// script through a local connection: found in files/, given its arguments, removed after.
struct ScriptModuleTests {
  @Test func runsFromFilesWithArgumentsThenRemovesItself() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("script-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
    try "#!/bin/sh\necho \"args: $1|$2\"; echo \"$0\" >&2; exit 3\n".write(toFile: folder + "/files/hello.sh", atomically: true, encoding: .utf8)
    let settings = try ConnectionSettings(hostName: "localhost", vars: ["ansible_connection": "local"], defaults: ConnectionDefaults())
    let target = Target(hostName: "localhost", connection: LocalConnection(settings: settings, log: { _, _ in }), searchPaths: [folder])
    let result = try await ScriptModule(arguments: ModuleArguments(freeForm: "hello.sh 'a b' c")).run(on: target)
    #expect(result.values["rc"] == 3 && result.values["stdout"] == "args: a b|c", "\(result.values)")
    let remote = result.values["stderr"]?.plainText ?? ""
    #expect(remote.hasPrefix("/tmp/.swiftplay-script-") && !FileManager.default.fileExists(atPath: remote), "left behind: \(remote)")
    let skipped = try await ScriptModule(arguments: ModuleArguments(freeForm: "hello.sh", options: ["creates": .string(folder)])).run(on: target)
    #expect(skipped.values["skipped"] == .bool(true) && skipped.values["msg"]?.plainText == "\(folder) exists, matching creates option", "\(skipped.values)")
    let missing = try await ScriptModule(arguments: ModuleArguments(freeForm: "nope.sh")).run(on: target)
    #expect(missing.failed)
  }
}
