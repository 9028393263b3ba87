import Foundation
import Testing

/// Ansible's own modules as swiftplay's fallback, for real on lab hosts: builtin modules
/// with no Swift twin (getent, find, slurp, uri against a loopback HTTP server, git with a
/// local repository, pip into a venv from a local source folder, cron), modules from installed
/// collections (ansible.posix.authorized_key, community.general.archive) and a `library/`
/// module the test writes. Each playbook checks its own results with `assert`, and the
/// test checks the files on the host: check mode changes nothing, a real run does, and
/// become runs the module as root. Needs Ansible on the controller (PyPI `ansible`).
extension LabTests {
  @Suite struct AnsibleModuleTests {
    /// A `library/` module: echoes a word, reports the user it ran as and the environment
    /// variable SWIFTPLAY_PROBE (set by `environment:`), takes a no_log option, and does not
    /// support check mode (so Ansible's own code must skip it there).
    static let libraryModule = """
      #!/usr/bin/python
      import os
      from ansible.module_utils.basic import AnsibleModule

      def main():
          module = AnsibleModule(
              argument_spec=dict(word=dict(type='str', required=True), secret=dict(type='str', no_log=True)),
              supports_check_mode=False)
          module.exit_json(
              changed=True, echo=module.params['word'], uid=os.getuid(), env=os.environ.get('SWIFTPLAY_PROBE', ''),
              cwd=os.getcwd())

      if __name__ == '__main__':
          main()
      """

    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx0c3dpZnRwbGF5LWZhbGxiYWNrLXRlc3Qta2V5LTAwMDE= fallback-test"

