import Foundation
import Testing

/// A repository laid out by `ansible-galaxy install -r requirements.yml` works as is: the
/// test writes a collection (`acme.tools`, a role and a playbook) and a standalone role,
/// installs both offline with the real ansible-galaxy into the project's `collections/`
/// and `roles/` (the ansible.cfg names them), then runs the project with ansible-playbook
/// and with swiftplay, for real and in check mode, on a lab host.
extension LabTests {
  @Suite struct RealWorldGalaxyTests {
    static let sources: [String: String] = [
      "src/acme/tools/galaxy.yml": "namespace: acme\nname: tools\nversion: 1.0.0\nreadme: README.md\nauthors: [swiftplay tests]\n",
      "src/acme/tools/README.md": "test collection\n",
      // Writes one file named after its label into `dest`; a task file of its own for include_role.
      "src/acme/tools/roles/writer/defaults/main.yml": "label: main\n",
      "src/acme/tools/roles/writer/tasks/main.yml": """
        - name: write the label
          ansible.builtin.copy:
            content: "{{ label }} from {{ role_name | default('?') }}\\n"
            dest: "{{ dest }}/writer-{{ label }}.txt"
            mode: "0644"
        """,
      "src/acme/tools/roles/writer/tasks/extra.yml": """
        - name: write the extra file
          ansible.builtin.copy:
            content: "extra\\n"
            dest: "{{ dest }}/extra.txt"
            mode: "0644"
        """,
      // A short role name inside the collection's own playbook: its own collection's role.
      "src/acme/tools/playbooks/finish.yml": """
        - name: finish
          hosts: lab1
          gather_facts: false
          roles:
            - role: writer
              label: playbook
        """,
      "src/myrole/meta/main.yml": """
        galaxy_info: {role_name: myrole, author: tests, description: test role, license: MIT, min_ansible_version: "2.9", platforms: []}
        dependencies:
          - role: acme.tools.writer
            label: dependency
        """,
      "src/myrole/tasks/main.yml": """
        - name: write from the standalone role
          ansible.builtin.copy:
            content: "myrole\\n"
            dest: "{{ dest }}/myrole.txt"
            mode: "0644"
        """,
      "project/ansible.cfg": "[defaults]\nroles_path = roles\ncollections_path = collections\n",
      "project/site.yml": """
        - name: galaxy project
          hosts: lab1
          gather_facts: false
          roles:
            - local.myrole
          tasks:
            - name: include a collection role's task file
              ansible.builtin.include_role:
                name: acme.tools.writer
                tasks_from: extra
        - ansible.builtin.import_playbook: acme.tools.finish
        """,
    ]

    @Test func galaxyInstalledProjectRunsAsIs() throws {
      try Lab.ensureUp()
      let ansiblePlaybook = try RealWorldTests.ansiblePlaybook()
      let galaxy = (ansiblePlaybook as NSString).deletingLastPathComponent + "/ansible-galaxy"
      let folder = try RealWorldTests.workspace()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      try RealWorldTests.write(Self.sources, in: folder)
      let tar = try Lab.run(["tar", "-C", folder + "/src", "-czf", folder + "/src/myrole.tar.gz", "myrole"])
      #expect(tar.code == 0, "\(tar.stderr)")
      try RealWorldTests.write(["project/requirements.yml": """
        collections:
          - name: \(folder)/src/acme/tools
            type: dir
        roles:
          - src: file://\(folder)/src/myrole.tar.gz
            name: local.myrole
        """], in: folder)
      let project = folder + "/project"
      // The role's dependency is the collection's role: --no-deps, or ansible-galaxy asks
      // Galaxy for it. Only ansible.cfg's paths: none of the corpus's, none of the machine's.
      let environment = ["ANSIBLE_CONFIG": project + "/ansible.cfg", "ANSIBLE_NOCOLOR": "1", "ANSIBLE_STDOUT_CALLBACK": "default",
                         "ANSIBLE_COLLECTIONS_PATH": "", "ANSIBLE_ROLES_PATH": ""]
        .filter { !$0.value.isEmpty }
      let clean = ["ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_ROLES_PATH"]
      for argv in [[galaxy, "role", "install", "--no-deps", "-r", "requirements.yml", "-p", "roles"],
                   [galaxy, "collection", "install", "-r", "requirements.yml", "-p", "collections"]] {
        let installed = try Lab.run(["env"] + clean.map { "-u" + $0 } + argv, environment: environment, in: project)
        #expect(installed.code == 0, "\(argv): \(installed.stdout)\(installed.stderr)")
      }
      #expect(FileManager.default.fileExists(atPath: project + "/collections/ansible_collections/acme/tools/MANIFEST.json"))
      #expect(FileManager.default.fileExists(atPath: project + "/roles/local.myrole/meta/.galaxy_install_info"))

      var recaps: [String: String] = [:]
      var texts: [String: String] = [:]
      for (tool, program) in [("ansible", ansiblePlaybook), ("swiftplay", Lab.binary)] {
        let dest = folder + "/out-" + tool
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let argv = ["env"] + clean.map { "-u" + $0 } + [program, "-i", Lab.inventory, "site.yml", "-e", "dest=" + dest]
        // Check mode first: it must leave the folder empty.
        let check = try Lab.run(argv + ["--check"], environment: environment, in: project)
        #expect(check.code == 0, "\(tool) --check: \(check.stdout)\(check.stderr)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dest)) == [], "\(tool) --check wrote files")
        let run = try Lab.run(argv, environment: environment, in: project)
        #expect(run.code == 0, "\(tool): \(run.stdout)\(run.stderr)")
        recaps[tool] = run.stdout.components(separatedBy: "PLAY RECAP").last
        let files = try FileManager.default.contentsOfDirectory(atPath: dest).sorted()
        #expect(files == ["extra.txt", "myrole.txt", "writer-dependency.txt", "writer-playbook.txt"], "\(tool): \(files)")
        texts[tool] = try String(contentsOfFile: dest + "/writer-dependency.txt", encoding: .utf8)
      }
      #expect(recaps["swiftplay"] == recaps["ansible"])
      #expect(texts["ansible"]?.hasPrefix("dependency from ") == true && texts["swiftplay"] == texts["ansible"], "\(texts)")
    }
  }
}
