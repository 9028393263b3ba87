import Foundation
import Testing

@testable import SwiftPlayCore

/// Roles, imports and the engine's run-time includes, on a realistic playbook.
extension PlaybookLoaderTests {
  var siteFolder: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/playbooks/site").path
  }

  func names(_ nodes: [TaskNode]) -> [String] {
    tasks(nodes).map { task in [task.role?.name, task.name ?? task.action].compactMap { $0 }.joined(separator: " : ") }
  }

  /// The same task list `ansible-playbook --list-tasks site.yml` prints, in the same order.
  @Test func realisticPlaybook() throws {
    let playbook = try loader.load(siteFolder + "/site.yml")
    #expect(playbook.plays.count == 2)
    let db = playbook.plays[0]
    #expect(db.hosts == "db" && db.tags == ["db"] && db.vars["db_port"] == 5433 && db.when == ["run_db | default(true)"])
    #expect(tasks(db.tasks).first?.when == ["run_db | default(true)"] && tasks(db.tasks).first?.tags == ["db"])

    let web = playbook.plays[1]
    #expect(web.roles.map(\.name) == ["common", "web"])
    let listed = names(web.preTasks) + web.roles.flatMap { names($0.tasks) } + names(web.tasks) + names(web.postTasks)
    #expect(listed == [
      "announce", "base : base task", "common : common task", "base : base task", "web : web task", "web : web more",
      "install", "extra one", "report", "command", "loop", "include_tasks",
    ])
    let common = web.roles[0]
    #expect(common.defaults == ["greeting": "hello"] && common.vars == ["common_var": 1])
    let commonTask = tasks(common.tasks)[1]
    #expect(commonTask.role?.name == "common" && commonTask.directory.hasSuffix("roles/common/tasks"))
    #expect(commonTask.connectionKeywords == ["become": true, "become_user": "root"] && commonTask.tags == ["web"])
    let webRole = web.roles[1]
    let webTasks = tasks(webRole.tasks)
    // A role parameter ranks above set_fact, apart from the role's vars.
    #expect(webRole.vars["listen_port"] == nil && webTasks.last?.role?.parameters["listen_port"] == 8080)
    #expect(webTasks.allSatisfy { $0.when == ["deploy_web"] && $0.tags == ["web", "frontend"] })
    #expect(webTasks[0].role?.name == "base" && webTasks[1].role?.name == "web")

    let body = tasks(web.tasks)
    #expect(body[0].arguments == ["chdir": "/srv/{{ app }}", "creates": "/srv/done", "_raw_params": "make install"])
    #expect(body[0].connectionKeywords["become_user"] == "deploy" && body[0].when == ["app is defined"])
    #expect(body[1].name == "extra one" && body[1].tags == ["web", "extra"] && body[1].vars == ["extra": 1])
    #expect(body[1].directory.hasSuffix("site/tasks"))
    #expect(body[2].delegateTo == "localhost")
    #expect(web.handlers.map { $0.name ?? "" } == ["restart common", "reload web", "restart app"])
    #expect(web.handlers[2].listen == ["app changed"])
  }

  @Test func rolesDedupedDependenciesFirstAndParameters() throws {
    let playbook = try load("""
      - hosts: all
        roles:
          - a
          - a
          - {role: a, x: 2}
          - role: b
            vars: {v: 1}
            become: true
      """, files: [
        "roles/a/tasks/main.yml": "- debug: msg=a\n",
        "roles/b/meta/main.yml": "dependencies: [a, c]\nallow_duplicates: true\n",
        "roles/b/tasks/main.yml": "- debug: msg=b\n",
        "roles/c/tasks/main.yaml": "- debug: msg=c\n",
      ])
    let play = playbook.plays[0]
    #expect(play.roles.map(\.name) == ["a", "a", "b"])
    #expect(tasks(play.roles[1].tasks).first?.role?.parameters == ["x": 2])
    // b's dependency a is the plain a again (become is not part of a role's identity, as in
    // Ansible), so it is skipped; c runs before b.
    #expect(names(play.roles[2].tasks) == ["c : debug", "b : debug"])
    #expect(play.roles[2].vars == ["v": 1])
    #expect(tasks(play.roles[2].tasks).allSatisfy { $0.connectionKeywords == ["become": true] })
  }

  @Test func rolesPathAndPathRoles() throws {
    let path = try write([
      "play.yml": "- hosts: all\n  roles:\n    - shared\n    - ./local/thing\n",
      "elsewhere/shared/tasks/main.yml": "- debug: msg=s\n",
      "local/thing/tasks/main.yml": "- debug: msg=t\n",
    ])
    let folder = (path as NSString).deletingLastPathComponent
    let withPath = PlaybookLoader(catalog: FakeCatalog(), rolesPath: [folder + "/elsewhere"])
    let play = try withPath.load(path).plays[0]
    #expect(play.roles.map(\.name) == ["shared", "thing"])
    #expect(play.roles[0].path == folder + "/elsewhere/shared")
  }

  @Test func importRoleAndTemplatedImportPath() throws {
    let playbook = try load("""
      - hosts: all
        vars: {which: two}
        tasks:
          - import_role:
              name: r
              tasks_from: other
            when: go
          - import_tasks: "{{ which }}.yml"
      """, files: [
        "roles/r/tasks/other.yml": "- debug: msg=other\n",
        "roles/r/handlers/main.yml": "- name: rh\n  debug: msg=h\n",
        "two.yml": "- name: from two\n  debug: msg=2\n",
      ])
    let play = playbook.plays[0]
    #expect(names(play.tasks) == ["r : debug", "from two"])
    #expect(tasks(play.tasks)[0].when == ["go"])
    #expect(play.handlers.map(\.name) == ["rh"])
  }

  @Test func includedTasksInheritWhatTheIncludeInherited() throws {
    let playbook = try load("""
      - hosts: all
        become: true
        tasks:
          - block:
              - include_tasks:
                  file: inc.yml
                  apply: {tags: applied}
                when: own
                tags: own
                vars: {a: 1}
            when: outer
            tags: outer
      """, files: ["inc.yml": "- debug: msg=x\n  tags: inner\n"])
    let include = tasks(playbook.plays[0].tasks)[0]
    #expect(include.when == ["outer", "own"])
    let included = tasks(try loader.loadIncludedTasks("inc.yml", inheriting: include, vars: ["b": 2]))
    #expect(included.count == 1)
    #expect(included[0].when == ["outer"])
    #expect(included[0].tags == ["outer", "applied", "inner"])
    // The include's vars are task vars and, with its loop item, include parameters.
    #expect(included[0].vars == ["a": 1] && included[0].parameters == ["a": 1, "b": 2])
    #expect(included[0].connectionKeywords == ["become": true])
  }

  @Test func includeRoleAtRunTime() throws {
    let path = try write([
      "play.yml": "- hosts: all\n  tasks:\n    - include_role: {name: r}\n      vars: {p: 1}\n",
      "roles/r/tasks/main.yml": "- debug: msg=r\n",
      "roles/r/tasks/more.yml": "- debug: msg=more\n",
    ])
    let include = tasks(try loader.load(path).plays[0].tasks)[0]
    let role = try loader.loadRole(
      "r", from: (path as NSString).deletingLastPathComponent, tasksFrom: "more", parameters: ["q": 2], inheriting: include)
    #expect(role.name == "r" && role.vars.isEmpty && tasks(role.tasks).first?.role?.parameters == ["q": 2])
    #expect(tasks(role.tasks).map { $0.arguments["msg"] } == ["more"])
    #expect(tasks(role.tasks)[0].vars == ["p": 1] && tasks(role.tasks)[0].role?.name == "r")
  }
}
