import Testing

@testable import SwiftPlayCore

/// Task forms: module names, the ways of writing arguments, keywords.
extension PlaybookLoaderTests {
  @Test func actionsByShortNameOrFQCN() throws {
    let tasks = try play("""
          - ansible.builtin.shell: echo hi
          - shell: echo hi
          - ansible.legacy.debug: msg=x
          - meta: flush_handlers
      """)
    #expect(tasks.map(\.action) == ["shell", "shell", "debug", "meta"])
    #expect(tasks[0].arguments == ["_raw_params": "echo hi"])
    #expect(tasks[0].location.line == 3 && tasks[0].location.column == 7)
  }

  @Test func keyValueArguments() throws {
    let tasks = try play("""
          - shell: make install chdir=/srv/{{ app }} creates="/srv/done" cmd=x
          - debug: msg="hello {{ name | default('world') }}" verbosity=1
          - command: echo hi
            args:
              chdir: /tmp
              creates: /a
          - copy:
              dest: /tmp/x
            args:
              dest: /tmp/y
              mode: '0644'
      """)
    #expect(tasks[0].arguments == ["chdir": "/srv/{{ app }}", "creates": "/srv/done", "_raw_params": "make install cmd=x"])
    #expect(tasks[1].arguments == ["msg": "hello {{ name | default('world') }}", "verbosity": "1"])
    #expect(tasks[2].arguments == ["chdir": "/tmp", "creates": "/a", "_raw_params": "echo hi"])
    #expect(tasks[3].arguments == ["dest": "/tmp/x", "mode": "0644"])
    #expect(tasks[3].argumentLocations["dest"]?.line == 10)
  }

  @Test func actionAndLocalAction() throws {
    let tasks = try play("""
          - action: shell echo hi chdir=/tmp
          - local_action: debug msg=here
          - local_action:
              module: copy
              dest: /x
      """)
    #expect(tasks[0].action == "shell" && tasks[0].arguments == ["chdir": "/tmp", "_raw_params": "echo hi"])
    #expect(tasks[0].delegateTo == nil)
    #expect(tasks[1].action == "debug" && tasks[1].delegateTo == "localhost")
    #expect(tasks[2].action == "copy" && tasks[2].arguments == ["dest": "/x"])
  }

  @Test func taskKeywords() throws {
    let tasks = try play("""
          - name: "{{ greeting }} task"
            debug: msg=x
            when: a
            changed_when: false
            failed_when: [b, c]
            until: d
            retries: 3
            delay: 1
            register: out
            notify: h1
            tags: one, two
            loop: "{{ items }}"
            loop_control: {loop_var: it, index_var: i, label: "{{ it }}", pause: 2, extended: yes}
            ignore_errors: true
            no_log: true
            run_once: true
            delegate_to: other
            delegate_facts: true
            become: true
            become_user: postgres
            port: 2222
            environment: {A: b}
            vars: {v: 1}
            async: 10
            poll: 0
            throttle: 2
            timeout: 5
            module_defaults: {ansible.builtin.debug: {verbosity: 1}}
          - debug: msg=y
            with_dict: "{{ d }}"
            notify: [h1, h2]
            tags: [a, 3]
      """)
    let task = tasks[0]
    #expect(task.name == "{{ greeting }} task")
    #expect(task.when == ["a"] && task.changedWhen == [false] && task.failedWhen == ["b", "c"] && task.until == ["d"])
    #expect(task.retries == 3 && task.delay == 1 && task.register == "out")
    #expect(task.notify == ["h1"] && task.tags == ["one", "two"])
    guard case .items(let items)? = task.loop else { Issue.record("no loop"); return }
    #expect(items == "{{ items }}")
    #expect(task.loopControl.loopVar == "it" && task.loopControl.indexVar == "i" && task.loopControl.pause == 2 && task.loopControl.extended)
    #expect(task.ignoreErrors == true && task.noLog == true && task.runOnce && task.delegateTo == "other" && task.delegateFacts)
    #expect(task.connectionKeywords == ["become": true, "become_user": "postgres", "port": 2222])
    #expect(task.environment == [.dict(["A": "b"])] && task.vars == ["v": 1])
    #expect(task.asyncTimeout == 10 && task.poll == 0 && task.throttle == 2 && task.timeout == 5)
    #expect(task.moduleDefaults == ["debug": ["verbosity": 1]])
    guard case .lookup(let name, let terms)? = tasks[1].loop else { Issue.record("no with_"); return }
    #expect(name == "dict" && terms == "{{ d }}")
    #expect(tasks[1].notify == ["h1", "h2"] && tasks[1].tags == ["a", "3"])
  }

