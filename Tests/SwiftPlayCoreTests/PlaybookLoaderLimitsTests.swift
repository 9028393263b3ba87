import Foundation
import Testing
import AnsibleYAML

@testable import SwiftPlayCore

/// Hostile playbooks end in an error naming file:line:column: alias bombs and deep nesting
/// in `vars:`, and every kind of static include loop.
extension PlaybookLoaderTests {
  @Test func aliasBombInPlayVars() throws {
    let text = "- hosts: all\n  vars:\n" + YAMLBombs.laughs(indent: 4) + "  tasks: []\n"
    let clock = ContinuousClock()
    var found: PlaybookError?
    let elapsed = try clock.measure { found = try failure(text) }
    let error = try #require(found)
    #expect(error.location.line == 9 && error.location.column == YAMLBombs.firstAliasColumn(level: 6, indent: 4), "\(error)")
    #expect(error.message.hasPrefix("YAML parsing failed: aliases make this document stand for more than"), "\(error)")
    #expect(error.excerpt.contains("^"), "\(error)")
    #expect(elapsed < .seconds(5), "the bomb was expanded: \(elapsed)")
  }

  @Test func aliasBombInTaskList() throws {
    // Aliased blocks multiply tasks the same way aliased lists multiply values.
    var text = "- hosts: all\n  tasks:\n    - &b0 {block: [{debug: msg=x}, {debug: msg=x}, {debug: msg=x}, {debug: msg=x}]}\n"
    for level in 1...12 {
      text += "    - &b\(level) {block: [*b\(level - 1), *b\(level - 1), *b\(level - 1), *b\(level - 1)]}\n"
    }
    let error = try failure(text)
    #expect(error.message.contains("(an alias bomb?)"), "\(error)")
  }

  @Test func deepNestingInVars() throws {
    try expectError(
      "- hosts: all\n  vars:\n    x: " + YAMLBombs.nested(300) + "\n  tasks: []\n", 3, 8 + YAMLLoader.maxDepth - 3,
      "YAML parsing failed: collections nest deeper than 100 levels here")
  }

  @Test func importTasksOfItself() throws {
    try expectError(
      "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n", 2, 3, "'a.yml' imports itself",
      files: ["a.yml": "- debug: msg=x\n- import_tasks: a.yml\n"])
    // Through another file, the loop is named where it closes.
    try expectError(
      "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n", 2, 3, "'a.yml' imports itself",
      files: ["a.yml": "- import_tasks: b.yml\n", "b.yml": "- debug: msg=x\n- import_tasks: a.yml\n"])
  }

  @Test func importPlaybookLoop() throws {
    try expectError(
      "- import_playbook: other.yml\n", 3, 3, "'play.yml' imports itself",
      files: ["other.yml": "- hosts: all\n  tasks: []\n- import_playbook: play.yml\n"])
    try expectError("- hosts: all\n  tasks: []\n- import_playbook: play.yml\n", 3, 3, "'play.yml' imports itself")
  }

  @Test func roleDependencyLoop() throws {
    let files = [
      "roles/one/meta/main.yml": "dependencies:\n  - two\n",
      "roles/one/tasks/main.yml": "- debug: msg=one\n",
      "roles/two/meta/main.yml": "dependencies:\n  - role: one\n",
    ]
    let error = try failure("- hosts: all\n  roles:\n    - one\n", files: files)
    #expect(error.message == "role 'one' depends on itself", "\(error)")
    #expect(error.location.file.hasSuffix("roles/two/meta/main.yml") && error.location.line == 2, "\(error)")
  }
}

/// `include_tasks` is read when a host reaches it, so a file that includes itself is only
/// found out at run time; the engine asks the loader for each level, as done here.
extension PlaybookLoaderTests {
  @Test func includeTasksOfItselfStops() throws {
    let path = try write([
      "play.yml": "- hosts: all\n  tasks:\n    - include_tasks: again.yml\n",
      "again.yml": "- debug: msg=x\n- include_tasks: again.yml\n",
    ])
    var include = try #require(tasks(try loader.load(path).plays[0].tasks).first)
    var levels = 0
    do {
      for _ in 0..<(PlaybookLoader.maxIncludeDepth * 2) {
        let included = tasks(try loader.loadIncludedTasks("again.yml", inheriting: include, vars: [:]))
        include = try #require(included.first { $0.action == "include_tasks" })
        levels += 1
      }
      Issue.record("no error after \(levels) levels")
    } catch let error as PlaybookError {
      #expect(levels == PlaybookLoader.maxIncludeDepth)
      #expect(error.location.file.hasSuffix("/again.yml") && error.location.line == 2 && error.location.column == 3, "\(error)")
      #expect(error.message.hasPrefix("includes nest deeper than 100 levels here (first at \(path):3)"), "\(error)")
    }
  }

  @Test func includeRoleOfItselfStops() throws {
    let path = try write([
      "play.yml": "- hosts: all\n  tasks:\n    - include_role: {name: again}\n",
      "roles/again/tasks/main.yml": "- debug: msg=x\n- include_role: {name: again}\n",
    ])
    var include = try #require(tasks(try loader.load(path).plays[0].tasks).first)
    let folder = (path as NSString).deletingLastPathComponent
    var levels = 0
    do {
      for _ in 0..<(PlaybookLoader.maxIncludeDepth * 2) {
        let role = try loader.loadRole("again", from: folder, tasksFrom: nil, parameters: [:], inheriting: include)
        include = try #require(tasks(role.tasks).first { $0.action == "include_role" })
        levels += 1
      }
      Issue.record("no error after \(levels) levels")
    } catch let error as PlaybookError {
      #expect(levels == PlaybookLoader.maxIncludeDepth)
      #expect(error.location.file.hasSuffix("roles/again/tasks/main.yml") && error.location.line == 2, "\(error)")
      #expect(error.message.hasPrefix("includes nest deeper than 100 levels here"), "\(error)")
    }
  }
}
