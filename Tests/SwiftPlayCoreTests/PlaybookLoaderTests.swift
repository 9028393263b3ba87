import Foundation
import Testing

@testable import SwiftPlayCore

/// Fake module types: only their metadata (names, options, free form) matters to the
/// loader, which validates tasks against them; they never run.
struct FakeCommandModule: Module {
  static let name = "command"
  static let takesFreeForm = true
  static let argumentNames: Set<String> = ["cmd", "argv", "chdir", "creates", "removes", "stdin"]
  init(arguments: ModuleArguments) throws(ModuleError) {}
  func run(on target: Target) async throws(ConnectionError) -> ModuleResult { fatalError("fake") }
}

struct FakeShellModule: Module {
  static let name = "shell"
  static let takesFreeForm = true
  static let argumentNames: Set<String> = ["cmd", "chdir", "creates", "removes", "executable"]
  init(arguments: ModuleArguments) throws(ModuleError) {}
  func run(on target: Target) async throws(ConnectionError) -> ModuleResult { fatalError("fake") }
}

struct FakeDebugModule: Module {
  static let name = "debug"
  static let argumentNames: Set<String> = ["msg", "var", "verbosity"]
  init(arguments: ModuleArguments) throws(ModuleError) {}
  func run(on target: Target) async throws(ConnectionError) -> ModuleResult { fatalError("fake") }
}

struct FakeCopyModule: Module {
  static let name = "copy"
  static let argumentNames: Set<String> = ["src", "dest", "content", "mode"]
  init(arguments: ModuleArguments) throws(ModuleError) {}
  func run(on target: Target) async throws(ConnectionError) -> ModuleResult { fatalError("fake") }
}

struct FakeSetFactModule: Module {
  static let name = "set_fact"
  static let argumentNames: Set<String> = ["cacheable"]
  init(arguments: ModuleArguments) throws(ModuleError) {}
  func run(on target: Target) async throws(ConnectionError) -> ModuleResult { fatalError("fake") }
}

struct FakeCatalog: ModuleCatalog {
  let modules: [any Module.Type] = [FakeCommandModule.self, FakeShellModule.self, FakeDebugModule.self, FakeCopyModule.self, FakeSetFactModule.self]
  func moduleType(named name: String) -> (any Module.Type)? {
    let short = Keywords.shortName(name)
    return modules.first { $0.name == short }
  }
}

struct PlaybookLoaderTests {
  let loader = PlaybookLoader(catalog: FakeCatalog())

  /// Writes `files` into a fresh folder and returns the path of the first one named `play.yml`.
  func write(_ files: [String: String]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loader-\(UUID().uuidString)").path
    for (name, text) in files {
      let path = (folder as NSString).appendingPathComponent(name)
      try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return (folder as NSString).appendingPathComponent("play.yml")
  }

  func load(_ text: String, files: [String: String] = [:]) throws -> Playbook {
    var all = files
    all["play.yml"] = text
    return try loader.load(try write(all))
  }

  /// The error a playbook gives, as "line:column: message".
  func failure(_ text: String, files: [String: String] = [:]) throws -> PlaybookError {
    var all = files
    all["play.yml"] = text
    let path = try write(all)
    do {
      _ = try loader.load(path)
    } catch {
      return error
    }
    Issue.record("expected an error")
    return PlaybookError(SourceLocation(file: "", line: 0, column: 0), "")
  }

  func tasks(_ nodes: [TaskNode]) -> [PlaybookTask] {
    nodes.flatMap { node -> [PlaybookTask] in
      switch node {
      case let .task(task): return [task]
      case let .block(block): return tasks(block.tasks) + tasks(block.rescue) + tasks(block.always)
      }
    }
  }

  func play(_ tasksYAML: String, header: String = "") throws -> [PlaybookTask] {
    tasks(try load("- hosts: all\n\(header)  tasks:\n\(tasksYAML)").plays[0].tasks)
  }
}
