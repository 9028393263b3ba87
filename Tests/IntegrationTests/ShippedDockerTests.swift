import Foundation
import Testing

/// playbooks/docker.yml on lab1. Real: facts (release and architecture pick the
/// repository), the key fetched by get_url into a keyring file, the deb822 source,
/// `apt-get update`, the packages installed by apt, daemon.json, the docker group and the
/// user added to it. Fakes: Docker's repository (make-fake-apt-repo: a signed local
/// repository whose docker-ce installs dockerd-fake and a unit file, and makes the docker
/// group as the real postinst does) and systemd (systemctl-fake). It proves the playbook's
/// steps and their idempotence, not that Docker runs.
extension LabTests {
  @Suite struct ShippedDockerTests {
    static let packages = ["docker-ce", "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin"]
    static let madeOnTheMachine = ["/etc/apt/sources.list.d/docker.sources", "/etc/apt/keyrings/docker.asc", "/etc/docker",
                                   "/tmp/swiftplay-systemctl-fake"]

    @Test func dockerChecksThenInstallsThenChangesNothing() throws {
      try Lab.ensureUp()
      let work = try Lab.scratch()
      let repo = work + "/docker-repo"
      let built = try Lab.run([Lab.root + "/lab/fakes/make-fake-apt-repo", repo,
                               "docker-ce=27.3.1,\(Lab.root)/lab/fakes/dockerd-fake:/usr/bin/dockerd,"
                                 + "\(Lab.root)/lab/fakes/docker.service-fake:/lib/systemd/system/docker.service,"
                                 + "\(Lab.root)/lab/fakes/docker-ce-postinst-fake:/DEBIAN/postinst",
                               "docker-ce-cli=27.3.1", "containerd.io=1.7.22", "docker-buildx-plugin=0.17.1", "docker-compose-plugin=2.29.7"],
                              environment: ["FAKE_REPO_SUITE": "bookworm", "FAKE_REPO_COMPONENT": "stable"])
      try #require(built.code == 0, "make-fake-apt-repo: \(built.stderr)")
      try FileManager.default.copyItem(atPath: repo + "/Release.key", toPath: repo + "/gpg")   // where Docker serves its key
      let groupExisted = try Lab.run(["getent", "group", "docker"]).code == 0
      for path in Self.madeOnTheMachine { try? FileManager.default.removeItem(atPath: path) }
      let fakes = try FakeTools(["systemctl"], systemd: true)
      defer {
        fakes.remove()
        _ = try? Lab.run(["apt-get", "purge", "-y", "-q"] + Self.packages, environment: ["DEBIAN_FRONTEND": "noninteractive"])
        if !groupExisted { _ = try? Lab.run(["groupdel", "docker"]) }
        for path in Self.madeOnTheMachine { try? FileManager.default.removeItem(atPath: path) }
      }
      let vars = work + "/vars.json"
      try JSONSerialization.data(withJSONObject: ["docker_apt_url": "file://" + repo, "docker_users": ["lab"]])
        .write(to: URL(fileURLWithPath: vars))
      let inventory = "[docker]\n\(ShippedPlaybooksTests.labHost(1))\n"

      let check = try ShippedPlaybooksTests.run("docker.yml", inventory, ["-e", "@" + vars, "--check"])
      #expect(check.code == 0, "\(check.text)")
      for (task, outcome) in [("Download Docker's repository key", "changed"), ("Add Docker's apt repository", "changed"),
                              ("Install Docker Engine and the compose plugin from Docker", "skipped"),
                              ("Write daemon.json with the systemd cgroup driver", "skipped"), ("Start Docker now and at boot", "skipped")] {
        #expect(check.outcomes["\(task)|lab1"] == outcome, "check mode: '\(task)' is \(check.outcomes["\(task)|lab1"] ?? "absent"), not \(outcome)")
      }
      #expect(!FileManager.default.fileExists(atPath: "/etc/apt/sources.list.d/docker.sources"), "check mode added the source")

      let first = try ShippedPlaybooksTests.run("docker.yml", inventory, ["-e", "@" + vars])
      #expect(first.code == 0, "\(first.text)")
      let source = ClusterWorkspace.text("/etc/apt/sources.list.d/docker.sources")
      for line in ["URIs: file://\(repo)", "Suites: bookworm", "Components: stable", "Architectures: amd64", "Signed-By: /etc/apt/keyrings/docker.asc"] {
        #expect(source.contains(line), "docker.sources lacks '\(line)':\n\(source)")
      }
      let installed = try Lab.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n"] + Self.packages).stdout
      #expect(installed.components(separatedBy: "install ok installed").count - 1 == Self.packages.count, "\(installed)")
      let daemon = ClusterWorkspace.text("/etc/docker/daemon.json")
      #expect(daemon.contains("\"exec-opts\": [\n        \"native.cgroupdriver=systemd\"\n    ]"), "daemon.json:\n\(daemon)")
      let calls = ClusterWorkspace.text("/tmp/swiftplay-systemctl-fake/calls.log")
      for call in ["systemctl start docker", "systemctl enable docker", "systemctl restart docker"] {
        #expect(calls.contains(call), "systemctl-fake was not asked '\(call)': \(calls)")
      }
      #expect(try Lab.run(["id", "-nG", "lab"]).stdout.split(separator: " ").contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "docker" })

      let second = try ShippedPlaybooksTests.run("docker.yml", inventory, ["-e", "@" + vars])
      #expect(second.code == 0, "\(second.text)")
      let changed = second.outcomes.filter { $0.value == "changed" }.keys.sorted()
      #expect(changed.isEmpty, "the second run changed: \(changed)")
    }
  }
}
