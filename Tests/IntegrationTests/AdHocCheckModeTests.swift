import Foundation
import Testing

/// Ad-hoc commands run as one-task plays by the playbook engine: `-C` changes nothing on
/// the host (looked at over a separate ssh), `-C -D` prints the diff, and `-o`, `-t` and
/// skipped hosts print what Ansible's `ansible` 2.19 printed for the same commands.
extension LabTests {
  @Suite struct AdHocCheckModeTests {
    let inventory = ["-i", Lab.inventory]

    /// A fresh path on the hosts, named after this branch so other runs never collide.
    static func hostPath(_ name: String) -> String { "/tmp/swiftplay-adhoc-\(name)-\(UUID().uuidString.prefix(8))" }

    /// Runs `command` on lab host `index` with OpenSSH itself, not through swiftplay.
    static func onHost(_ index: Int, _ command: String) throws -> Lab.Output {
      try Lab.run([
        "ssh", "-p", String(Lab.port), "-i", Lab.key("id_ed25519"), "-o", "UserKnownHostsFile=\(Lab.knownHosts)",
        "-o", "BatchMode=yes", "lab@\(Lab.address(index))", command,
      ])
    }

    static func exists(_ path: String, on index: Int = 1) throws -> Bool {
      try onHost(index, "test -e \(path)").code == 0
    }

    @Test func checkModeCreatesNoFile() throws {
      let path = Self.hostPath("touch")
      let checked = try Lab.swiftplay(inventory + ["-C", "-m", "file", "-a", "path=\(path) state=touch", "lab1"])
      #expect(checked.code == 0, "\(checked.stderr)")
      #expect(checked.stdout == "lab1 | CHANGED => {\n    \"changed\": true,\n    \"dest\": \"\(path)\"\n}\n")
      #expect(try !Self.exists(path))
      // The same command without -C does make it: the check above could have failed.
      let real = try Lab.swiftplay(inventory + ["-m", "file", "-a", "path=\(path) state=touch", "lab1"])
      #expect(real.code == 0)
      #expect(try Self.exists(path))
      _ = try Self.onHost(1, "rm -f \(path)")
    }

