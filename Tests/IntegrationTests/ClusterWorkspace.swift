import Foundation
import Testing

/// What ShippedClusterTests gives k8s.yml in place of the internet and the machine's own
/// files: a fake pkgs.k8s.io repository, a CNI manifest, a swap file that is on and a
/// test fstab naming it, a sysctl file, and the vars pointing the playbook at them. It
/// checks the machine afterwards and puts it back as it was.
struct ClusterWorkspace {
  let work: String
  var varsFile: String { work + "/vars.json" }
  var fstab: String { work + "/fstab" }
  var swapfile: String { work + "/swapfile" }
  /// Each host's own sysctl file (as on two real servers: a shared one would be written by
  /// the first and found done by the second, whose namespace would then keep its values).
  func sysctlFile(_ index: Int) -> String { work + "/99-kubernetes-\(index).conf" }
  static let kubeadmLog = "/tmp/swiftplay-kubeadm-fake.log"
  static let kubectlLog = "/tmp/swiftplay-kubectl-fake.log"
  static let systemctlLog = "/tmp/swiftplay-systemctl-fake/calls.log"
  static let modprobeDir = "/tmp/swiftplay-modprobe-fake"
  /// What the playbook makes on this machine (the lab hosts share its filesystem).
  static let madeOnTheMachine = [
    "/etc/apt/sources.list.d/kubernetes.sources", "/etc/apt/keyrings/kubernetes-apt-keyring.asc", "/etc/kubernetes",
    "/home/lab/.kube", "/etc/modules-load.d/overlay.conf", "/etc/modules-load.d/br_netfilter.conf",
    kubeadmLog, kubectlLog, "/tmp/swiftplay-kubectl-fake.state", "/tmp/swiftplay-systemctl-fake", modprobeDir,
  ]

  /// The Debian packages that installing containerd (k8s.yml) and Python's venv
  /// (openedx-k8s.yml) would add, found by apt's simulation first: the playbooks install
  /// them for real, and they are purged afterwards.
  let realPackagesToPurge: [String]

  init(_ work: String) throws {
    self.work = work
    realPackagesToPurge = try Lab.run(["apt-get", "install", "-s", "containerd", "python3-venv", "python3-pip"]).stdout.split(separator: "\n")
      .filter { $0.hasPrefix("Inst ") }.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
    Self.removeMachineState()
    // The two "servers" share this machine's dpkg, and a machine image may already hold a
    // kubectl of its own (Google Cloud's CLI ships one, version 1:528). apt would keep it and
    // the playbook would then run the real one instead of the fake: start as a fresh server.
    // One at a time: apt refuses the whole command when it knows one name not at all.
    for package in Self.packages {
      _ = try Lab.run(["apt-get", "purge", "-y", "-q", "--allow-change-held-packages", package],
                      environment: ["DEBIAN_FRONTEND": "noninteractive"])
    }
    // labns and labns2 cannot reach Debian's mirrors (the lab stays off the internet), so
    // this machine fetches the lists and containerd's packages first, as a local mirror
    // or an apt proxy would serve them; apt on the hosts then installs from the cache.
    _ = try Lab.run(["apt-get", "update", "-q"])
    let fetched = try Lab.run(["apt-get", "install", "--download-only", "-y", "-q", "containerd", "python3-venv", "python3-pip"])
    try #require(fetched.code == 0, "apt-get could not fetch containerd: \(fetched.stdout)\(fetched.stderr)")
    let repo = work + "/k8s-repo"
    let built = try Lab.run([
      Lab.root + "/lab/fakes/make-fake-apt-repo", repo,
      "kubeadm=1.31.0,\(Lab.root)/lab/fakes/kubeadm-fake:/usr/bin/kubeadm",
      "kubectl=1.31.0,\(Lab.root)/lab/fakes/kubectl-fake:/usr/bin/kubectl",
      "kubelet=1.31.0,\(Lab.root)/lab/fakes/kubelet.service-fake:/lib/systemd/system/kubelet.service",
    ])
    try #require(built.code == 0, "make-fake-apt-repo: \(built.stderr)")
    try "# FAKE calico manifest for swiftplay's tests\nkind: DaemonSet\nmetadata:\n  name: calico-node\n"
      .write(toFile: work + "/calico.yaml", atomically: true, encoding: .utf8)
    for step in [["dd", "if=/dev/zero", "of=\(swapfile)", "bs=1M", "count=16"], ["chmod", "600", swapfile], ["mkswap", swapfile], ["swapon", swapfile]] {
      let done = try Lab.run(step)
      try #require(done.code == 0, "\(step): \(done.stderr)")
    }
    try "UUID=1234 / ext4 defaults 0 1\n\(swapfile) none swap sw 0 0\n".write(toFile: fstab, atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: Self.modprobeDir, withIntermediateDirectories: true)
    try "overlay\nbr_netfilter\n".write(toFile: Self.modprobeDir + "/available", atomically: true, encoding: .utf8)
    for namespace in [1, 2] {
      _ = try Lab.run(["ip", "netns", "exec", Self.namespace(namespace), "sysctl", "-w", "net.ipv4.ip_forward=0",
                       "net.bridge.bridge-nf-call-iptables=0", "net.bridge.bridge-nf-call-ip6tables=0"])
    }
    let vars: [String: Any] = [
      "k8s_fstab": fstab, "k8s_apt_url": "file://\(repo)/",
      "k8s_cni_manifests": ["calico": "file://\(work)/calico.yaml", "flannel": "file://\(work)/flannel.yaml"],
    ]
    try JSONSerialization.data(withJSONObject: vars).write(to: URL(fileURLWithPath: varsFile))
  }

