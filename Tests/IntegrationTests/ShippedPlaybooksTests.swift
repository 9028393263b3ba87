import Foundation
import Testing

/// The playbooks swiftplay ships (playbooks/) and the examples (examples/): each loads,
/// lists its tasks, and, in check mode against the lab hosts with their real facts, decides
/// what docs/playbooks/ says it decides. Check mode proves the task list, the conditions
/// and the requirement checks on real facts; it proves nothing about the real installs
/// (those need the internet, systemd and a kernel these machines do not give).
extension LabTests {
  @Suite struct ShippedPlaybooksTests {
    static let playbooks = ["docker.yml", "k8s.yml", "openedx-native.yml", "openedx-k8s.yml"]
    static let examples = ["modules/apt.yml", "modules/files.yml", "modules/template.yml", "modules/lineinfile.yml",
                           "modules/users.yml", "modules/service.yml", "modules/sysctl-swap.yml", "modules/get-url.yml",
                           "modules/commands.yml", "role/site.yml", "vault/site.yml"]

    /// Tasks each playbook must list, in this order, as docs/playbooks/ describes them.
    static let expectedTasks: [String: [String]] = [
      "docker.yml": ["Check the host is Debian or Ubuntu", "Download Docker's repository key", "Add Docker's apt repository",
                     "Install Docker Engine and the compose plugin from Docker", "Install the distribution's Docker",
                     "Write daemon.json with the systemd cgroup driver", "Start Docker now and at boot", "Add users to the docker group"],
      "k8s.yml": ["Turn swap off now and after reboots", "Load the kernel modules containerd and kube-proxy need, now and at boot",
                  "Let bridged traffic through iptables and forward packets", "Write containerd's default config with SystemdCgroup = true",
                  "Install kubelet, kubeadm and kubectl", "Hold them at this version (kubeadm upgrades them, not apt)",
                  "Initialise the control plane (once; nothing to do when admin.conf exists)", "Apply the {{ k8s_cni }} manifest",
                  "Make a join token on {{ k8s_join_master }}", "Join the cluster (the token reaches kubeadm in a 0600 file, never a command line)",
                  "Install the dashboard and print its admin token"],
      "openedx-native.yml": ["Check the Open edX release is one with a native installation", "Check the host has at least 8 GB of memory",
                             "Check the root filesystem has {{ openedx_min_free_disk_gb }} GB free", "Write config.yml with the LMS and Studio hosts",
                             "Run ansible-bootstrap.sh (output appended to {{ openedx_log }})", "Run generate-passwords.sh (writes my-passwords.yml once)",
                             "Run native.sh, the installation itself (an hour or more; output in {{ openedx_log }})"],
      "openedx-k8s.yml": ["Stop unless k8s.yml has built the cluster", "Install Tutor {{ tutor_version }} in {{ tutor_venv }}",
                          "Make local-path the default StorageClass", "Launch Open edX on the cluster (images pulled, databases set up; long)"],
    ]

    @Test func everyShippedPlaybookAndExampleLoadsAndListsItsTasks() throws {
      let inventory = Lab.root + "/inventory/hosts.example"
      for name in Self.playbooks {
        let path = Lab.root + "/playbooks/" + name
        let syntax = try Lab.run([Lab.binary, "-i", inventory, "--syntax-check", path])
        #expect(syntax.code == 0 && syntax.stdout.contains("playbook: \(path)"), "\(name): \(syntax.stdout)\(syntax.stderr)")
        let list = try Lab.run([Lab.binary, "-i", inventory, "--list-tasks", path])
        #expect(list.code == 0, "\(name): \(list.stderr)")
        var rest = Substring(list.stdout)
        for task in Self.expectedTasks[name] ?? [] {
          guard let found = rest.range(of: task) else {
            Issue.record("\(name): --list-tasks lacks '\(task)' (or it is out of order):\n\(list.stdout)")
            break
          }
          rest = rest[found.upperBound...]
        }
      }
      let vaultPassword = Lab.root + "/examples/vault/example-vault-password"
      for name in Self.examples {
        let path = Lab.root + "/examples/" + name
        let syntax = try Lab.run([Lab.binary, "-i", inventory, "--vault-password-file", vaultPassword, "--syntax-check", path])
        #expect(syntax.code == 0, "\(name): \(syntax.stdout)\(syntax.stderr)")
      }
    }

