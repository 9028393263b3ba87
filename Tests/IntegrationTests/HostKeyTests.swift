import Foundation
import Testing

/// known_hosts checking: unknown and changed keys are refused before anything runs.
extension LabTests {
  @Suite struct HostKeyTests {
    /// Runs `touch MARKER` on lab1 with the given known_hosts file; returns the output and
    /// whether the marker appeared (which proves the command ran).
    func touchMarker(knownHosts: String, environment: [String: String] = [:], transport: String = "libssh2") throws -> (Lab.Output, Bool) {
      let marker = "/tmp/swiftplay-marker-\(UUID().uuidString)"
      let hosts = try Lab.writeInventory("lab1 ansible_host=127.0.0.2 \(Lab.connectionVars(knownHosts: knownHosts))\n")
      let result = try Lab.swiftplay(["-i", hosts, "-c", transport, "-m", "command", "-a", "touch \(marker)", "all"], environment: environment)
      defer { try? FileManager.default.removeItem(atPath: marker) }
      return (result, FileManager.default.fileExists(atPath: marker))
    }

    @Test func unknownHostIsRefused() throws {
      let empty = try Lab.scratch() + "/known_hosts"
      FileManager.default.createFile(atPath: empty, contents: nil)
      let (result, ran) = try touchMarker(knownHosts: empty)
      #expect(result.code == 4)
      #expect(!ran)
      #expect(result.stdout.contains("host key verification failed: [127.0.0.2]:\(Lab.port) is not in \(empty)"))
      #expect(result.stdout.contains("ssh-keyscan -p \(Lab.port) 127.0.0.2 >> \(empty)"))
      let (openssh, opensshRan) = try touchMarker(knownHosts: empty, transport: "openssh")
      #expect(openssh.code == 4)
      #expect(!opensshRan)
      #expect(openssh.stdout.contains("Host key verification failed."))
    }

    @Test func uncheckedWhenHostKeyCheckingIsOff() throws {
      let empty = try Lab.scratch() + "/known_hosts"
      FileManager.default.createFile(atPath: empty, contents: nil)
      let (result, ran) = try touchMarker(knownHosts: empty, environment: ["ANSIBLE_HOST_KEY_CHECKING": "False"])
      #expect(result.code == 0, "\(result.stdout)")
      #expect(ran)
    }

    @Test func uncheckedWhenAnsibleCfgSaysSo() throws {
      let empty = try Lab.scratch() + "/known_hosts"
      FileManager.default.createFile(atPath: empty, contents: nil)
      let cfg = try Lab.scratch() + "/ansible.cfg"
      try "[defaults]\nhost_key_checking = False\n".write(toFile: cfg, atomically: true, encoding: .utf8)
      let (result, ran) = try touchMarker(knownHosts: empty, environment: ["ANSIBLE_CONFIG": cfg])
      #expect(result.code == 0)
      #expect(ran)
    }