  static func namespace(_ index: Int) -> String { index == 1 ? "swiftplay-labns" : "swiftplay-labns\(index)" }

  static func namespaceValue(_ index: Int, _ key: String) throws -> String {
    try Lab.run(["ip", "netns", "exec", namespace(index), "sysctl", "-n", key]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func swapIsOn() throws -> Bool { try String(contentsOfFile: "/proc/swaps", encoding: .utf8).contains(swapfile) }

  static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

  /// Each thing k8s.yml promises, looked at on the machine and in the fakes' records.
  func expectClusterBuilt() throws {
    #expect(try !swapIsOn(), "swap is still on")
    #expect(Self.text(fstab).contains("#\(swapfile) none swap"), "fstab: \(Self.text(fstab))")
    for index in [1, 2] {
      for key in ["net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables"] {
        #expect(try Self.namespaceValue(index, key) == "1", "\(key) in \(Self.namespace(index))")
      }
    }
    #expect(Self.text("/proc/sys/net/ipv4/ip_forward") == "0\n", "the machine's own ip_forward changed")
    for index in [1, 2] {
      #expect(Self.text(sysctlFile(index)).contains("net.ipv4.ip_forward=1"), "\(Self.text(sysctlFile(index)))")
    }
    let modprobe = Self.text(Self.modprobeDir + "/loaded")
    #expect(modprobe.contains("overlay") && modprobe.contains("br_netfilter"), "modprobe-fake loaded: \(modprobe)")
    #expect(Self.text("/etc/modules-load.d/br_netfilter.conf") == "br_netfilter\n")
    #expect(Self.text("/etc/containerd/config.toml").contains("SystemdCgroup = true"), "containerd's config")
    let selections = try Lab.run(["dpkg", "--get-selections"] + Self.packages).stdout
    #expect(selections.components(separatedBy: "\n").filter { $0.hasSuffix("hold") }.count == 3, "holds: \(selections)")
    let calls = Self.text(Self.systemctlLog)
    for call in ["systemctl start containerd", "systemctl enable containerd", "systemctl enable kubelet"] {
      #expect(calls.contains(call), "systemctl-fake was not asked '\(call)': \(calls)")
    }
    // What a real `kubeadm init` needs: the address from labns's facts, the pod and
    // service networks, containerd's socket; and a join configuration naming the master.
    let kubeadm = Self.text(Self.kubeadmLog)
    let initLine = kubeadm.components(separatedBy: "\n").first { $0.hasPrefix("kubeadm init") } ?? ""
    for flag in ["--apiserver-advertise-address=10.231.0.2", "--pod-network-cidr=10.244.0.0/16", "--service-cidr=10.96.0.0/12",
                 "--cri-socket=unix:///run/containerd/containerd.sock"] {
      #expect(initLine.contains(flag), "kubeadm init lacks \(flag): \(initLine)")
    }
    for field in ["kind: JoinConfiguration", "apiServerEndpoint: \"10.231.0.2:6443\"", "caCertHashes: [\"sha256:",
                  "criSocket: \"unix:///run/containerd/containerd.sock\"", "name: \"labns2\"", "config mode 600:"] {
      #expect(kubeadm.contains(field), "the join lacks \(field): \(kubeadm)")
    }
    let kubeconfig = try FileManager.default.attributesOfItem(atPath: "/home/lab/.kube/config")
    #expect((kubeconfig[.posixPermissions] as? Int) == 0o600 && (kubeconfig[.ownerAccountName] as? String) == "lab")
    #expect(Self.text(Self.kubectlLog).contains("kubectl apply -f /etc/kubernetes/swiftplay/calico.yaml (KUBECONFIG=/etc/kubernetes/admin.conf)"),
            "\(Self.text(Self.kubectlLog))")
  }

  static let packages = ["kubeadm", "kubectl", "kubelet"]

  static func removeMachineState() {
    for path in madeOnTheMachine { try? FileManager.default.removeItem(atPath: path) }
  }

  /// Puts the machine back: the fake packages and containerd purged, the files removed.
  func cleanUp() {
    _ = try? Lab.run(["swapoff", swapfile])
    _ = try? Lab.run(["apt-get", "purge", "-y", "-q", "--allow-change-held-packages"] + realPackagesToPurge + Self.packages,
                     environment: ["DEBIAN_FRONTEND": "noninteractive"])
    Self.removeMachineState()
    if realPackagesToPurge.contains("containerd") { try? FileManager.default.removeItem(atPath: "/etc/containerd") }
  }
}