    /// Runs a shipped playbook on the lab hosts with the json callback and returns the
    /// exit code, the whole output and each task's outcome per host: "ok", "changed",
    /// "skipped" or "failed", keyed "task name|host".
    static func run(_ playbook: String, _ inventoryText: String, _ extra: [String] = []) throws -> (code: Int32, text: String, outcomes: [String: String]) {
      let folder = try Lab.scratch()
      let inventory = folder + "/hosts"
      try inventoryText.write(toFile: inventory, atomically: true, encoding: .utf8)
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let result = try Lab.swiftplay(["-i", inventory, "-e", "@" + secrets] + extra + [Lab.root + "/playbooks/" + playbook],
                                     environment: ["ANSIBLE_STDOUT_CALLBACK": "json"])
      var outcomes: [String: String] = [:]
      var failures: [String] = []
      if let data = result.stdout.data(using: .utf8),
        let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let plays = report["plays"] as? [[String: Any]] {
        for play in plays {
          for task in play["tasks"] as? [[String: Any]] ?? [] {
            // Named as Ansible's json callback names them, "role : task"; keyed without the role.
            let full = (task["task"] as? [String: Any])?["name"] as? String ?? "?"
            let name = full.range(of: " : ").map { String(full[$0.upperBound...]) } ?? full
            for (host, value) in task["hosts"] as? [String: Any] ?? [:] {
              let fields = value as? [String: Any] ?? [:]
              let status = fields["failed"] as? Bool == true ? "failed"
                : fields["skipped"] as? Bool == true ? "skipped"
                : fields["changed"] as? Bool == true ? "changed" : "ok"
              outcomes["\(name)|\(host)"] = status
              if status == "failed" { failures.append("\(name)|\(host): \(fields["msg"] ?? fields)") }
            }
          }
        }
      }
      // The text leads with the failures, so a failed expectation shows them first.
      return (result.code, failures.joined(separator: "\n") + "\n" + result.stdout + result.stderr, outcomes)
    }

    static func labHost(_ index: Int) -> String {
      "lab\(index) ansible_host=\(Lab.address(index)) \(Lab.connectionVars())"
    }

    /// The requirement checks of openedx-native.yml stop a host that does not qualify (the
    /// lab hosts run Debian 12, not Ubuntu) with a message naming what it has, before any
    /// task changes something.
    @Test func openedxNativeStopsAHostThatDoesNotQualifyBeforeChangingAnything() throws {
      let inventory = "[openedx]\n\(Self.labHost(4))\n"
      let wrongSystem = try Self.run("openedx-native.yml", inventory)
      #expect(wrongSystem.code == 2, "\(wrongSystem.text)")
      #expect(wrongSystem.text.contains("open-release/olive.master installs on Ubuntu 20.04; lab4 runs Debian 12"), "\(wrongSystem.text)")
      #expect(!wrongSystem.outcomes.values.contains("changed"), "\(wrongSystem.outcomes)")
      #expect(wrongSystem.outcomes["Make the installation's folder (it will hold passwords)|lab4"] == nil)

      let unknownRelease = try Self.run("openedx-native.yml", inventory, ["-e", "openedx_release=open-release/sumac.master"])
      #expect(unknownRelease.code == 2)
      #expect(unknownRelease.text.contains("open-release/sumac.master has no native installation known here"), "\(unknownRelease.text)")

      // Told the host is Ubuntu 20.04, the memory check is next: it passes on these 24 GB
      // machines, so an impossible minimum shows its message.
      let memory = try Self.run("openedx-native.yml", inventory, [
        "-e", "ansible_distribution=Ubuntu", "-e", "ansible_distribution_version=20.04", "-e", "openedx_min_memory_mb=99999999",
      ])
      #expect(memory.code == 2)
      #expect(memory.text.contains("Open edX needs at least 8 GB of memory; lab4 has"), "\(memory.text)")
      #expect(!memory.outcomes.values.contains("changed"))
    }