    @Test func changedKeyIsRefusedLoudly() throws {
      // lab1's entries carry lab2's keys: what a man in the middle would present.
      let known = try String(contentsOfFile: Lab.knownHosts, encoding: .utf8)
      let lab2 = known.split(separator: "\n").filter { $0.hasPrefix("[127.0.0.3]") }
      let forged = lab2.map { $0.replacingOccurrences(of: "[127.0.0.3]", with: "[127.0.0.2]") }
      let file = try Lab.scratch() + "/known_hosts"
      try (forged.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
      let (result, ran) = try touchMarker(knownHosts: file)
      #expect(result.code == 4)
      #expect(!ran)
      #expect(result.stdout.contains("REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.2]:\(Lab.port)"))
      #expect(result.stdout.contains("ssh-keygen -f \(file) -R '[127.0.0.2]:\(Lab.port)'"))
      let (openssh, opensshRan) = try touchMarker(knownHosts: file, transport: "openssh")
      #expect(openssh.code == 4)
      #expect(!opensshRan)
      #expect(openssh.stdout.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"))
    }

    /// A file that holds only some of a host's keys (what `ssh` records) still matches:
    /// the types it holds are asked for first in the handshake, as OpenSSH does.
    @Test func anEd25519OnlyEntryMatches() throws {
      let entries = try String(contentsOfFile: Lab.knownHosts, encoding: .utf8).split(separator: "\n")
        .filter { $0.hasPrefix("[127.0.0.2]") && $0.contains("ssh-ed25519") }
      let file = try Lab.scratch() + "/known_hosts"
      try (entries.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
      let (result, ran) = try touchMarker(knownHosts: file)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(ran)
    }

    @Test func anRSAOnlyEntryIsExplained() throws {
      let entries = try String(contentsOfFile: Lab.knownHosts, encoding: .utf8).split(separator: "\n")
        .filter { $0.hasPrefix("[127.0.0.2]") && $0.contains("ssh-rsa") }
      let file = try Lab.scratch() + "/known_hosts"
      try (entries.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
      let (result, ran) = try touchMarker(knownHosts: file)
      #expect(result.code == 4)
      #expect(!ran)
      #expect(result.stdout.contains("holds only ssh-rsa keys for [127.0.0.2]:\(Lab.port), which libssh2 1.10 cannot check"))
      let (openssh, opensshRan) = try touchMarker(knownHosts: file, transport: "openssh")
      #expect(openssh.code == 0)
      #expect(opensshRan)
    }

    @Test func hashedEntriesAreAccepted() throws {
      let file = try Lab.scratch() + "/known_hosts"
      try FileManager.default.copyItem(atPath: Lab.knownHosts, toPath: file)
      let hashed = try Lab.run(["ssh-keygen", "-q", "-H", "-f", file])
      #expect(hashed.code == 0)
      #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("|1|"))
      let (result, ran) = try touchMarker(knownHosts: file)
      #expect(result.code == 0, "\(result.stdout)")
      #expect(ran)
    }

    /// lab1's entries rewritten: under `name` instead of `[127.0.0.2]:port`, and with
    /// lab2's keys when `forged` (what a man in the middle would present).
    func entries(named name: String, forged: Bool = false) throws -> String {
      let source = forged ? "[127.0.0.3]:\(Lab.port)" : "[127.0.0.2]:\(Lab.port)"
      return try String(contentsOfFile: Lab.knownHosts, encoding: .utf8).split(separator: "\n")
        .filter { $0.hasPrefix(source + " ") }
        .map { name + $0.dropFirst(source.count) }.joined(separator: "\n") + "\n"
    }

    /// Several files, as UserKnownHostsFile names them (OpenSSH splits the value on spaces).
    func files(_ contents: [String]) throws -> [String] {
      let folder = try Lab.scratch()
      return try contents.enumerated().map { index, text in
        let path = "\(folder)/known_hosts\(index)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
      }
    }

    /// On another port than 22, OpenSSH (9.2, the lab's) accepts a plain `host` entry when
    /// it holds the very key the server shows and no `[host]:port` entry says otherwise.
    @Test func aPlainEntryWithTheSameKeyMatchesAsInOpenSSH() throws {
      let file = try files([entries(named: "127.0.0.2")])[0]
      for transport in ["libssh2", "openssh"] {
        let (result, ran) = try touchMarker(knownHosts: file, transport: transport)
        #expect(result.code == 0, "\(transport): \(result.stdout)")
        #expect(ran)
      }
    }

    /// A plain `host` entry with another key does not speak for `[host]:port`: the host is
    /// unknown there, not changed (libssh2's own check said "changed").
    @Test func aPlainEntryWithAnotherKeyLeavesThePortUnknown() throws {
      let file = try files([entries(named: "127.0.0.2", forged: true)])[0]
      let (result, ran) = try touchMarker(knownHosts: file)
      #expect(result.code == 4)
      #expect(!ran)
      #expect(result.stdout.contains("host key verification failed: [127.0.0.2]:\(Lab.port) is not in \(file)"), "\(result.stdout)")
      let (openssh, opensshRan) = try touchMarker(knownHosts: file, transport: "openssh")
      #expect(openssh.code == 4)
      #expect(!opensshRan)
      #expect(openssh.stdout.contains("Host key verification failed."), "\(openssh.stdout)")
      #expect(!openssh.stdout.contains("IDENTIFICATION HAS CHANGED"))
    }

    /// A `[host]:port` entry with another key refuses even when a plain entry (or another
    /// file) holds the right one, and the message names the file the entry came from.
    @Test func aChangedPortEntryWinsOverAPlainMatchAndIsNamed() throws {
      let paths = try files([entries(named: "127.0.0.2"), entries(named: "[127.0.0.2]:\(Lab.port)", forged: true)])
      let both = "\"\(paths.joined(separator: " "))\""
      let (result, ran) = try touchMarker(knownHosts: both)
      #expect(result.code == 4)
      #expect(!ran)
      #expect(result.stdout.contains("REMOTE HOST IDENTIFICATION HAS CHANGED for [127.0.0.2]:\(Lab.port)"), "\(result.stdout)")
      #expect(result.stdout.contains("does not match \(paths[1])"))
      #expect(result.stdout.contains("ssh-keygen -f \(paths[1]) -R"))
      let (openssh, opensshRan) = try touchMarker(knownHosts: both, transport: "openssh")
      #expect(openssh.code == 4)
      #expect(!opensshRan)
      #expect(openssh.stdout.contains("key in \(paths[1]):"), "\(openssh.stdout)")  // its "Offending ... key in"
    }

    /// The right key in a second file is found; an unknown host is reported against the
    /// first file, where OpenSSH would add it.
    @Test func everyFileIsReadAndTheFirstIsWhereANewKeyGoes() throws {
      let paths = try files(["", entries(named: "[127.0.0.2]:\(Lab.port)")])
      let (result, ran) = try touchMarker(knownHosts: "\"\(paths.joined(separator: " "))\"")
      #expect(result.code == 0, "\(result.stdout)")
      #expect(ran)
      let empty = try files(["", ""])
      let (unknown, _) = try touchMarker(knownHosts: "\"\(empty.joined(separator: " "))\"")
      #expect(unknown.code == 4)
      #expect(unknown.stdout.contains("is not in \(empty[0])"), "\(unknown.stdout)")
    }
  }
}
