import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// Setup's parsers on recorded output, and gather_subset's choice of collectors; the
/// expectations are what ansible-core 2.19's setup returned for the same input (the lab
/// oracle in FactsOracleTests checks a live host against Ansible itself).
struct SetupFactsTests {
  static func fixture(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("Fixtures/setup/\(name)"), encoding: .utf8)
  }

  /// Output in the script's own format: one `@@file` section per file.
  static func files(_ files: [String: String], extra: String = "") -> SetupOutput {
    SetupOutput(files.map { "@@file \($0.key)\n\($0.value)\n" }.joined() + extra)
  }

  /// The whole script's output recorded on lab1 (a Debian 12 host), parsed by every
  /// collector, against Ansible's setup on the same host minutes apart: the same keys,
  /// and the same values except those that change between two gathers.
  @Test func recordedDebianOutputGivesAnsiblesFacts() throws {
    let output = SetupOutput(try Self.fixture("debian12.txt"))
    let (ours, warnings) = SetupModule.facts(output, collectors: SetupCollector.all)
    guard case let .dict(theirs) = try JSON.decode(try Self.fixture("debian12-ansible.json")) else {
      Issue.record("the Ansible fixture is not a mapping")
      return
    }
    let meta: Set<String> = ["gather_subset", "module_setup", "discovered_interpreter_python"]
    #expect(Set(ours.keys) == Set(theirs.keys).subtracting(meta))
    #expect(ours.count == 110 && warnings.isEmpty)
    let varying: Set<String> = [
      "ansible_date_time", "ansible_env", "ansible_loadavg", "ansible_memfree_mb", "ansible_memory_mb", "ansible_mounts",
      "ansible_uptime_seconds", "ansible_interfaces", "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host",
    ]
    for (key, value) in theirs where !varying.contains(key) && !meta.contains(key) {
      #expect(ours[key] == value, "\(key): \(JSON.dump(ours[key] ?? .null)) vs \(JSON.dump(value))")
    }
    for key in ["ansible_interfaces", "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host"] {
      #expect(Set(ours[key]?.listItems.map(\.plainText) ?? []) == Set(theirs[key]?.listItems.map(\.plainText) ?? []), "\(key)")
    }
  }

  @Test func gatherSubsetChoosesCollectorsAsAnsible() throws {
    let minimal = try SetupSubsets(["min"]).collectors
    #expect(Set(minimal) == SetupSubsets.minimal)
    #expect(try SetupSubsets(["!hardware"]).collectors == minimal)
    #expect(try SetupSubsets(["!all"]).collectors == minimal)
    #expect(try SetupSubsets(["!all", "!min"]).collectors.isEmpty)
    #expect(try SetupSubsets(["network"]).collectors == (minimal + ["network"]).sortedAsCollectors)
    // `devices` is a fact id of the hardware collector: asking for it runs hardware.
    #expect(try SetupSubsets(["!all", "devices"]).collectors.contains("hardware"))
    // Excluding a fact id alone leaves its collector, as Ansible's alias map does.
    #expect(try SetupSubsets(["all", "!devices"]).collectors.contains("hardware"))
    #expect(try !SetupSubsets(["all", "!hardware"]).collectors.contains("hardware"))
    // network needs distribution and platform, even when min is gone.
    #expect(try SetupSubsets(["!all", "!min", "network"]).collectors == ["platform", "distribution", "network"])
    let all = try SetupSubsets(["all"]).collectors
    #expect(all.count == SetupCollector.all.count)
    #expect(throws: ModuleError.self) { try SetupSubsets(["hardwre"]) }
    do {
      _ = try SetupSubsets(["bogus"])
    } catch {
      #expect(error.message.hasPrefix("Bad subset 'bogus' given to Ansible. gather_subset options allowed: all, all_ipv4_addresses, all_ipv6_addresses, apparmor,"))
    }
  }

  @Test func filterMatchesWithAndWithoutThePrefix() {
    let facts: ValueDict = ["ansible_distribution": "Debian", "ansible_distribution_version": "12", "ansible_kernel": "6", "module_setup": true]
    #expect(Set(SetupModule.filter(facts, ["distribution*"]).keys) == ["ansible_distribution", "ansible_distribution_version"])
    #expect(Set(SetupModule.filter(facts, ["ansible_kernel"]).keys) == ["ansible_kernel"])
    #expect(SetupModule.filter(facts, ["*"]) == facts)
    #expect(Set(SetupModule.filter(facts, ["module_setup"]).keys) == ["module_setup"])
  }

  @Test func distributionOfDebianAndUbuntu() throws {
    let debian = SetupDistributionFacts.parse(Self.files([
      "/etc/os-release": "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian",
      "/etc/debian_version": "12.11",
    ], extra: "@@release_files\n/etc/os-release\n"))
    #expect(debian["distribution"] == "Debian" && debian["distribution_version"] == "12.11" && debian["distribution_major_version"] == "12")
    #expect(debian["distribution_minor_version"] == "11" && debian["distribution_release"] == "bookworm" && debian["os_family"] == "Debian")
    #expect(debian["distribution_file_path"] == "/etc/os-release" && debian["distribution_file_variety"] == "Debian" && debian["distribution_file_parsed"] == true)
    // As Ansible's Distribution answered for these files (no minor version on Ubuntu).
    let ubuntu = SetupDistributionFacts.parse(Self.files([
      "/etc/os-release": try Self.fixture("ubuntu-os-release"), "/etc/debian_version": "trixie/sid",
    ], extra: "@@release_files\n/etc/os-release\n/etc/lsb-release\n"))
    #expect(ubuntu == [
      "distribution": "Ubuntu", "distribution_release": "noble", "distribution_version": "24.04", "distribution_major_version": "24",
      "distribution_file_path": "/etc/os-release", "distribution_file_variety": "Debian", "distribution_file_parsed": true, "os_family": "Debian",
    ])
  }

  @Test func kernelCommandLineAsPythonsShlex() {
    #expect(SetupSystemFacts.splitNonPOSIX("a=1 b \"c d\"e f") == ["a=1", "b", "\"c d\"", "e", "f"])
    #expect(SetupSystemFacts.splitNonPOSIX("a=1 \"open") == ["a=1"])
    let output = Self.files(["/proc/cmdline": "console=ttyS0 quiet console=tty0 ro"])
    let facts = SetupSystemFacts.cmdline.parse(output, [:])
    #expect(facts["cmdline"] == .dict(["console": "tty0", "quiet": true, "ro": true]))
    #expect(facts["proc_cmdline"] == .dict(["console": .list(["ttyS0", "tty0"]), "quiet": true, "ro": true]))
  }

  @Test func resolvConfAsAnsible() {
    let dns = SetupSystemFacts.parseResolvConf("# comment\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch a.example b.example\noptions ndots:2 rotate\ndomain example")
    #expect(dns == [
      "nameservers": .list(["10.0.0.1", "10.0.0.2"]), "search": .list(["a.example", "b.example"]), "options": .dict(["ndots": "2", "rotate": true]),
      "domain": "example",
    ])
  }

  @Test func sizesAsBytesToHuman() {
    #expect(SetupDeviceFacts.humanSize(0) == "0.00 Bytes")
    #expect(SetupDeviceFacts.humanSize(512) == "512.00 Bytes")
    #expect(SetupDeviceFacts.humanSize(270_553_174_016) == "251.97 GB")
  }

  @Test func iniFactsAsConfigParser() {
    let parsed = SetupINIParser.parse("[DEFAULT]\nshared = yes\n[web]\nPort = 80\nname: front %(shared)s\nlong = one\n  two\n; comment\n[db]\nport=5432")
    #expect(parsed == .success([
      "web": ["port": "80", "name": "front yes", "long": "one\ntwo", "shared": "yes"], "db": ["port": "5432", "shared": "yes"],
    ]))
    #expect(SetupINIParser.parse("key = value") == .failure(.syntax))
    #expect(SetupINIParser.parse("[a]\nk=1\nk=2") == .failure(.syntax))
    #expect(SetupINIParser.parse("[a]\nk=50%") == .failure(.interpolation("'%' must be followed by '%' or '(', found: '%'")))
    #expect(SetupINIParser.parse("") == .success([:]))
  }

  @Test func localFactsReadJSONINIAndScriptOutput() {
    func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }
    let output = SetupOutput("""
      @@local
      @@localfact 1
      name=\(hex("/f/b.fact"))
      mode=644
      content=\(hex("[s]\nk = v\n"))
      @@localfact 2
      name=\(hex("/f/a.fact"))
      mode=644
      content=\(hex("{\"x\": [1, 2]}"))
      @@localfact 3
      name=\(hex("/f/run.fact"))
      mode=755
      out=\(hex("{\"ran\": true}\n"))
      rc=0
      err=
      @@localfact 4
      name=\(hex("/f/bad.fact"))
      mode=755
      out=
      rc=3
      err=\(hex("oops\n"))
      @@localfact 5
      name=\(hex("/f/text.fact"))
      mode=600
      content=\(hex("not ini"))
      """)
    let (facts, warnings) = SetupLocalFacts.parse(output)
    #expect(facts["a"] == .dict(["x": .list([1, 2])]))
    #expect(facts["b"] == .dict(["s": .dict(["k": "v"])]))
    #expect(facts["run"] == .dict(["ran": true]))
    #expect(facts["bad"] == "Failure executing fact script (/f/bad.fact), rc: 3, err: oops\n")
    #expect(facts["text"] == "error loading facts as JSON or ini - please check content: /f/text.fact")
    #expect(warnings.count == 2)
  }

  /// vgs, lvs and pvs as root; without root (no listing) or without vgs, "N/A".
  @Test func lvmAsAnsible() {
    let root = SetupOutput("""
      @@lvm
      present
      @@vgs
        vg0,1,2,0,wz--n-,99.99,10.00
      @@lvs
        root,vg0,-wi-ao----,80.00
        swap,vg0,-wi-ao----,9.99
      @@pvs
        /dev/vda2,vg0,lvm2,a--,99.99,10.00
      """)
    #expect(SetupHardwareFacts.lvmFacts(root) == .dict([
      "vgs": .dict(["vg0": .dict(["size_g": "99.99", "free_g": "10.00", "num_lvs": "2", "num_pvs": "1"])]),
      "lvs": .dict(["root": .dict(["size_g": "80.00", "vg": "vg0"]), "swap": .dict(["size_g": "9.99", "vg": "vg0"])]),
      "pvs": .dict(["/dev/vda2": .dict(["size_g": "99.99", "free_g": "10.00", "vg": "vg0"])]),
    ]))
    #expect(SetupHardwareFacts.lvmFacts(SetupOutput("@@lvm\npresent\n")) == "N/A")
    #expect(SetupHardwareFacts.lvmFacts(SetupOutput("@@lvm\n")) == "N/A")
  }

  @Test func memoryAndProcessorsAsAnsible() {
    let output = SetupOutput("""
      @@file /proc/meminfo
      MemTotal:       24684000 kB
      MemFree:        19504128 kB
      Buffers:          102400 kB
      Cached:          2048000 kB
      SwapCached:            0 kB
      SwapTotal:             0 kB
      SwapFree:              0 kB
      @@cpuinfo
      processor\t: 0
      vendor_id\t: AuthenticAMD
      model name\t: AMD EPYC
      flags\t\t: fpu vme
      processor\t: 1
      vendor_id\t: AuthenticAMD
      model name\t: AMD EPYC
      @@nproc
      2
      """)
    let memory = SetupHardwareFacts.memoryFacts(output)
    #expect(memory["memtotal_mb"] == 24105 && memory["memfree_mb"] == 19047)
    #expect(memory["memory_mb"] == .dict([
      "real": .dict(["total": 24105, "used": 5058, "free": 19047]), "nocache": .dict(["free": 21147, "used": 2958]),
      "swap": .dict(["total": 0, "free": 0, "used": 0, "cached": 0]),
    ]))
    let cpu = SetupHardwareFacts.cpuFacts(output, architecture: "x86_64")
    #expect(cpu["processor"] == .list(["0", "AuthenticAMD", "AMD EPYC", "1", "AuthenticAMD", "AMD EPYC"]))
    #expect(cpu["processor_count"] == 2 && cpu["processor_cores"] == 1 && cpu["processor_threads_per_core"] == 1)
    #expect(cpu["processor_vcpus"] == 2 && cpu["processor_nproc"] == 2 && cpu["flags"] == .list(["fpu", "vme"]))
  }
}

extension Array where Element == String {
  /// Collector names in the order setup runs them.
  var sortedAsCollectors: [String] { SetupCollector.all.map(\.name).filter(contains) }
}
