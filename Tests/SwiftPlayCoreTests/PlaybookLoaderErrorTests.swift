import Testing

@testable import SwiftPlayCore

/// Every validation error names file:line:column and quotes the line with a caret.
extension PlaybookLoaderTests {
  func expectError(_ text: String, _ line: Int, _ column: Int, _ message: String, files: [String: String] = [:]) throws {
    let error = try failure(text, files: files)
    #expect(error.location.line == line, "\(error)")
    #expect(error.location.column == column, "\(error)")
    #expect(error.message.hasPrefix(message), "\(error)")
    #expect(error.excerpt.contains("^"), "\(error)")
  }

  @Test func yamlSyntaxError() throws {
    try expectError("- hosts: all\n  tasks:\n    - debug: {msg: [1, 2\n", 3, 20, "YAML parsing failed: did not find expected ',' or ']'")
  }

  @Test func playErrors() throws {
    try expectError("- localhost\n", 1, 3, "playbook entries must be either valid plays or 'import_playbook' statements")
    try expectError("- gather_facts: no\n  tasks: []\n", 1, 3, "the field 'hosts' is required but was not set")
    try expectError("- hosts: all\n  gather_facts: no\n  bogus: 1\n", 3, 3, "'bogus' is not a valid attribute for a Play")
    try expectError("- import_playbook: x.yml\n  become_bogus: 1\n", 2, 3, "'become_bogus' is not a valid attribute for a PlaybookInclude")
  }

  @Test func taskErrors() throws {
    let head = "- hosts: all\n  tasks:\n"
    try expectError(head + "    - name: x\n      when: true\n", 3, 7, "no module/action detected in task")
    try expectError(head + "    - name: x\n      debug: msg=hi\n      command: echo\n", 3, 7, "conflicting action statements: debug, command")
    try expectError(head + "    - name: x\n      nosuchmod: a=b\n", 3, 7, "couldn't resolve module/action 'nosuchmod'")
    try expectError(head + "    - name: x\n      debug: msg=hi\n      whn: x\n", 5, 7, "'whn' is not a valid attribute for a Task")
    try expectError(head + "    - debug: msg=x\n      listen: foo\n", 4, 7, "'listen' is not a valid attribute for a Task")
    try expectError(head + "    - debug: msg=x\n      loop: [1]\n      with_items: [2]\n", 3, 7, "duplicate loop in task: items")
    try expectError(head + "    - debug: msg=x\n      loop_control: {bogus: 1}\n", 4, 22, "'bogus' is not a valid attribute for a LoopControl")
    try expectError(head + "    - action: debug msg=x\n      local_action: debug msg=y\n", 3, 7, "action and local_action are mutually exclusive")
    try expectError(head + "    - debug: msg=x\n      tags: 42\n", 4, 13, "tags must be specified as a list")
    try expectError(head + "    - include_tasks: a.yml\n      become: true\n", 4, 7, "'become' is not a valid attribute for a TaskInclude")
    try expectError(head + "    - include_tasks:\n        file: a.yml\n        bogus: 1\n", 5, 9, "invalid options for include_tasks: bogus")
    try expectError(head + "    - meta: flush_everything\n", 3, 13, "invalid meta action requested: flush_everything")
  }

  @Test func blockErrors() throws {
    try expectError("- hosts: all\n  tasks:\n    - block:\n        - debug: msg=x\n      bogus: 1\n", 5, 7, "'bogus' is not a valid attribute for a Block")
  }

  @Test func roleAndImportErrors() throws {
    let error = try failure("- hosts: all\n  roles:\n    - nosuchrole\n")
    #expect(error.location.line == 3 && error.location.column == 7)
    #expect(error.message.hasPrefix("the role 'nosuchrole' was not found in "))
    #expect(error.message.hasSuffix("/roles:" + error.location.file.replacingOccurrences(of: "/play.yml", with: "")))
    try expectError("- hosts: all\n  tasks:\n    - import_tasks: nothere.yml\n", 3, 7, "could not find or access '")
    try expectError(
      "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n", 2, 3, "'frob' is not a valid attribute for a Task",
      files: ["a.yml": "- debug: msg=x\n  frob: ls\n"])
  }

  @Test func errorsInImportedFilesNameThatFile() throws {
    let error = try failure("- hosts: all\n  tasks:\n    - import_tasks: sub/a.yml\n", files: ["sub/a.yml": "- name: x\n  frob: 1\n"])
    #expect(error.location.file.hasSuffix("sub/a.yml") && error.location.line == 1 && error.location.column == 3)
    #expect(error.description.contains("- name: x\n      ^"))
  }
}