    @Test func checkModeCopyWritesNothingAndDiffShowsTheChange() throws {
      let path = Self.hostPath("copy")
      let result = try Lab.swiftplay(inventory + ["-C", "-D", "-m", "copy", "-a", #"content=hello\n dest=\#(path)"#, "lab1"])
      #expect(result.code == 0, "\(result.stderr)")
      #expect(result.stdout == """
        --- before
        +++ after: \(path)
        @@ -0,0 +1 @@
        +hello
        \\ No newline at end of file

        lab1 | CHANGED => {
            "changed": true
        }

        """)
      #expect(try !Self.exists(path))
      // Without --diff no diff.
      let quiet = try Lab.swiftplay(inventory + ["-C", "-m", "copy", "-a", "content=x dest=\(path)", "lab1"])
      #expect(quiet.stdout == "lab1 | CHANGED => {\n    \"changed\": true\n}\n")
    }

    @Test func checkModeLineInFileLeavesTheFileAsItWas() throws {
      let path = Self.hostPath("line")
      #expect(try Self.onHost(1, "printf 'one\\n' > \(path)").code == 0)
      defer { _ = try? Self.onHost(1, "rm -f \(path)") }
      let result = try Lab.swiftplay(inventory + ["--check", "--diff", "-m", "lineinfile", "-a", "path=\(path) line=two", "lab1"])
      #expect(result.code == 0)
      #expect(result.stdout == """
        --- before: \(path) (content)
        +++ after: \(path) (content)
        @@ -1 +1,2 @@
         one
        +two

        lab1 | CHANGED => {
            "backup": "",
            "changed": true,
            "msg": "line added"
        }

        """)
      #expect(try Self.onHost(1, "cat \(path)").stdout == "one\n")
    }

    /// Commands are skipped in check mode, unless creates/removes already decide.
    @Test func checkModeSkipsCommands() throws {
      let path = Self.hostPath("command")
      let skipped = try Lab.swiftplay(inventory + ["-C", "-m", "command", "-a", "touch \(path)", "lab1,lab2"])
      #expect(skipped.code == 0)
      #expect(skipped.stdout.occurrences(of: "| SKIPPED\n") == 2 && skipped.stdout.contains("lab1 | SKIPPED\n"), "\(skipped.stdout)")
      #expect(try !Self.exists(path) && !Self.exists(path, on: 2))
      let shell = try Lab.swiftplay(inventory + ["-C", "-m", "shell", "-a", "touch \(path)", "lab1"])
      #expect(shell.stdout == "lab1 | SKIPPED\n")
      #expect(try !Self.exists(path))
      let decided = try Lab.swiftplay(inventory + ["-C", "-m", "command", "-a", "creates=/ x", "lab1"])
      #expect(decided.stdout == "lab1 | SUCCESS | rc=0 >>\nskipped, since / existsWould not run command since '/' exists\n")
    }

    @Test func oneLinePerHost() throws {
      let result = try Lab.swiftplay(inventory + ["-f", "1", "-o", "-m", "shell", "-a", "echo a; echo b >&2", "lab1,lab2"])
      #expect(result.code == 0)
      #expect(result.stdout == "lab1 | CHANGED | rc=0 | (stdout) a (stderr) b\nlab2 | CHANGED | rc=0 | (stdout) a (stderr) b\n")
      let ping = try Lab.swiftplay(inventory + ["-o", "-m", "ping", "lab1"])
      #expect(ping.stdout == "lab1 | SUCCESS => {\"changed\": false,\"ping\": \"pong\"}\n")
      let debug = try Lab.swiftplay(inventory + ["-o", "-m", "debug", "-a", "var=ansible_port", "lab1"])
      #expect(debug.stdout == "lab1 | SUCCESS => {    \"ansible_port\": \(Lab.port),    \"changed\": false}\n")
    }

    /// `-t DIR` writes each host's result as Ansible's tree callback does (one JSON line,
    /// sorted keys, no final newline; nothing for a skipped host) and still prints.
    @Test func treeFilesAsAnsibleWritesThem() throws {
      let folder = try Lab.scratch() + "/tree/sub"
      let result = try Lab.swiftplay(inventory + ["-t", folder, "-m", "shell", "-a", "echo hi", "lab1,lab2"])
      #expect(result.code == 0)
      #expect(result.stdout.contains("lab1 | CHANGED | rc=0 >>\nhi\n"))
      for host in ["lab1", "lab2"] {
        let text = try String(contentsOfFile: folder + "/" + host, encoding: .utf8)
        #expect(text.hasPrefix(#"{"changed": true, "cmd": "echo hi", "delta": "#), "\(text)")
        #expect(text.hasSuffix(#""stderr": "", "stderr_lines": [], "stdout": "hi", "stdout_lines": ["hi"]}"#), "\(text)")
        #expect(!text.contains("\n") && !text.contains("\"failed\""))
      }
      let debugFolder = try Lab.scratch()
      _ = try Lab.swiftplay(inventory + ["--tree", debugFolder, "-m", "debug", "-a", "msg=hi", "lab1"])
      #expect(try String(contentsOfFile: debugFolder + "/lab1", encoding: .utf8) == "{\n    \"changed\": false,\n    \"msg\": \"hi\"\n}")
      let skippedFolder = try Lab.scratch() + "/skipped"
      let skipped = try Lab.swiftplay(inventory + ["-C", "-t", skippedFolder, "-m", "command", "-a", "echo x", "lab1"])
      #expect(skipped.stdout == "lab1 | SKIPPED\n")
      #expect(!FileManager.default.fileExists(atPath: skippedFolder))
    }

    @Test func unreachableHostGoesToTheTreeToo() throws {
      let hosts = try Lab.writeInventory("dead ansible_host=127.0.0.1 ansible_port=1 \(Lab.connectionVars().replacingOccurrences(of: "ansible_port=\(Lab.port) ", with: ""))\n")
      let folder = try Lab.scratch()
      let result = try Lab.swiftplay(["-i", hosts, "-t", folder, "-o", "-m", "ping", "dead"])
      #expect(result.code == 4)
      #expect(result.stdout.hasPrefix("dead | UNREACHABLE!: Failed to connect to the host via libssh2: "), "\(result.stdout)")
      let text = try String(contentsOfFile: folder + "/dead", encoding: .utf8)
      #expect(text.hasPrefix(#"{"changed": false, "msg": "Failed to connect to the host via libssh2: "#) && text.hasSuffix(#"", "unreachable": true}"#))
    }

    /// `-e` and per-host variables reach the arguments, become and environment through
    /// the engine, and `-v` shows which configuration is used but no banners or recap.
    @Test func noBannersOrRecapInAdHocOutput() throws {
      let result = try Lab.swiftplay(inventory + ["-v", "-e", "word=hello", "-m", "command", "-a", "echo {{ word }} {{ inventory_hostname }}", "lab1"])
      #expect(result.code == 0)
      #expect(result.stdout == "No config file found; using defaults\nlab1 | CHANGED | rc=0 >>\nhello lab1\n", "\(result.stdout)")
    }

    /// pause is the engine's own action: it runs once, for the first host, as in Ansible;
    /// the include family needs a playbook and is refused before anything runs.
    @Test func pauseRunsOnceAndIncludesAreRefused() throws {
      let paused = try Lab.swiftplay(inventory + ["-m", "pause", "-a", "seconds=1", "lab1,lab2"])
      #expect(paused.code == 0)
      #expect(paused.stdout.hasPrefix("lab1 | SUCCESS => {\n    \"changed\": false,\n    \"delta\": 1,\n"), "\(paused.stdout)")
      #expect(paused.stdout.contains("\"stdout\": \"Paused for 1.") && !paused.stdout.contains("lab2"))
      let include = try Lab.swiftplay(inventory + ["-m", "include_tasks", "-a", "x.yml", "lab1"])
      #expect(include.code == 5)
      #expect(include.stderr == "ERROR! 'include_tasks' is not a valid action for ad-hoc commands\n")
    }
  }
}
