import Foundation
import Testing

/// playbooks/k8s.yml on the two namespaced lab hosts, labns (the master) and labns2 (a
/// worker), each with a network namespace of its own, so the sysctls are set for real there.
///
/// Real: facts (the advertise address is labns's default IPv4 address), swap off with a real
/// swap file and a test fstab, the sysctls and their file, Debian's containerd installed by
/// apt and its default config written by containerd itself, the repository key fetched by
/// get_url, the deb822 source, `apt-get update` and the install and hold of the packages,
/// the admin kubeconfig, the token reaching the worker.
/// Fakes (lab/fakes, each says what it cannot prove): the pkgs.k8s.io repository
/// (make-fake-apt-repo: a signed local repository whose kubeadm, kubectl and kubelet
/// packages install kubeadm-fake and kubectl-fake), systemd (systemctl-fake and the
/// /run/systemd/system mark), kernel modules (modprobe-fake, lsmod-fake) and the CNI
/// manifest (a local file). The test compares what kubeadm-fake was asked with what a real
/// `kubeadm init` and `kubeadm join` need. Then openedx-k8s.yml runs on that cluster.
extension LabTests {
  @Suite struct ShippedClusterTests {
    static let packages = ["kubeadm", "kubectl", "kubelet"]

    @Test func k8sChecksThenBuildsTheClusterThenChangesNothing() throws {
      try Lab.ensureUp()
      let up = try Lab.run(["bash", Lab.root + "/lab/lab.sh", "ns-up"])
      try #require(up.code == 0, "\(up.stdout)\(up.stderr)")
      let work = try Lab.scratch()
      let env = try ClusterWorkspace(work)
      let fakes = try FakeTools(["systemctl", "modprobe", "lsmod"], systemd: true)
      defer {
        fakes.remove()
        env.cleanUp()
      }
      let inventory = """
        [masters]
        labns ansible_host=10.231.0.2 k8s_sysctl_file=\(env.sysctlFile(1))
        [workers]
        labns2 ansible_host=10.231.1.2 k8s_sysctl_file=\(env.sysctlFile(2))
        [all:vars]
        \(Lab.connectionVars(separator: "\n"))
        """
      // One host at a time: labns and labns2 share this machine's kernel, swap and dpkg, so
      // two "servers" swapping off the same file or running apt at once would race, as two
      // real servers never do.
      let arguments = ["--forks", "1", "-e", "@" + env.varsFile]

      // Check mode: the decisions the docs describe, and nothing changed.
      let check = try ShippedPlaybooksTests.run("k8s.yml", inventory, arguments + ["--check"])
      #expect(check.code == 0, "\(check.text)")
      for (task, host, outcome) in [
        ("Turn swap off now and after reboots", "labns", "changed"),
        ("Let bridged traffic through iptables and forward packets", "labns2", "changed"),
        ("Add the pkgs.k8s.io repository of Kubernetes 1.31", "labns", "changed"),
        ("Install kubelet, kubeadm and kubectl", "labns", "skipped"),
        ("Initialise the control plane (once; nothing to do when admin.conf exists)", "labns", "changed"),
        ("Join the cluster (the token reaches kubeadm in a 0600 file, never a command line)", "labns2", "skipped"),
      ] {
        #expect(check.outcomes["\(task)|\(host)"] == outcome, "check mode: '\(task)' on \(host) is \(check.outcomes["\(task)|\(host)"] ?? "absent"), not \(outcome)")
      }
      #expect(try env.swapIsOn(), "check mode turned swap off")
      #expect(try ClusterWorkspace.namespaceValue(1, "net.ipv4.ip_forward") == "0", "check mode set a sysctl")
      #expect(!FileManager.default.fileExists(atPath: "/etc/apt/sources.list.d/kubernetes.sources"))
      #expect(!FileManager.default.fileExists(atPath: "/etc/kubernetes/admin.conf"))

      let first = try ShippedPlaybooksTests.run("k8s.yml", inventory, arguments)
      #expect(first.code == 0, "\(first.text)")
      #expect(!first.outcomes.values.contains("failed"), "\(first.outcomes.filter { $0.value == "failed" })")
      try env.expectClusterBuilt()

      let second = try ShippedPlaybooksTests.run("k8s.yml", inventory, arguments)
      #expect(second.code == 0, "\(second.text)")
      let changed = second.outcomes.filter { $0.value == "changed" }.keys.sorted()
      #expect(changed.isEmpty, "the second run changed: \(changed)")

      try openedxOnTheCluster(inventory, env)
    }

    /// playbooks/openedx-k8s.yml on the cluster just built, with tutor-fake in its venv
    /// (Tutor needs a real cluster and registries) and kubectl-fake: proves the order and
    /// arguments of what it asks Tutor and kubectl, the user Tutor runs as, the default
    /// StorageClass step, and that a second run changes nothing.
    func openedxOnTheCluster(_ inventory: String, _ env: ClusterWorkspace) throws {
      let venv = env.work + "/tutor"
      try FileManager.default.createDirectory(atPath: venv + "/bin", withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: Lab.root + "/lab/fakes/tutor-fake", toPath: venv + "/bin/tutor")
      try "# FAKE local-path provisioner manifest for swiftplay's tests\nkind: StorageClass\nmetadata:\n  name: local-path\n"
        .write(toFile: env.work + "/local-path-storage.yaml", atomically: true, encoding: .utf8)
      let log = "/tmp/swiftplay-tutor-fake.log"
      defer {
        try? FileManager.default.removeItem(atPath: log)
        try? FileManager.default.removeItem(atPath: "/home/lab/.local/share/tutor")
      }
      let vars = env.work + "/tutor-vars.json"
      try JSONSerialization.data(withJSONObject: ["tutor_venv": venv, "tutor_storage_manifest": "file://\(env.work)/local-path-storage.yaml"])
        .write(to: URL(fileURLWithPath: vars))
      let arguments = ["-e", "@" + vars, "-l", "labns"]

      let check = try ShippedPlaybooksTests.run("openedx-k8s.yml", inventory, arguments + ["--check"])
      #expect(check.code == 0, "\(check.text)")
      #expect(!ClusterWorkspace.text(log).contains("config save") && !ClusterWorkspace.text(log).contains("k8s launch"), "check mode ran tutor")

      let first = try ShippedPlaybooksTests.run("openedx-k8s.yml", inventory, arguments)
      #expect(first.code == 0, "\(first.text)")
      let calls = ClusterWorkspace.text(log)
      for call in ["tutor config save --set LMS_HOST=lms.example.com --set CMS_HOST=studio.example.com --set ENABLE_HTTPS=false (user lab)",
                   "tutor k8s launch --non-interactive (user lab)"] {
        #expect(calls.contains(call), "tutor-fake was not asked '\(call)': \(calls)")
      }
      let kubectl = ClusterWorkspace.text(ClusterWorkspace.kubectlLog)
      #expect(kubectl.contains("kubectl apply -f /etc/kubernetes/swiftplay/local-path-storage.yaml") && kubectl.contains("kubectl patch storageclass local-path"),
              "\(kubectl)")

      let second = try ShippedPlaybooksTests.run("openedx-k8s.yml", inventory, arguments)
      #expect(second.code == 0, "\(second.text)")
      let changed = second.outcomes.filter { $0.value == "changed" }.keys.sorted()
      #expect(changed.isEmpty, "the second run of openedx-k8s.yml changed: \(changed)")
      #expect(ClusterWorkspace.text(log).components(separatedBy: "k8s launch").count == 2, "tutor k8s launch ran twice")
    }
  }
}
