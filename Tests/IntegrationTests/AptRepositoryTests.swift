import Foundation
import Testing

/// apt_key, deb822_repository and apt_repository with real apt on lab1, as root through
/// the lab user's password-asking sudo. The test builds a tiny signed apt repository in a
/// temporary folder (one `.deb` of its own, Packages, Release and an InRelease signed
/// with a throwaway gpg key) and serves the key over a loopback HTTP server. It proves the
/// whole chain: the keyrings apt_key writes (from `file:` and from `url:`) are ones apt
/// accepts as `signed-by`, the deb822 file and the one-line source are ones apt reads,
/// and the package installs from the repository. Each module's second run is ok, check
/// mode changes nothing, `--diff` shows the deb822 file. The lab hosts share this
/// machine's /etc/apt and dpkg database, so the test checks the files here, uses names of
/// its own, and removes its sources, keyrings, apt lists and package whatever happens.
extension LabTests {
  @Suite struct AptRepositoryTests {
    static let package = "swiftplay-repo-test"

    static func dpkgInstalled() throws -> Bool {
      let query = try Lab.run(["dpkg-query", "-W", "-f=${Status}", package])
      return query.code == 0 && query.stdout.hasSuffix(" installed")
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Builds the repository in `folder`; returns the key's fingerprint.
    static func makeRepository(_ folder: String) throws -> String {
      let script = """
        set -eu
        d=$1; p=$2
        mkdir -p "$d/pkg/DEBIAN" "$d/pkg/usr/share/doc/$p" "$d/repo" && chmod 0755 "$d" "$d/repo"
        printf 'Package: %s\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: swiftplay tests <tests@example.invalid>\\nDescription: a package of the swiftplay repository tests\\n' "$p" > "$d/pkg/DEBIAN/control"
        echo "installed by swiftplay's repository tests" > "$d/pkg/usr/share/doc/$p/README"
        dpkg-deb -Zgzip --root-owner-group --build "$d/pkg" "$d/repo/${p}_1.0_all.deb" >/dev/null
        cd "$d/repo"
        dpkg-scanpackages . /dev/null > Packages 2>/dev/null
        apt-ftparchive release . > Release
        export GNUPGHOME="$d/gnupg"; mkdir -m 0700 "$GNUPGHOME"
        gpg --batch --quiet --passphrase '' --quick-gen-key 'swiftplay repository test <tests@example.invalid>' ed25519 sign never
        gpg --batch --quiet --yes --clearsign -o InRelease Release
        gpg --batch --armor --export > "$d/key.asc"
        chmod 0644 "$d/key.asc" InRelease Release Packages
        gpgconf --kill all
        gpg --batch --with-colons --list-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }'
        """
      let made = try Lab.run(["sh", "-c", script, "sh", folder, package])
      guard made.code == 0, made.stdout.count > 40 else { throw Lab.LabError(message: "cannot build the test repository: \(made.stderr)") }
      return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func keysSourcesAndAPackageFromALocalRepositoryWithRealApt() throws {
      #expect(try !Self.dpkgInstalled(), "\(Self.package) is installed on this machine: the test needs it absent")
      guard try !Self.dpkgInstalled() else { return }
      let unique = "swiftplay-test-" + UUID().uuidString.prefix(8).lowercased()
      let folder = "/tmp/\(unique)"
      // Not NAME.gpg: deb822_repository's absent removes /etc/apt/keyrings/NAME.{asc,gpg}.
      let keyring = "/etc/apt/keyrings/\(unique)-file.gpg"
      let urlKeyring = "/etc/apt/keyrings/\(unique)-url.gpg"
      let sources = "/etc/apt/sources.list.d/\(unique).sources"
      let list = "/etc/apt/sources.list.d/\(unique)-line.list"
      defer {
        _ = try? Lab.run(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "purge", Self.package])
        _ = try? Lab.run(["sh", "-c", "rm -rf \(folder) \(keyring) \(urlKeyring) \(sources) \(list) /var/lib/apt/lists/*\(unique)*"])
      }
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
      let fingerprint = try Self.makeRepository(folder)
      let server = try TestHTTPServer(root: folder)
      defer { server.stop() }

      let become = try Lab.writeBecomeVars(try Lab.scratch() + "/become.yml")
      let inventory = try Lab.writeInventory("lab1 ansible_host=127.0.0.2 \(Lab.connectionVars())\n")
      func run(_ tasks: String, _ flags: [String] = []) throws -> Lab.Output {
        let playbook = try LabTests.PlaybookTests.workspace("""
          - hosts: lab1
            gather_facts: false
            become: true
            tasks:
          \(tasks)
          """).playbook
        return try Lab.swiftplay(["-i", inventory, "-e", "@" + become] + flags + [playbook])
      }
      func recap(_ output: Lab.Output) -> String {
        output.stdout.split(separator: "\n").last { $0.hasPrefix("lab1 ") }.map(String.init) ?? ""
      }

      let repository = """
            - ansible.builtin.apt_key:
                file: \(folder)/key.asc
                keyring: \(keyring)
              register: from_file
            - apt_key:
                url: \(server.base)/key.asc
                keyring: \(urlKeyring)
            - ansible.builtin.deb822_repository:
                name: \(unique)
                uris: file://\(folder)/repo
                suites: ./
                signed_by: \(keyring)
              register: source
            - assert:
                that:
                  - from_file.key_id == '\(fingerprint.suffix(16))'
                  - source.dest == '\(sources)'
                  - "'Signed-By: \(keyring)' in source.repo"
        """
      let check = try run(repository, ["--check", "--diff"])
      #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
      #expect(recap(check).contains("changed=3"), "\(check.stdout)")
      #expect(check.stdout.contains("+X-Repolib-Name: \(unique)"), "the diff shows the file: \(check.stdout)")
      #expect(!Self.exists(keyring) && !Self.exists(urlKeyring) && !Self.exists(sources), "check mode wrote something")

      let first = try run(repository)
      #expect(first.code == 0, "\(first.stdout)\(first.stderr)")
      #expect(recap(first).contains("changed=3"), "\(first.stdout)")
      let written = (try? String(contentsOfFile: sources, encoding: .utf8)) ?? ""
      #expect(written == "X-Repolib-Name: \(unique)\nSigned-By: \(keyring)\nSuites: ./\nTypes: deb\nURIs: file://\(folder)/repo\n")
      let listed = try Lab.run(["gpg", "--batch", "--with-colons", "--show-keys", keyring], environment: ["GNUPGHOME": folder + "/gnupg"])
      #expect(listed.stdout.contains(fingerprint), "the keyring is a binary OpenPGP keyring holding the key: \(listed.stdout)\(listed.stderr)")

      let second = try run(repository)
      #expect(second.code == 0 && recap(second).contains("changed=0"), "a second run changes nothing: \(second.stdout)")

      // apt takes the deb822 source and its signed-by keyring: the package installs.
      let install = try run("""
            - apt:
                name: \(Self.package)
                update_cache: true
        """)
      #expect(install.code == 0 && recap(install).contains("changed=1"), "\(install.stdout)\(install.stderr)")
      #expect(try Self.dpkgInstalled())

      // The same repository as a one-line source signed by the key from the URL, in place
      // of the deb822 one: the cache update fails unless apt accepts line and keyring.
      let line = """
            - deb822_repository: {name: \(unique), state: absent}
            - ansible.builtin.apt_repository:
                repo: deb [signed-by=\(urlKeyring)] file:\(folder)/repo ./
                filename: \(unique)-line
              register: added
            - shell: apt-cache policy \(Self.package)
              register: policy
              changed_when: false
            - assert:
                that:
                  - not added.changed or added.sources_added == ['\(list)']
                  - "'file:\(folder)/repo ./ Packages' in policy.stdout"
        """
      let lineCheck = try run("""
            - apt_repository:
                repo: deb [signed-by=\(urlKeyring)] file:\(folder)/repo ./
                filename: \(unique)-line
        """, ["--check", "--diff"])
      #expect(lineCheck.code == 0 && recap(lineCheck).contains("changed=1"), "\(lineCheck.stdout)\(lineCheck.stderr)")
      #expect(lineCheck.stdout.contains("+deb [signed-by=\(urlKeyring)] file:\(folder)/repo ./"), "the diff shows the line: \(lineCheck.stdout)")
      #expect(!Self.exists(list), "check mode wrote the list")
      let lineRun = try run(line)
      #expect(lineRun.code == 0 && recap(lineRun).contains("changed=2"), "\(lineRun.stdout)\(lineRun.stderr)")
      #expect((try? String(contentsOfFile: list, encoding: .utf8)) == "deb [signed-by=\(urlKeyring)] file:\(folder)/repo ./\n")
      #expect(!Self.exists(sources))
      let lineAgain = try run(line)
      #expect(lineAgain.code == 0 && recap(lineAgain).contains("changed=0"), "\(lineAgain.stdout)")

      let remove = """
            - apt_repository:
                repo: deb  [signed-by=\(urlKeyring)]  file:\(folder)/repo  ./
                state: absent
                update_cache: false
            - apt_key: {id: "\(fingerprint)", keyring: \(keyring), state: absent}
            - apt_key: {id: "\(fingerprint.suffix(8))", keyring: \(urlKeyring), state: absent}
        """
      let checkRemove = try run(remove, ["--check"])
      #expect(recap(checkRemove).contains("changed=3"), "\(checkRemove.stdout)\(checkRemove.stderr)")
      #expect(Self.exists(list) && Self.exists(keyring) && Self.exists(urlKeyring), "check mode removed something")
      let removed = try run(remove)
      #expect(removed.code == 0 && recap(removed).contains("changed=3"), "\(removed.stdout)\(removed.stderr)")
      #expect(!Self.exists(list))
      let sizes = [keyring, urlKeyring].map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? -1 }
      #expect(sizes == [0, 0], "the keyrings stay without keys, as apt-key leaves them")
      let removedAgain = try run(remove)
      #expect(removedAgain.code == 0 && recap(removedAgain).contains("changed=0"), "\(removedAgain.stdout)")
    }

    /// Arguments are checked before anything connects, with Ansible's messages.
    @Test func badArgumentsAreRefusedBeforeRunning() throws {
      let inventory = try Lab.writeInventory("lab1 ansible_host=127.0.0.2 \(Lab.connectionVars())\n")
      for (task, message) in [
        ("apt_repository: repo='deb http://a.example/x y' colour=blue", "Unsupported parameters for (apt_repository) module: colour"),
        ("apt_repository: repo=ppa:owner/name", "ppa sources are not supported"),
        ("apt_repository: repo='http://a.example/x y'", "Invalid repository string: http://a.example/x y"),
        ("apt_key: url=http://a.example/k data=x", "parameters are mutually exclusive: data|file|keyserver|url"),
        ("deb822_repository: name=x types=rpm", "value of types must be one or more of: deb, deb-src"),
      ] {
        let playbook = try LabTests.PlaybookTests.workspace("""
          - hosts: lab1
            gather_facts: false
            tasks:
              - \(task)
          """).playbook
        let output = try Lab.swiftplay(["-i", inventory, playbook])
        #expect(output.code != 0)
        #expect((output.stdout + output.stderr).contains(message), "\(output.stdout)\(output.stderr)")
      }
    }
  }
}