    static func prepare(_ folder: String) throws -> TestHTTPServer {
      let manager = FileManager.default
      for path in ["data", "keys", "library", "site", "repo", "pkg/swiftplay_fallback_probe"] {
        try manager.createDirectory(atPath: folder + "/" + path, withIntermediateDirectories: true)
      }
      try "alpha\n".write(toFile: folder + "/data/a.txt", atomically: true, encoding: .utf8)
      try "beta\n".write(toFile: folder + "/data/b.txt", atomically: true, encoding: .utf8)
      try "other\n".write(toFile: folder + "/data/c.log", atomically: true, encoding: .utf8)
      try "served\n".write(toFile: folder + "/site/page.txt", atomically: true, encoding: .utf8)
      try libraryModule.write(toFile: folder + "/library/swiftplay_probe.py", atomically: true, encoding: .utf8)
      try "# managed by the test\n".write(toFile: folder + "/repo/README", atomically: true, encoding: .utf8)
      try "from setuptools import setup\nsetup(name='swiftplay-fallback-probe', version='1.0', packages=['swiftplay_fallback_probe'])\n"
        .write(toFile: folder + "/pkg/setup.py", atomically: true, encoding: .utf8)
      try "".write(toFile: folder + "/pkg/swiftplay_fallback_probe/__init__.py", atomically: true, encoding: .utf8)
      let git = ["git", "-C", folder + "/repo", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
      _ = try Lab.run(git.prefix(3) + ["init", "-q"])
      _ = try Lab.run(git.prefix(3) + ["add", "README"])
      _ = try Lab.run(git + ["commit", "-qm", "first"])
      // The lab user reads and writes these (git refuses a repository another user owns).
      _ = try Lab.run(["chown", "-R", "lab", folder])
      return try TestHTTPServer(root: folder + "/site")
    }

    static func playbook(port: Int) -> String {
      """
      - hosts: lab1
        gather_facts: false
        tasks:
          - getent: {database: passwd, key: lab}
          - assert: {that: ["getent_passwd.lab[4] == '/home/lab'"]}
          - find: {paths: WORK/data, patterns: "*.txt"}
            register: found
          - assert: {that: ["found.matched == 2"]}
          - slurp: {src: WORK/data/a.txt}
            register: slurped
          - assert: {that: ["slurped.content | b64decode == 'alpha\\n'"]}
          - uri: {url: "http://127.0.0.1:\(port)/page.txt", return_content: true}
            register: page
          - assert: {that: ["page.status == 200", "page.content == 'served\\n'"]}
            when: not ansible_check_mode
          - git: {repo: WORK/repo, dest: WORK/clone}
          - pip:
              name: WORK/pkg
              virtualenv: WORK/venv
              virtualenv_command: /usr/bin/python3 -m venv
              virtualenv_site_packages: true
              extra_args: --no-index --no-build-isolation
          - ansible.posix.authorized_key: {user: lab, key: "\(key)", path: WORK/keys/authorized_keys, manage_dir: false}
          - community.general.archive: {path: WORK/data, dest: WORK/data.tgz, format: gz}
          - swiftplay_probe: {word: hello, secret: s3cr3t-fallback-value}
            environment: {SWIFTPLAY_PROBE: through}
            register: probe
          - assert: {that: ["probe is skipped", "'does not support check mode' in probe.msg"]}
            when: ansible_check_mode
          - assert:
              that: ["probe.echo == 'hello'", "probe.uid == 1001", "'s3cr3t' not in (probe | string)", "probe.env == 'through'"]
            when: not ansible_check_mode
      """
    }

    @Test func builtinCollectionAndLibraryModulesRunInCheckModeAndForReal() throws {
      let (folder, path) = try LabTests.PlaybookTests.workspace("")
      let server = try Self.prepare(folder)
      defer { server.stop() }
      try Self.playbook(port: server.port).replacingOccurrences(of: "WORK", with: folder)
        .write(toFile: path, atomically: true, encoding: .utf8)
      let arguments = ["-i", Lab.inventory, path]

      let check = try Lab.swiftplay(["--check", "-vvvv"] + arguments)
      #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
      #expect(check.stdout.contains("ok=11   changed=4    unreachable=0    failed=0    skipped=4"), "\(check.stdout)")
      #expect(!(check.stdout + check.stderr).contains("s3cr3t-fallback-value"), "a no_log option reached the output")
      for made in ["clone", "venv", "data.tgz", "keys/authorized_keys"] {
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + made), "check mode made \(made)")
      }

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0, "\(real.stdout)\(real.stderr)")
      #expect(real.stdout.contains("ok=14   changed=5    unreachable=0    failed=0    skipped=1"), "\(real.stdout)")
      #expect((try? String(contentsOfFile: folder + "/clone/README", encoding: .utf8)) == "# managed by the test\n")
      #expect((try? String(contentsOfFile: folder + "/keys/authorized_keys", encoding: .utf8))?.contains(Self.key) == true)
      #expect(FileManager.default.fileExists(atPath: folder + "/data.tgz"))
      let installed = try Lab.run([folder + "/venv/bin/python", "-c", "import swiftplay_fallback_probe; print('ok')"])
      #expect(installed.stdout == "ok\n", "pip did not install into the venv: \(installed.stderr)")
    }

    @Test func underBecomeTheModuleRunsAsRoot() throws {
      let (folder, path) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab2
          gather_facts: false
          become: true
          tasks:
            - slurp: {src: WORK/root-only}
              register: secret
            - assert: {that: ["secret.content | b64decode == 'root only\\n'"]}
            - getent: {database: shadow, key: lab}
            - assert: {that: ["getent_shadow.lab | length > 1"]}
            - user: {name: lab, password_expire_min: 0}
              check_mode: true
              register: expiry
            - assert: {that: ["expiry is not failed", "expiry.name == 'lab'"]}
            - swiftplay_probe: {word: root}
              register: probe
              when: not ansible_check_mode
            - assert: {that: ["probe.uid == 0"]}
              when: not ansible_check_mode
        """)
      try FileManager.default.createDirectory(atPath: folder + "/library", withIntermediateDirectories: true)
      try Self.libraryModule.write(toFile: folder + "/library/swiftplay_probe.py", atomically: true, encoding: .utf8)
      FileManager.default.createFile(
        atPath: folder + "/root-only", contents: Data("root only\n".utf8), attributes: [.posixPermissions: 0o600])
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, path]
      let check = try Lab.swiftplay(["--check"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("ok=6 "), "\(check.stdout)\(check.stderr)")
      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("ok=8 "), "\(real.stdout)\(real.stderr)")
    }

    /// `cron` edits the lab user's crontab with `crontab` on the host: check mode leaves
    /// it alone, a run adds the entry once, become (root editing the lab user's crontab)
    /// removes it again.
    @Test func cronEntriesComeAndGo() throws {
      let name = "swiftplay-fallback-\(UUID().uuidString)"
      let (folder, path) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab4
          gather_facts: false
          tasks:
            - cron: {name: \(name), minute: "5", job: /bin/true}
            - cron: {name: \(name), user: lab, state: absent}
              become: true
              when: remove | default(false) | bool
        """)
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, path]
      func crontab() throws -> String { try Lab.run(["crontab", "-l", "-u", "lab"]).stdout }
      let check = try Lab.swiftplay(["--check"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("changed=1"), "\(check.stdout)\(check.stderr)")
      #expect(try !crontab().contains(name), "check mode edited the crontab")
      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("changed=1"), "\(real.stdout)\(real.stderr)")
      let table = try crontab()
      #expect(table.contains("#Ansible: \(name)\n5 * * * * /bin/true"), "\(table)")
      let again = try Lab.swiftplay(arguments)
      #expect(again.code == 0 && again.stdout.contains("ok=1    changed=0"), "\(again.stdout)")
      let removed = try Lab.swiftplay(arguments + ["-e", "remove=true"])
      #expect(removed.code == 0 && removed.stdout.contains("changed=1"), "\(removed.stdout)\(removed.stderr)")
      #expect(try !crontab().contains(name), "become did not remove the entry")
    }

    /// `service: daemon_reload` is a real option of Ansible's service action (its systemd
    /// backend) that the Swift service module lacks: the task loads, runs Ansible's module on
    /// the host, and on these hosts (no systemd as PID 1) gets the answer Ansible gets there,
    /// the service module's own message. A misspelt option fails only when its task runs.
    @Test func optionsAreCheckedWhenTheTaskRuns() throws {
      let (_, path) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab3
          gather_facts: false
          tasks:
            - file: {path: WORK/never, colour: blue}
              when: false
            - service: {name: cron, daemon_reload: true}
              register: reload
              ignore_errors: true
            - assert:
                that: ["reload is failed", "reload.msg == 'one of the following is required: state, enabled'"]
            - file: {path: WORK/x, colour: blue}
        """)
      let syntax = try Lab.swiftplay(["-i", Lab.inventory, "--syntax-check", path])
      #expect(syntax.code == 0, "\(syntax.stdout)\(syntax.stderr)")
      let run = try Lab.swiftplay(["-i", Lab.inventory, path])
      #expect(run.code == 2, "\(run.stdout)\(run.stderr)")
      #expect(run.stdout.contains("Unsupported parameters for (file) module: colour"), "\(run.stdout)")
      #expect(run.stdout.contains("ok=2    changed=0    unreachable=0    failed=1    skipped=1"), "\(run.stdout)")
    }
  }
}
