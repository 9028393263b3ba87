import Foundation
import Testing

/// modprobe against lab/fakes/modprobe-fake and lsmod-fake, first on PATH for the test
/// playbook only, on a lab host with a real sudo. The boot files are real: the module
/// writes /etc/modules-load.d/NAME.conf and /etc/modprobe.d/NAME.conf of this machine
/// (under a name no real module has, removed after). What it proves: the modprobe calls
/// (a dry run, then the load with its parameters, `-r` to unload), the files' exact
/// contents, nothing to do on a second run, nothing changed in check mode. What it does
/// not prove: that a kernel loads anything, nor the /proc/modules reading, which these
/// machines lack (the module falls back to lsmod there, which is why the test needs a
/// machine without /proc/modules).
extension LabTests {
  @Suite(.enabled(if: !FileManager.default.fileExists(atPath: "/proc/modules"), "this machine has /proc/modules: lsmod-fake would not be asked"))
  struct ModprobeTests {
    @Test func loadWithParamsAndPersistThenNothingToDoThenUnloadAndCommentOut() throws {
      try Lab.ensureUp()
      let module = "swiftplay_fake_\(UInt32.random(in: 0...UInt32.max))"
      let loadFile = "/etc/modules-load.d/\(module).conf", optionsFile = "/etc/modprobe.d/\(module).conf"
      let manager = FileManager.default
      let hadModprobeFolder = manager.fileExists(atPath: "/etc/modprobe.d")
      defer {
        try? manager.removeItem(atPath: loadFile)
        try? manager.removeItem(atPath: optionsFile)
        if !hadModprobeFolder, (try? manager.contentsOfDirectory(atPath: "/etc/modprobe.d"))?.isEmpty == true {
          try? manager.removeItem(atPath: "/etc/modprobe.d")
        }
      }
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab3
          gather_facts: false
          become: true
          environment:
            PATH: "WORK/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            MODPROBE_FAKE_DIR: WORK/modprobe
          tasks:
            - community.general.modprobe: {name: \(module), params: "numdummies=2 foo=bar", persistent: present}
              when: step == 'present'
            - modprobe: {name: \(module), state: absent, persistent: absent}
              when: step == 'absent'
        """)
      for sub in ["bin", "modprobe"] {
        try manager.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
      }
      for tool in ["modprobe", "lsmod"] {
        try manager.createSymbolicLink(atPath: "\(folder)/bin/\(tool)", withDestinationPath: "\(Lab.root)/lab/fakes/\(tool)-fake")
      }
      for (file, text) in [("available", module + "\n"), ("loaded", ""), ("calls.log", "")] {
        manager.createFile(atPath: "\(folder)/modprobe/\(file)", contents: Data(text.utf8), attributes: [.posixPermissions: 0o666])
      }
      let secrets = try Lab.writeBecomeVars(folder + "/become.yml")
      let arguments = ["-i", Lab.inventory, "-e", "@" + secrets, playbook]
      var seen = 0
      func newCalls() throws -> [String] {
        let all = try String(contentsOfFile: folder + "/modprobe/calls.log", encoding: .utf8).split(separator: "\n").map(String.init)
        defer { seen = all.count }
        return Array(all.dropFirst(seen))
      }
      let loaded = { try String(contentsOfFile: folder + "/modprobe/loaded", encoding: .utf8) }

      let check = try Lab.swiftplay(["--check", "-e", "step=present"] + arguments)
      #expect(check.code == 0 && check.stdout.contains("changed: [lab3]"), "\(check.stdout)\(check.stderr)")
      #expect(try newCalls() == ["lsmod ", "modprobe -n \(module) numdummies=2 foo=bar"])
      #expect(!manager.fileExists(atPath: loadFile) && !manager.fileExists(atPath: optionsFile), "check mode wrote a file")
      #expect(try loaded().isEmpty)

      let present = try Lab.swiftplay(["-e", "step=present"] + arguments)
      #expect(present.code == 0 && present.stdout.contains("lab3                       : ok=1    changed=1"), "\(present.stdout)\(present.stderr)")
      #expect(try newCalls() == ["lsmod ", "modprobe -n \(module) numdummies=2 foo=bar", "modprobe \(module) numdummies=2 foo=bar", "lsmod "])
      #expect(try loaded() == "\(module) numdummies=2 foo=bar\n")
      #expect(try String(contentsOfFile: loadFile, encoding: .utf8) == "\(module)\n")
      #expect(try String(contentsOfFile: optionsFile, encoding: .utf8) == "options \(module) numdummies=2\noptions \(module) foo=bar\n")

      let again = try Lab.swiftplay(["-e", "step=present"] + arguments)
      #expect(again.stdout.contains("lab3                       : ok=1    changed=0"), "\(again.stdout)")
      #expect(try newCalls() == ["lsmod "])

      let absent = try Lab.swiftplay(["-e", "step=absent"] + arguments)
      #expect(absent.stdout.contains("lab3                       : ok=1    changed=1"), "\(absent.stdout)")
      #expect(try newCalls() == ["lsmod ", "modprobe -r \(module) -n", "modprobe -r \(module)"])
      #expect(try loaded().isEmpty)
      #expect(try String(contentsOfFile: loadFile, encoding: .utf8) == "#\(module)\n")
      #expect(try String(contentsOfFile: optionsFile, encoding: .utf8) == "#options \(module) numdummies=2\n#options \(module) foo=bar\n")

      let absentAgain = try Lab.swiftplay(["-e", "step=absent"] + arguments)
      #expect(absentAgain.stdout.contains("lab3                       : ok=1    changed=0"), "\(absentAgain.stdout)")
      #expect(try newCalls() == ["lsmod "])
    }
  }
}