    /// openedx-native.yml past its checks, on lab4 told it is Ubuntu 20.04 (it is Debian 12),
    /// with the three installation scripts served by openedx-script-fake from a local
    /// folder: real config.yml, downloads (get_url from file://), folder modes, environment
    /// and once-only runs; the scripts themselves are fakes. The upgrade step is skipped
    /// (`openedx_upgrade: false`): it would upgrade this machine's packages.
    @Test func openedxNativeRunsTheScriptsOnceInOrderWithTheRelease() throws {
      let work = try Lab.scratch()
      let scripts = work + "/scripts"
      try FileManager.default.createDirectory(atPath: scripts, withIntermediateDirectories: true)
      for name in ["ansible-bootstrap.sh", "generate-passwords.sh", "native.sh"] {
        try FileManager.default.copyItem(atPath: Lab.root + "/lab/fakes/openedx-script-fake", toPath: scripts + "/" + name)
      }
      let log = "/tmp/swiftplay-openedx-fake.log"
      try? FileManager.default.removeItem(atPath: log)
      defer { try? FileManager.default.removeItem(atPath: log) }
      let dir = work + "/openedx"
      let vars = work + "/vars.json"
      try JSONSerialization.data(withJSONObject: [
        "ansible_distribution": "Ubuntu", "ansible_distribution_version": "20.04", "openedx_upgrade": false,
        "openedx_dir": dir, "openedx_scripts_url": "file://" + scripts, "openedx_lms_host": "lms.lab.test",
        "openedx_cms_host": "studio.lab.test",
      ]).write(to: URL(fileURLWithPath: vars))
      let inventory = "[openedx]\n\(Self.labHost(4))\n"

      let check = try Self.run("openedx-native.yml", inventory, ["-e", "@" + vars, "--check"])
      #expect(check.code == 0, "\(check.text)")
      for (task, outcome) in [("Write config.yml with the LMS and Studio hosts", "skipped"),
                              ("Download the installation scripts of open-release/olive.master", "changed"),
                              // after its creates: check, check mode reports the change, as Ansible's command does
                              ("Run native.sh, the installation itself (an hour or more; output in \(dir)/install.log)", "changed")] {
        #expect(check.outcomes["\(task)|lab4"] == outcome, "check mode: '\(task)' is \(check.outcomes["\(task)|lab4"] ?? "absent"), not \(outcome)")
      }
      #expect(!FileManager.default.fileExists(atPath: dir) && ClusterWorkspace.text(log).isEmpty, "check mode changed something")

      let first = try Self.run("openedx-native.yml", inventory, ["-e", "@" + vars])
      #expect(first.code == 0, "\(first.text)")
      let calls = ClusterWorkspace.text(log).split(separator: "\n").map(String.init)
      #expect(calls == ["ansible-bootstrap.sh", "generate-passwords.sh", "native.sh"].map {
        "\($0) in \(dir) OPENEDX_RELEASE=open-release/olive.master uid=0"
      }, "\(calls)")
      let config = ClusterWorkspace.text(dir + "/config.yml")
      #expect(config.contains("EDXAPP_LMS_BASE: \"lms.lab.test\"\nEDXAPP_CMS_BASE: \"studio.lab.test\""), "\(config)")
      let folder = try FileManager.default.attributesOfItem(atPath: dir)
      #expect((folder[.posixPermissions] as? Int) == 0o700)
      #expect(ClusterWorkspace.text(dir + "/install.log").contains("fake: Open edX installed"))

      let second = try Self.run("openedx-native.yml", inventory, ["-e", "@" + vars])
      #expect(second.code == 0, "\(second.text)")
      #expect(ClusterWorkspace.text(log).split(separator: "\n").count == 3, "a script ran again")
      let changed = second.outcomes.filter { $0.value == "changed" }.keys.sorted()
      #expect(changed.isEmpty, "the second run changed: \(changed)")
    }

    @Test func openedxK8sStopsWithoutACluster() throws {
      try? FileManager.default.removeItem(atPath: "/etc/kubernetes/admin.conf")
      let result = try Self.run("openedx-k8s.yml", "[masters]\n\(Self.labHost(1))\n", ["--check"])
      #expect(result.code == 2, "\(result.text)")
      #expect(result.text.contains("lab1 has no /etc/kubernetes/admin.conf: run playbooks/k8s.yml first"), "\(result.text)")
    }
  }
}
