import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore

/// modprobe's boot files as community.general.modprobe writes them, on recorded text.
struct ModprobeConfigurationTests {
  static func probe(_ files: [(String, String)]) -> String {
    "noise\n" + files.map { path, text in "\(ModprobeConfiguration.marker) \(text.utf8.count) 644 \(path)\n\(text)" }.joined()
  }

  @Test func filesAreReadBackByTheirByteCount() {
    let text = Self.probe([
      ("/etc/modules-load.d/a.conf", "dummy\n# ü\n"), ("/etc/modules-load.d/nonl.conf", "last"),
      ("/etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n"),
    ])
    let read = ModprobeConfiguration.parse(text, name: "dummy")
    #expect(read.moduleFiles.map(\.path) == ["/etc/modules-load.d/a.conf", "/etc/modules-load.d/nonl.conf"])
    #expect(read.moduleFiles.map(\.text) == ["dummy\n# ü\n", "last"])
    #expect(read.optionFiles.first?.mode == 0o644)
    #expect(read.isLoadedPersistently)
    #expect(read.permanentParams == ["numdummies=2"])
  }

  @Test func linesMatchAsAnsiblesPatterns() {
    let read = ModprobeConfiguration(name: "dummy", moduleFiles: [], optionFiles: [])
    #expect(read.isModuleLine("dummy") && read.isModuleLine("  dummy  # boot") && read.isModuleLine("dummy;x"))
    #expect(!read.isModuleLine("dummy2") && !read.isModuleLine("#dummy") && !read.isModuleLine("dummy x"))
    #expect(read.option(in: "options dummy numdummies=2") == "numdummies=2")
    #expect(read.option(in: "options dummy numdummies=2  # two") == "numdummies=2")
    #expect(read.option(in: "options dummy a=1 b=2") == nil, "a line with two options is not one of its lines")
    #expect(read.option(in: "#options dummy a=1") == nil && read.option(in: "options dummy2 a=1") == nil)
  }

  @Test func persistentPresentWritesBothFilesAndCommentsOutOldOptions() {
    let read = ModprobeConfiguration.parse(Self.probe([("/etc/modprobe.d/old.conf", "options dummy numdummies=1\nblacklist x\n")]), name: "dummy")
    let writes = read.writes(persistent: "present", params: "numdummies=2 foo=bar")
    #expect(writes == [
      .init(path: "/etc/modules-load.d/dummy.conf", mode: 0o644, text: "dummy\n"),
      .init(path: "/etc/modprobe.d/old.conf", mode: 0o644, text: "#options dummy numdummies=1\nblacklist x\n"),
      .init(path: "/etc/modprobe.d/dummy.conf", mode: 0o644, text: "options dummy numdummies=2\noptions dummy foo=bar\n"),
    ])
    let done = ModprobeConfiguration.parse(Self.probe([
      ("/etc/modules-load.d/dummy.conf", "dummy\n"), ("/etc/modprobe.d/dummy.conf", "options dummy numdummies=2\noptions dummy foo=bar\n"),
    ]), name: "dummy")
    #expect(done.writes(persistent: "present", params: "foo=bar  numdummies=2").isEmpty, "the same options in another order")
    #expect(done.writes(persistent: "disabled", params: "").isEmpty)
    let noParams = ModprobeConfiguration.parse(Self.probe([("/etc/modules-load.d/dummy.conf", "dummy\n")]), name: "dummy")
    #expect(noParams.writes(persistent: "present", params: "").isEmpty, "no options file without params")
  }

  @Test func persistentAbsentCommentsOutBothKinds() {
    let read = ModprobeConfiguration.parse(Self.probe([
      ("/etc/modules-load.d/dummy.conf", "dummy\n"), ("/etc/modules-load.d/k8s.conf", "overlay\ndummy # here\n"),
      ("/etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n"),
    ]), name: "dummy")
    #expect(read.writes(persistent: "absent", params: "").map(\.text) == ["#dummy\n", "overlay\n#dummy # here\n", "#options dummy numdummies=2\n"])
    let after = ModprobeConfiguration.parse(Self.probe(read.writes(persistent: "absent", params: "").map { ($0.path, $0.text) }), name: "dummy")
    #expect(after.writes(persistent: "absent", params: "").isEmpty, "a second run has nothing to do")
  }

  @Test func paramsSplitAsTheShellWould() {
    #expect(ModprobeConfiguration.words(#"a=1  b="x y" c='$HOME' d\ e"#) == ["a=1", "b=x y", "c=$HOME", "d e"])
    #expect(ModprobeConfiguration.words("").isEmpty)
  }

  @Test func argumentsAsAnsibleChecksThem() throws {
    #expect(throws: ModuleError.self) { try ModprobeModule(arguments: ModuleArguments(options: ["state": "present"])) }
    #expect(throws: ModuleError.self) { try ModprobeModule(arguments: ModuleArguments(options: ["name": "x", "persistent": "yes"])) }
    let module = try ModprobeModule(arguments: ModuleArguments(options: ["name": "dummy", "params": "numdummies='2'"]))
    #expect(module.modprobeWords == "dummy numdummies=2")
    #expect(ModuleRegistry.lookup("community.general.modprobe") == ModprobeModule.self)
  }
}

/// hostname's reading of its probe.
struct HostnameModuleTests {
  @Test func fileStrategyReadsTheRunningNameAndTheFile() throws {
    let output = "strategy=file\nrunning=0 lab5\nfqdn= lab5.example\n\(RemoteTextFile.marker)\n644\nvm\n"
    let found = try HostnameModule.parse(output).get()
    #expect(found == .init(strategy: "file", permanent: "vm", current: "lab5", fqdn: "lab5.example", fileMode: 0o644))
  }

  @Test func systemdStrategyReadsHostnamectl() throws {
    let output = "strategy=systemd\nstatic=0 node1\ntransient=0 localhost\nfqdn= localhost\n\(RemoteTextFile.marker)\n"
    let found = try HostnameModule.parse(output).get()
    #expect(found.permanent == "node1" && found.current == "localhost" && found.strategy == "systemd")
    let failed = "strategy=systemd\nstatic=1 System has not been booted with systemd \nfqdn= x\n\(RemoteTextFile.marker)\n"
    #expect(throws: HostnameModule.HostnameFailure.self) { try HostnameModule.parse(failed).get() }
  }

  @Test func factsAsAnsibleReturnsThem() throws {
    let module = try HostnameModule(arguments: ModuleArguments(options: ["name": "web01.example.com"]))
    #expect(module.facts(fqdn: "web01.example.com") == .dict([
      "ansible_hostname": "web01", "ansible_nodename": "web01.example.com", "ansible_fqdn": "web01.example.com",
      "ansible_domain": "example.com",
    ]))
    #expect(try HostnameModule(arguments: ModuleArguments(options: ["name": "x", "use": "debian"])).strategyChoice == "systemd")
    #expect(throws: ModuleError.self) { try HostnameModule(arguments: ModuleArguments(options: ["name": "x", "use": "nope"])) }
  }
}
