import Foundation
import Modules
import Testing

@testable import SwiftPlayCore

/// `-m MODULE -a ARGS PATTERN` as the play the engine runs: what Ansible's `ansible`
/// builds (one play, hosts = the pattern, no facts, one task with the module's arguments).
struct AdHocPlayTests {
  let catalog = CallbackTests.Registry()

  func play(_ module: String, _ arguments: String, pattern: String = "all") throws(ModuleError) -> Playbook {
    try AdHocPlay(module: module, arguments: arguments, pattern: pattern, directory: "/work").playbook(catalog: catalog)
  }

  @Test func oneTaskPlayWithoutFacts() throws {
    let playbook = try play("ansible.builtin.file", "path=/tmp/x state=touch", pattern: "lab1:lab2")
    #expect(playbook.plays.count == 1)
    let play = try #require(playbook.plays.first)
    #expect(play.hosts == "lab1:lab2")
    #expect(play.gatherFacts == false)
    #expect(play.directory == "/work")
    let tasks = play.tasks.allTasks
    #expect(tasks.count == 1)
    let task = try #require(tasks.first)
    #expect(task.action == "file")
    #expect(task.writtenAction == "ansible.builtin.file")
    #expect(task.arguments == ["path": "/tmp/x", "state": "touch"])
    #expect(task.location.description == "<adhoc 'ansible.builtin.file' task>:1:1")
  }

  /// Command-like modules keep their command as `_raw_params`, templates and all: the
  /// engine renders it per host.
  @Test func freeFormKeepsTheCommand() throws {
    let task = try #require(try play("shell", "echo {{ inventory_hostname }} chdir=/tmp").plays[0].tasks.allTasks.first)
    #expect(task.arguments == ["chdir": "/tmp", "_raw_params": "echo {{ inventory_hostname }}"])
  }

  /// As Ansible's parse_kv: escapes decoded first, then the value trimmed.
  @Test func valuesAreTrimmedAfterTheirEscapes() throws {
    let task = try #require(try play("copy", #"content=hello\n dest=/tmp/x"#).plays[0].tasks.allTasks.first)
    #expect(task.arguments["content"] == "hello")
    let inner = try #require(try play("copy", #"content=a\nb dest=/tmp/x"#).plays[0].tasks.allTasks.first)
    #expect(inner.arguments["content"] == "a\nb")
  }

  @Test func pauseIsTheEnginesOwn() throws {
    #expect(try play("pause", "seconds=1").plays[0].tasks.allTasks.first?.action == "pause")
  }

  @Test func refusedBeforeAnythingRuns() {
    #expect(throws: ModuleError.self) { try play("no_such_module", "") }
    // Option names are checked when the task runs, as Ansible's ad-hoc checks them.
    #expect(throws: Never.self) { try play("ping", "bogus=1") }
    #expect(throws: ModuleError.self) { try play("include_tasks", "x.yml") }
    do {
      _ = try play("shell", "")
      Issue.record("shell without a command was accepted")
    } catch {
      #expect(error.message == "No argument passed to shell module")
    }
    do {
      _ = try play("no_such_module", "")
    } catch {
      #expect(error.message.hasPrefix("couldn't resolve module/action 'no_such_module'. This often indicates a misspelling"))
    }
  }
}
