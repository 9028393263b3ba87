import Foundation
import Testing

/// Roles and playbooks from collections, and a part of the real-world suite, each run with
/// ansible-playbook beside swiftplay: the public collections of ../shared/realworld listed
/// as Ansible lists them, a project laid out by `ansible-galaxy install -r` (a collection
/// and a role this test writes, installed offline) run for real on a lab host, and a few
/// targets of scripts/realworld (the script runs them all).
extension LabTests {
  @Suite struct RealWorldTests {
    /// The pinned public roles and collections (see its MANIFEST.md): SWIFTPLAY_REALWORLD,
    /// else ../shared/realworld beside the repository, else beside the repository this one
    /// was cloned from (CI tests a clean clone made elsewhere).
    static let corpus: String = {
      if let explicit = ProcessInfo.processInfo.environment["SWIFTPLAY_REALWORLD"] { return explicit }
      var candidates = [Lab.root + "/../shared/realworld"]
      if let origin = try? Lab.run(["git", "-C", Lab.root, "config", "--get", "remote.origin.url"]).stdout
        .trimmingCharacters(in: .whitespacesAndNewlines), origin.hasPrefix("/")
      {
        candidates.append(origin + "/../shared/realworld")
      }
      return candidates.first { FileManager.default.fileExists(atPath: $0 + "/MANIFEST.md") } ?? candidates[0]
    }()

    /// Third-party test data that is not part of the project: a machine without it skips
    /// the tests that read it, saying so, rather than failing on what it cannot have.
    static let hasCorpus = FileManager.default.fileExists(atPath: corpus + "/MANIFEST.md")
    static let noCorpus: Comment = "the real-world corpus (../shared/realworld) is not beside this checkout or its origin"

    /// What both tools run with: the corpus's collections and roles, no colour, no other
    /// ansible.cfg than the given one.
    static func environment(config: String) -> [String: String] {
      [
        "ANSIBLE_COLLECTIONS_PATH": corpus + "/collections",
        "ANSIBLE_ROLES_PATH": corpus + ":" + corpus + "/k3s-ansible/roles",
        "ANSIBLE_CONFIG": config,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_DEPRECATION_WARNINGS": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_STDOUT_CALLBACK": "default",
      ]
    }

    static func ansiblePlaybook() throws -> String {
      try #require(DifferentialRunner.findAnsiblePlaybook(), "ansible-playbook is needed: pip install ansible")
    }

    /// A scratch folder both the test and the lab user can write, with an empty ansible.cfg.
    static func workspace() throws -> String {
      let folder = "/tmp/swiftplay-realworld-\(UUID().uuidString)"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
      try "[defaults]\n".write(toFile: folder + "/ansible.cfg", atomically: true, encoding: .utf8)
      return folder
    }

    static func write(_ files: [String: String], in folder: String) throws {
      for (name, text) in files {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
      }
    }

    /// `--list-tasks` of roles by FQCN, by short name through `collections:`, an
    /// `import_role` of a collection's role, and a collection's playbook by FQCN: the same
    /// text as ansible-playbook's, line for line.
    @Test(.enabled(if: hasCorpus, noCorpus)) func collectionRolesAndPlaybooksListAsAnsibleListsThem() throws {
      try Lab.ensureUp()
      #expect(FileManager.default.fileExists(atPath: Self.corpus + "/collections/ansible_collections/prometheus/prometheus"),
              "the real-world corpus is missing at \(Self.corpus)")
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      try Self.write(["site.yml": """
        - hosts: lab1
          gather_facts: false
          collections: [prometheus.prometheus]
          roles:
            - prometheus.prometheus.node_exporter
            - alertmanager
          tasks:
            - import_role:
                name: prometheus.prometheus.pushgateway
        """], in: folder)
      let environment = Self.environment(config: folder + "/ansible.cfg")
      for target in [folder + "/site.yml", "k3s.orchestration.site", "k3s.orchestration.reset"] {
        for flag in ["--list-tasks", "--list-tags", "--syntax-check"] {
          let argv = ["-i", Lab.inventory, flag, target]
          let ansible = try Lab.run([try Self.ansiblePlaybook()] + argv, environment: environment, in: folder)
          let ours = try Lab.run([Lab.binary] + argv, environment: environment, in: folder)
          #expect(ansible.code == 0, "ansible-playbook \(flag) \(target): \(ansible.stderr)")
          #expect(ours.code == ansible.code, "\(flag) \(target): \(ours.stderr)")
          #expect(Self.listing(ours.stdout) == Self.listing(ansible.stdout), "\(flag) \(target)")
        }
      }
    }

    /// A listing without the `playbook:` line, which names the file as each tool resolved it.
    static func listing(_ text: String) -> [String] {
      text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("playbook: ") && !$0.isEmpty }
    }

    /// A missing role: exit 1 and Ansible's message naming the collections and folders
    /// searched, at the role's line and column.
    @Test func missingRoleFailsAsAnsibleDoes() throws {
      try Lab.ensureUp()
      let folder = try Self.workspace()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      try Self.write(["site.yml": "- hosts: lab1\n  collections: [prometheus.prometheus]\n  roles:\n    - nosuch\n"], in: folder)
      let environment = Self.environment(config: folder + "/ansible.cfg").merging(["ANSIBLE_ROLES_PATH": folder + "/shelf"]) { $1 }
      let argv = ["-i", Lab.inventory, "--syntax-check", folder + "/site.yml"]
      let ansible = try Lab.run([try Self.ansiblePlaybook()] + argv, environment: environment, in: folder)
      let ours = try Lab.run([Lab.binary] + argv, environment: environment, in: folder)
      let message = "the role 'nosuch' was not found in prometheus.prometheus:ansible.legacy:\(folder)/roles:\(folder)/shelf:\(folder)"
      #expect(ansible.code == 1 && ansible.stderr.contains(message), "\(ansible.stderr)")
      #expect(ours.code == 1 && ours.stderr.contains(message) && ours.stderr.contains("site.yml:4:7"), "\(ours.stderr)")
    }
  }
}
