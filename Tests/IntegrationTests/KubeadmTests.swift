import Foundation
import Testing

/// The kubeadm modules against lab/fakes/kubeadm-fake, linked as `kubeadm` on the lab
/// hosts' PATH for the test. What it proves: the command lines and the JoinConfiguration
/// the modules give kubeadm, the join command read back from kubeadm's output, the
/// token reaching `kubeadm join` through a 0600 file and never a command line or the
/// output, and doing nothing when /etc/kubernetes says the step is done. What it does not
/// prove: that a real cluster forms (no kubeadm, container runtime or systemd here). The
/// lab hosts share one filesystem, so lab2 "joins" the /etc/kubernetes lab1 "made".
extension LabTests {
  @Suite struct KubeadmTests {
    static let log = "/tmp/swiftplay-kubeadm-fake.log"

    @Test func initTokenJoinThenNothingToDoThenReset() throws {
      try Lab.ensureUp()
      let fakes = try FakeTools(["kubeadm"])
      defer {
        fakes.remove()
        try? FileManager.default.removeItem(atPath: "/etc/kubernetes")
      }
      try? FileManager.default.removeItem(atPath: "/etc/kubernetes")
      try? FileManager.default.removeItem(atPath: Self.log)
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          become: true
          tasks:
            - kubeadm_init: {advertise_address: 10.0.0.1, pod_network_cidr: 10.244.0.0/16}
              register: cluster
        - hosts: lab2
          gather_facts: false
          become: true
          tasks:
            - kubeadm_token: {}
              delegate_to: lab1
              register: join
            - kubeadm_join:
                api_server: "{{ join.api_server }}"
                token: "{{ join.token }}"
                discovery_token_ca_cert_hash: "{{ join.ca_cert_hash }}"
            - copy:
                dest: WORK/join.txt
                content: "{{ join.api_server }} {{ join.token }} {{ hostvars.lab1.cluster.ca_cert_hash | default('again') }}"
              become: false
              no_log: true
        - hosts: lab1
          gather_facts: false
          become: true
          tasks:
            - kubeadm_reset: {}
              when: reset | default(false) | bool
        """)
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, playbook]

      let first = try Lab.swiftplay(["-vvvv"] + arguments)
      #expect(first.code == 0, "\(first.stdout)")
      let written = try String(contentsOfFile: folder + "/join.txt", encoding: .utf8).split(separator: " ").map(String.init)
      try #require(written.count == 3, "\(written)")
      #expect(written[0] == "10.0.0.1:6443" && written[2].hasPrefix("sha256:"))
      let token = written[1]
      #expect(!first.stdout.contains(token), "the join token is in the output")
      let calls = try String(contentsOfFile: Self.log, encoding: .utf8)
      #expect(calls.contains("kubeadm init --apiserver-advertise-address=10.0.0.1 --pod-network-cidr=10.244.0.0/16\n"), "\(calls)")
      #expect(calls.contains("kubeadm token create --print-join-command\n"))
      #expect(calls.contains("kubeadm join --config /tmp/.swiftplay-kubeadm-join-"), "\(calls)")
      #expect(calls.contains("config mode 600:") && calls.contains("token: \"\(token)\""), "the token did not reach kubeadm in a 0600 file: \(calls)")
      #expect(calls.components(separatedBy: "\n").filter { $0.hasPrefix("kubeadm ") && $0.contains(token) }.isEmpty, "the token was on a command line")

      let second = try Lab.swiftplay(arguments)
      #expect(second.code == 0)
      // init and join have nothing to do; a token is made on every run.
      #expect(second.stdout.contains("lab1                       : ok=1    changed=0"), "\(second.stdout)")
      #expect(second.stdout.contains("lab2                       : ok=3    changed=2"), "\(second.stdout)")

      let reset = try Lab.swiftplay(["-e", "reset=true"] + arguments)
      #expect(reset.code == 0 && !FileManager.default.fileExists(atPath: "/etc/kubernetes"), "\(reset.stdout)")
    }
  }
}