  @Test func playKeywordsInheritedByTasks() throws {
    let playbook = try load("""
      - hosts: web
        become: true
        remote_user: admin
        environment: {PATH: /bin}
        tags: play
        ignore_errors: true
        module_defaults:
          shell: {chdir: /srv}
        tasks:
          - block:
              - shell: ls
                become: false
                environment: {B: 1}
                tags: inner
                when: c2
            when: c1
            vars: {x: 1, y: 1}
            tags: blk
            environment: {A: 1}
            rescue:
              - debug: msg=r
            always:
              - debug: msg=a
                vars: {y: 2}
      """)
    let play = playbook.plays[0]
    #expect(play.tags == ["play"] && play.connectionKeywords == ["become": true, "remote_user": "admin"])
    let all = tasks(play.tasks)
    #expect(all[0].when == ["c1", "c2"])
    #expect(all[0].tags == ["play", "blk", "inner"])
    #expect(all[0].connectionKeywords == ["become": false, "remote_user": "admin"])
    #expect(all[0].environment == [.dict(["PATH": "/bin"]), .dict(["A": 1]), .dict(["B": 1])])
    #expect(all[0].ignoreErrors == true && all[0].moduleDefaults == ["shell": ["chdir": "/srv"]])
    #expect(all[1].when == ["c1"] && all[1].tags == ["play", "blk"] && all[1].vars == ["x": 1, "y": 1])
    #expect(all[2].vars == ["x": 1, "y": 2])
    guard case .block(let block) = play.tasks[0] else { Issue.record("no block"); return }
    #expect(block.tasks.count == 1 && block.rescue.count == 1 && block.always.count == 1)
  }

  @Test func playFields() throws {
    let play = try load("""
      - name: the play
        hosts: [a, b]
        gather_facts: no
        serial: [1, "30%"]
        strategy: free
        max_fail_percentage: 20
        any_errors_fatal: true
        force_handlers: true
        order: sorted
        vars_files: [one.yml, [two.yml, three.yml]]
        vars_prompt:
          - name: pw
            prompt: Password?
            private: no
        vars: {a: 1}
        tasks: []
      """).plays[0]
    #expect(play.name == "the play" && play.hosts == "a,b" && play.gatherFacts == false)
    #expect(play.serial == [1, "30%"] && play.strategy == "free" && play.maxFailPercentage == 20)
    #expect(play.anyErrorsFatal && play.forceHandlers && play.order == "sorted")
    #expect(play.varsFiles == ["one.yml", .list(["two.yml", "three.yml"])])
    #expect(play.varsPrompt.first?.name == "pw" && play.varsPrompt.first?.prompt == "Password?" && play.varsPrompt.first?.isPrivate == false)
    #expect(play.vars == ["a": 1])
  }

  @Test func includesStayForTheEngineAndHandlersListen() throws {
    let play = try load("""
      - hosts: all
        tasks:
          - include_tasks: other.yml
          - include_role:
              name: r
        handlers:
          - name: h
            debug: msg=h
            listen: [topic]
      """).plays[0]
    let all = tasks(play.tasks)
    #expect(all.map(\.action) == ["include_tasks", "include_role"])
    #expect(all[0].arguments == ["_raw_params": "other.yml"])
    #expect(play.handlers.first?.listen == ["topic"])
  }
}
