import Foundation
import Testing

/// get_url and unarchive on a lab host against real programs: downloads are real curl
/// requests over loopback to `TestHTTPServer` (whose access log shows what was asked for),
/// archives are made here with tar and zip and unpacked by GNU tar and unzip on the host.
/// Nothing is faked.
extension LabTests {
  @Suite struct GetUrlUnarchiveTests {
    static let password = "pa ss\"w0rd"

    /// A folder served over HTTP with `app.txt` and `private/secret.txt`, files dated
    /// 2020 so a later download is newer than its source.
    static func site() throws -> String {
      let site = try Lab.scratch()
      try FileManager.default.createDirectory(atPath: site + "/private", withIntermediateDirectories: false)
      for (name, text) in [("app.txt", "release 1\n"), ("private/secret.txt", "secret payload\n")] {
        try text.write(toFile: site + "/" + name, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_580_000_000)], ofItemAtPath: site + "/" + name)
      }
      return site
    }

    static func sha256(_ path: String) throws -> String {
      String(try Lab.run(["sha256sum", path]).stdout.prefix(64))
    }

    static func mode(_ path: String) throws -> Int {
      (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func downloadsOnceThenChecksumAndIfModifiedSinceAskForNothingMore() throws {
      let site = try Self.site()
      let server = try TestHTTPServer(root: site, password: Self.password, token: "t0k3n")
      defer { server.stop() }
      let sum = try Self.sha256(site + "/app.txt")
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          tasks:
            - get_url: {url: "\(server.base)/app.txt", dest: WORK/app.txt, mode: "0640"}
            - get_url: {url: "\(server.base)/app.txt", dest: WORK/summed.txt, checksum: "sha256:\(sum)"}
            - get_url: {url: "\(server.base)/app.txt", dest: WORK/old.txt}
            - ansible.builtin.get_url:
                url: "\(server.base)/private/secret.txt"
                dest: WORK/secret.txt
                url_username: deploy
                url_password: "{{ web_password }}"
                headers: {X-Token: t0k3n}
        """)
      try "local\n".write(toFile: folder + "/old.txt", atomically: true, encoding: .utf8)
      let vars = folder + "/web.yml"
      FileManager.default.createFile(
        atPath: vars, contents: Data("web_password: '\(Self.password)'\n".utf8), attributes: [.posixPermissions: 0o600])
      let arguments = ["-i", Lab.inventory, "-e", "@" + vars, playbook]

      let check = try Lab.swiftplay(["--check"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("ok=4    changed=3"), "\(check.stdout)")
      for name in ["app.txt", "summed.txt", "secret.txt"] {
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + name), "check mode downloaded \(name)")
      }
      #expect(!server.requests.contains { $0.hasPrefix("GET") }, "check mode sent a GET: \(server.requests)")
      #expect(server.requests == ["HEAD /app.txt 304 noauth -"], "old.txt is asked for with If-Modified-Since only")

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("ok=4    changed=3"), "\(real.stdout)")
      #expect(try String(contentsOfFile: folder + "/app.txt", encoding: .utf8) == "release 1\n")
      #expect(try Self.mode(folder + "/app.txt") == 0o640)
      #expect(try String(contentsOfFile: folder + "/summed.txt", encoding: .utf8) == "release 1\n")
      #expect(try String(contentsOfFile: folder + "/secret.txt", encoding: .utf8) == "secret payload\n")
      #expect(try String(contentsOfFile: folder + "/old.txt", encoding: .utf8) == "local\n", "force: false replaced an existing file")
      let afterReal = server.requests
      #expect(afterReal.filter { $0.hasPrefix("GET /app.txt 200") }.count == 2, "\(afterReal)")
      #expect(afterReal.contains("GET /private/secret.txt 200 auth t0k3n"), "no authenticated request: \(afterReal)")

      let again = try Lab.swiftplay(arguments + ["-vvv"])
      #expect(again.code == 0 && again.stdout.contains("ok=4    changed=0"), "\(again.stdout)")
      let added = Array(server.requests.dropFirst(afterReal.count))
      // app.txt, old.txt and secret.txt: one conditional HEAD each; summed.txt none at all.
      #expect(added.sorted() == ["HEAD /app.txt 304 noauth -", "HEAD /app.txt 304 noauth -", "HEAD /private/secret.txt 304 auth t0k3n"], "\(added)")
      #expect(!again.stdout.contains("w0rd") && !again.stderr.contains("w0rd"), "the password shows in -vvv output")
    }

    @Test func checksumMismatchLeavesDestAndBecomeWritesARootFile() throws {
      let site = try Self.site()
      let server = try TestHTTPServer(root: site)
      defer { server.stop() }
      let rootFolder = "/tmp/swiftplay-get-url-\(UUID().uuidString)"
      try FileManager.default.createDirectory(atPath: rootFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
      defer { try? FileManager.default.removeItem(atPath: rootFolder) }
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          tasks:
            - get_url:
                url: "\(server.base)/app.txt"
                dest: WORK/keep.txt
                force: true
                checksum: "sha256:\(String(repeating: "0", count: 64))"
              register: bad
              ignore_errors: true
            - copy: {dest: WORK/bad.txt, content: "{{ bad.msg }}"}
            - get_url: {url: "\(server.base)/app.txt", dest: "\(rootFolder)/app.txt", mode: "0604"}
              become: true
            - file: {path: WORK/into, state: directory}
            - get_url: {url: "\(server.base)/named/app.txt", dest: WORK/into}
            - get_url: {url: "\(server.base)/app.txt", dest: WORK/backed.txt, force: true, backup: true, tmp_dest: WORK/tmpd}
        """)
      try "keep\n".write(toFile: folder + "/keep.txt", atomically: true, encoding: .utf8)
      try "before\n".write(toFile: folder + "/backed.txt", atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: folder + "/backed.txt")
      try FileManager.default.createDirectory(atPath: folder + "/tmpd", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, playbook]

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("ignored=1"), "\(real.stdout)")
      #expect(try String(contentsOfFile: folder + "/keep.txt", encoding: .utf8) == "keep\n", "a wrong checksum replaced dest")
      let message = try String(contentsOfFile: folder + "/bad.txt", encoding: .utf8)
      #expect(message.contains("did not match \(String(repeating: "0", count: 64)); it was \(try Self.sha256(site + "/app.txt"))"), "\(message)")
      let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("swiftplay-get_url") }
      #expect(left.isEmpty, "scratch files left: \(left)")
      let rootFile = try FileManager.default.attributesOfItem(atPath: rootFolder + "/app.txt")
      #expect(rootFile[.ownerAccountID] as? Int == 0 && rootFile[.posixPermissions] as? Int == 0o604, "\(rootFile)")
      #expect(try String(contentsOfFile: folder + "/into/served-app.txt", encoding: .utf8) == "release 1\n", "Content-Disposition not used")

      #expect(try String(contentsOfFile: folder + "/backed.txt", encoding: .utf8) == "release 1\n")
      let backups = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("backed.txt.") && $0.hasSuffix("~") }
      #expect(backups.count == 1, "\(backups)")
      #expect(try backups.first.map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) } == "before\n")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmpd").isEmpty, "tmp_dest keeps a scratch file")

      let again = try Lab.swiftplay(arguments)
      // The copied message names the scratch file, which differs per run.
      #expect(again.code == 0 && again.stdout.contains("changed=1") && again.stdout.contains("ignored=1"), "\(again.stdout)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("backed.txt.") }.count == 1, "a second backup")
    }

    /// A host without curl: PATH is a folder of links to every program in /usr/bin and /bin
    /// but curl, for this playbook only. Proves the wget path: the credentials reach wget
    /// in its rc file, the body is compared, and a second run changes nothing.
    @Test func wgetDownloadsWhereCurlIsMissing() throws {
      let site = try Self.site()
      let server = try TestHTTPServer(root: site, password: Self.password, token: "t0k3n")
      defer { server.stop() }
      let noCurl = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: noCurl)
      for folder in ["/usr/bin", "/bin"] {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "curl" {
          try? FileManager.default.createSymbolicLink(atPath: noCurl + "/" + name, withDestinationPath: folder + "/" + name)
        }
      }
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          environment: {PATH: "\(noCurl)"}
          tasks:
            - get_url:
                url: "\(server.base)/private/secret.txt"
                dest: WORK/secret.txt
                url_username: deploy
                url_password: "{{ web_password }}"
                headers: {X-Token: t0k3n}
        """)
      let vars = folder + "/web.yml"
      FileManager.default.createFile(
        atPath: vars, contents: Data("web_password: '\(Self.password)'\n".utf8), attributes: [.posixPermissions: 0o600])
      let arguments = ["-i", Lab.inventory, "-e", "@" + vars, playbook]
      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("changed=1"), "\(real.stdout)")
      #expect(try String(contentsOfFile: folder + "/secret.txt", encoding: .utf8) == "secret payload\n")
      #expect(server.requests.contains("GET /private/secret.txt 200 auth t0k3n"), "\(server.requests)")
      let again = try Lab.swiftplay(arguments)
      #expect(again.code == 0 && again.stdout.contains("ok=1    changed=0"), "\(again.stdout)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("swiftplay-get_url") }.isEmpty)
    }

    /// The archives: bundle/ with a text file, a script and a sub folder, as tar.gz, zip
    /// and tar.bz2.
    static func archives(in folder: String) throws {
      let tree = try Lab.scratch()
      try FileManager.default.createDirectory(atPath: tree + "/bundle/sub", withIntermediateDirectories: true)
      try "alpha\n".write(toFile: tree + "/bundle/a.txt", atomically: true, encoding: .utf8)
      try "deep\n".write(toFile: tree + "/bundle/sub/deep.txt", atomically: true, encoding: .utf8)
      try "#!/bin/sh\n".write(toFile: tree + "/bundle/run.sh", atomically: true, encoding: .utf8)
      for (path, mode) in [("bundle", 0o755), ("bundle/sub", 0o700), ("bundle/a.txt", 0o644), ("bundle/sub/deep.txt", 0o600), ("bundle/run.sh", 0o755)] {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: tree + "/" + path)
      }
      for command in [
        ["tar", "-C", tree, "-czf", folder + "/bundle.tar.gz", "bundle"], ["tar", "-C", tree, "-cjf", folder + "/bundle.tar.bz2", "bundle"],
        ["sh", "-c", "cd \(tree) && zip -qr \(folder)/bundle.zip bundle"],
      ] {
        let made = try Lab.run(command)
        try #require(made.code == 0, "\(command): \(made.stderr)")
      }
    }

    @Test func unarchivesFromControllerAndHostThenNothingToDo() throws {
      let rootFolder = "/tmp/swiftplay-unarchive-\(UUID().uuidString)"
      try FileManager.default.createDirectory(atPath: rootFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
      defer { try? FileManager.default.removeItem(atPath: rootFolder) }
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          tasks:
            - unarchive: {src: WORK/bundle.tar.gz, dest: WORK/t}
            - ansible.builtin.unarchive: {src: WORK/bundle.zip, dest: WORK/z}
            - unarchive: {src: WORK/bundle.tar.bz2, dest: WORK/r, remote_src: true, list_files: true}
              register: listed
            - unarchive: {src: WORK/bundle.zip, dest: WORK/t, creates: WORK/t/bundle/a.txt}
              register: created
            - unarchive: {src: WORK/bundle.tar.gz, dest: "\(rootFolder)", owner: root, mode: "u=rwX,go=rX"}
              become: true
            - copy:
                dest: WORK/listed.txt
                content: "{{ listed.files | sort | join(',') }} {{ listed.handler }} {{ created.msg | default('') }}"
        """)
      try Self.archives(in: folder)
      for name in ["t", "z", "r"] {
        try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
      }
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, playbook]

      let check = try Lab.swiftplay(["--check", "--diff"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("changed=6"), "\(check.stdout)")
      #expect(check.stdout.contains(">f++++++.?? bundle/a.txt"), "no itemized diff: \(check.stdout)")
      for name in ["t", "z", "r"] {
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/" + name).isEmpty, "check mode unpacked into \(name)")
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: rootFolder).isEmpty)

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("changed=5") && real.stdout.contains("skipped=1"), "\(real.stdout)")
      for name in ["t", "z", "r"] {
        #expect(try String(contentsOfFile: "\(folder)/\(name)/bundle/sub/deep.txt", encoding: .utf8) == "deep\n", "nothing unpacked into \(name)")
      }
      #expect(try Self.mode(folder + "/z/bundle/sub/deep.txt") == 0o600, "unzip kept the archive's mode")
      let listed = try String(contentsOfFile: folder + "/listed.txt", encoding: .utf8)
      // GNU tar reads bzip2 without -j, so the plain tar handler takes it, as in Ansible.
      #expect(listed == "bundle/,bundle/a.txt,bundle/run.sh,bundle/sub/,bundle/sub/deep.txt TarArchive skipped, since \(folder)/t/bundle/a.txt exists", "\(listed)")
      let rootFile = try FileManager.default.attributesOfItem(atPath: rootFolder + "/bundle/sub/deep.txt")
      #expect(rootFile[.ownerAccountID] as? Int == 0 && rootFile[.posixPermissions] as? Int == 0o644, "\(rootFile)")
      #expect(try Self.mode(rootFolder + "/bundle/sub") == 0o755, "X gives folders x")

      let again = try Lab.swiftplay(arguments)
      #expect(again.code == 0 && again.stdout.contains("changed=0") && again.stdout.contains("skipped=1"), "\(again.stdout)")

      try "changed by hand\n".write(toFile: folder + "/z/bundle/a.txt", atomically: false, encoding: .utf8)
      let repaired = try Lab.swiftplay(arguments)
      #expect(repaired.code == 0 && repaired.stdout.contains("changed=1"), "\(repaired.stdout)")
      #expect(try String(contentsOfFile: folder + "/z/bundle/a.txt", encoding: .utf8) == "alpha\n")
    }
  }
}
