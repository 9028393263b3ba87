import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// The pure parts of the apt module on output recorded from Debian 12 (apt 2.6, dpkg
/// 1.21): parsing dpkg-query and apt-cache policy, version pins, the install/remove
/// decisions of Ansible's apt module, and the apt-get command lines.
struct AptModuleTests {
  static let dpkgOutput = """
    bash\tinstall ok installed\t5.2.15-2+b8
    libc6:amd64\tinstall ok installed\t2.36-9+deb12u14
    libc6:i386\tunknown ok not-installed\t
    oldconf\tdeinstall ok config-files\t1.0-1
    gone\tunknown ok not-installed\t

    """

  static let policyOutput = """
    libc6:
      Installed: 2.36-9+deb12u14
      Candidate: 2.36-9+deb12u14
      Version table:
     *** 2.36-9+deb12u14 500
            500 http://deb.debian.org/debian bookworm/main amd64 Packages
            100 /var/lib/dpkg/status
         2.36-9+deb12u7 500
            500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
    hello:
      Installed: (none)
      Candidate: 2.10-3
      Version table:
         2.10-3 500
            500 http://deb.debian.org/debian bookworm/main amd64 Packages
         2.10-2 500
            500 http://archive.example/debian bookworm/main amd64 Packages
    bash:
      Installed: 5.2.15-2+b8
      Candidate: 5.2.15-2+b13
      Version table:
         5.2.15-2+b13 500
            500 http://deb.debian.org/debian bookworm/main amd64 Packages
     *** 5.2.15-2+b8 100
            100 /var/lib/dpkg/status
    oldconf:
      Installed: (none)
      Candidate: 1.0-1
      Version table:
         1.0-1 500
            500 http://deb.debian.org/debian bookworm/main amd64 Packages
    mail-transport-agent:
      Installed: (none)
      Candidate: (none)
      Version table:

    """

  static let simulatedInstall = """
    Reading package lists...
    Building dependency tree...
    Reading state information...
    The following NEW packages will be installed:
      hello
    0 upgraded, 1 newly installed, 0 to remove and 139 not upgraded.
    Inst hello (2.10-3 Debian:12.15/oldstable [amd64])
    Conf hello (2.10-3 Debian:12.15/oldstable [amd64])

    """

  @Test func dpkgQueryOutputIsParsed() {
    let packages = AptParse.dpkgQuery(Self.dpkgOutput)
    #expect(packages["bash"] == DpkgPackage(state: "installed", version: "5.2.15-2+b8"))
    #expect(packages["libc6"] == DpkgPackage(state: "installed", version: "2.36-9+deb12u14"), "an installed arch wins")
    #expect(packages["libc6:i386"]?.isInstalled == false)
    #expect(packages["oldconf"].map { !$0.isInstalled && $0.hasFiles } == true)
    #expect(packages["gone"].map { !$0.isInstalled && !$0.hasFiles } == true)
    #expect(packages["hello"] == nil)
  }

  @Test func policyOutputIsParsed() {
    let policy = AptParse.policy(Self.policyOutput)
    #expect(policy["libc6"] == AptPolicy(installed: "2.36-9+deb12u14", candidate: "2.36-9+deb12u14", versions: ["2.36-9+deb12u14", "2.36-9+deb12u7"]))
    #expect(policy["hello"] == AptPolicy(installed: nil, candidate: "2.10-3", versions: ["2.10-3", "2.10-2"]))
    #expect(policy["bash"]?.versions == ["5.2.15-2+b13", "5.2.15-2+b8"])
    #expect(policy["mail-transport-agent"] == AptPolicy(installed: nil, candidate: nil, versions: []))
    #expect(policy["nosuch"] == nil)
  }

  @Test(arguments: [
    ("hello", "hello", nil), ("hello=2.10-3", "hello", "2.10-3"), ("hello=2.10*", "hello", "2.10*"),
    ("libc6:amd64=2.36*", "libc6:amd64", "2.36*"),
  ] as [(String, String, String?)])
  func specsSplitAtTheFirstEquals(spec: String, name: String, version: String?) {
    #expect(AptSpec(spec) == AptSpec(name: name, version: version))
  }

  @Test(arguments: [
    ("2.10-3", "2.10-3", true), ("2.10-3", "2.10*", true), ("2.10-3", "2.1*", true), ("2.10-3", "2.1", false),
    ("1:2.3-1", "1:2.3*", true), ("2.10-3", "2.10-?", true), ("2.10-3", "2.10-[12]", false), ("2.10-3", "*", true),
    ("5.2.15-2+b8", "5.2.15-2+b1*", false),
  ] as [(String, String, Bool)])
  func pinsMatchLikeFnmatch(version: String, pin: String, expected: Bool) {
    #expect(AptSpec.matches(version, pin: pin) == expected)
  }

  /// Ansible's install decisions, case by case.
  @Test(arguments: [
    (["hello"], false, false, .success(["hello=2.10-3"])),
    (["hello=2.10-2"], false, false, .success(["hello=2.10-2"])),
    (["hello=2.10*"], false, false, .success(["hello=2.10-3"])),
    (["hello=3*"], false, false, .failure(AptFailure(message: "no available installation candidate for hello=3*"))),
    (["bash"], false, false, .success([])),
    (["bash"], true, false, .success(["bash=5.2.15-2+b13"])),
    (["bash=5.2.15-2+b8"], false, false, .success([])),
    (["bash=5.2.15-2+b1*"], false, false, .success(["bash=5.2.15-2+b13"])),
    (["libc6"], true, false, .success([])),
    (["hello"], false, true, .success([])),
    (["bash"], true, true, .success(["bash=5.2.15-2+b13"])),
    (["oldconf"], false, false, .success(["oldconf=1.0-1"])),
    (["mail-transport-agent"], false, false, .success(["mail-transport-agent"])),
    (["nosuch"], false, false, .failure(AptFailure(message: "No package matching 'nosuch' is available"))),
    (["bash", "hello"], false, false, .success(["hello=2.10-3"])),
  ] as [([String], Bool, Bool, Result<[String], AptFailure>)])
  func installDecisions(specs: [String], latest: Bool, onlyUpgrade: Bool, expected: Result<[String], AptFailure>) {
    let words = AptModule.installWords(
      specs.map(AptSpec.init), dpkg: AptParse.dpkgQuery(Self.dpkgOutput), policy: AptParse.policy(Self.policyOutput),
      latest: latest, onlyUpgrade: onlyUpgrade)
    #expect(words == expected)
  }

  @Test(arguments: [
    (["bash"], false, ["bash"]), (["hello"], false, []), (["oldconf"], false, []), (["oldconf"], true, ["oldconf"]),
    (["bash=5.2*"], false, ["bash"]), (["bash=4*"], false, []), (["gone"], true, []), (["libc6", "hello"], true, ["libc6"]),
  ] as [([String], Bool, [String])])
  func removeDecisions(specs: [String], purge: Bool, expected: [String]) {
    #expect(AptModule.removeWords(specs.map(AptSpec.init), dpkg: AptParse.dpkgQuery(Self.dpkgOutput), purge: purge) == expected)
  }

  static let lock = ["-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold", "-o", "DPkg::Lock::Timeout=60"]

  @Test(arguments: [
    (AptOptions(), ["apt-get", "-y"] + lock + ["install", "hello=2.10-3"]),
    (AptOptions(installRecommends: false), ["apt-get", "-y"] + lock + ["install", "hello=2.10-3", "-o", "APT::Install-Recommends=no"]),
    (AptOptions(onlyUpgrade: true, allowDowngrade: true, defaultRelease: "bookworm-backports"),
     ["apt-get", "-y"] + lock + ["--only-upgrade", "install", "hello=2.10-3", "-t", "bookworm-backports", "--allow-downgrades"]),
    (AptOptions(dpkgOptions: "force-confnew", lockTimeout: 5, force: true, autoremove: true),
     ["apt-get", "-y", "-o", "Dpkg::Options::=--force-confnew", "-o", "DPkg::Lock::Timeout=5", "--allow-unauthenticated",
      "--allow-downgrades", "--allow-remove-essential", "--allow-change-held-packages", "--auto-remove", "install", "hello=2.10-3"]),
  ] as [(AptOptions, [String])])
  func installCommandLines(options: AptOptions, expected: [String]) {
    #expect(AptCommandLine.install(["hello=2.10-3"], options, simulate: false) == expected)
    let simulated = AptCommandLine.install(["hello=2.10-3"], options, simulate: true)
    #expect(simulated.filter { $0 != "--simulate" } == expected && simulated.contains("--simulate"))
  }

  @Test func otherCommandLines() {
    #expect(AptCommandLine.remove(["hello"], AptOptions(purge: true), simulate: true)
      == ["apt-get", "-q", "-y"] + Self.lock + ["--purge", "--simulate", "remove", "hello"])
    #expect(AptCommandLine.upgrade("dist", AptOptions(), simulate: false) == ["apt-get", "-y"] + Self.lock + ["dist-upgrade"])
    #expect(AptCommandLine.upgrade("safe", AptOptions(), simulate: true)
      == ["apt-get", "-y"] + Self.lock + ["--simulate", "upgrade", "--with-new-pkgs"])
    #expect(AptCommandLine.cleanup("autoremove", AptOptions(purge: true), simulate: false)
      == ["apt-get", "-y"] + Self.lock + ["--purge", "autoremove"])
    #expect(AptCommandLine.render(["apt-get", "install", "a b"])
      == "DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=C LC_ALL=C LC_MESSAGES=C LC_CTYPE=C LANGUAGE=C apt-get install 'a b'")
  }

  @Test func preparedDiffIsTheSummaryPart() {
    #expect(AptParse.prepared(Self.simulatedInstall) == """
      The following NEW packages will be installed:
        hello
      0 upgraded, 1 newly installed, 0 to remove and 139 not upgraded.
      """)
    #expect(Self.simulatedInstall.contains(AptCommandLine.nothingToDo) == false)
    #expect("x\n0 upgraded, 0 newly installed, 0 to remove and 139 not upgraded.".contains(AptCommandLine.nothingToDo))
    #expect(AptParse.prepared("just text") == "just text")
  }

  @Test func cacheStampIsReadFromTheHost() {
    #expect(AptCacheStamp.parse("1700000000\n1700003600\n") == AptCacheStamp(time: 1_700_000_000, now: 1_700_003_600))
    #expect(AptCacheStamp.parse("1700003600\n") == AptCacheStamp(time: 0, now: 1_700_003_600))
  }

  static func apt(_ options: ValueDict) throws(ModuleError) -> AptModule {
    try AptModule(arguments: ModuleArguments(options: options))
  }

  @Test func argumentsFollowAnsible() throws {
    #expect(ModuleRegistry.lookup("ansible.builtin.apt") == AptModule.self)
    let list = try Self.apt(["pkg": "hello, sl", "update-cache": "yes", "install-recommends": "no", "allow_downgrades": true])
    #expect(list.packages == ["hello", "sl"] && list.updateCache && list.options.installRecommends == false && list.options.allowDowngrade)
    let yaml = try Self.apt(["name": .list(["hello=2.10*", "sl"]), "state": "latest", "cache_valid_time": "3600"])
    #expect(yaml.packages == ["hello=2.10*", "sl"] && !yaml.allInstalled)
    #expect(try Self.apt(["name": "*", "state": "latest"]).allInstalled)
    #expect(yaml.updateCache && yaml.cacheValidTime == 3600 && yaml.options.dpkgOptions == "force-confdef,force-confold")
    #expect(yaml.options.lockTimeout == 60 && yaml.options.installRecommends == nil && yaml.upgrade == nil)
    #expect(try Self.apt(["upgrade": "dist"]).upgrade == "dist")
  }

  static let badArguments: [(ValueDict, String)] = [
    (["name": "hello", "color": "red"], "Unsupported parameters for (apt) module: color."),
    (["name": "hello", "upgrade": "yes"], "parameters are mutually exclusive: deb|package|upgrade"),
    (["name": "hello", "state": "gone"], "value of state must be one of: absent, build-dep, fixed, latest, present, got: gone"),
    (["name": "hello=1=2"], "invalid package spec: hello=1=2"),
    (["deb": "/tmp/x.deb", "state": "absent"], "deb only supports state=present"),
    (["name": .list(["*", "hello"]), "state": "latest"], "unable to install additional packages when upgrading all installed packages"),
    (["name": "hello", "purge": "maybe"], "argument 'purge' is of type str and we were unable to convert to bool"),
    (["name": "hello", "cache_valid_time": "soon"], "argument 'cache_valid_time' is of type str and we were unable to convert to int"),
  ]

  @Test(arguments: badArguments)
  func badArgumentsAreRefused(options: ValueDict, message: String) {
    #expect {
      try Self.apt(options)
    } throws: { error in
      (error as? ModuleError)?.message.hasPrefix(message) == true
    }
  }

  /// package takes apt's arguments (apt is its only backend here) and needs name and state.
  @Test func packageModuleWrapsApt() throws {
    let package = try PackageModule(arguments: ModuleArguments(options: ["name": "hello", "state": "installed", "use": "auto"]))
    #expect(package.apt.packages == ["hello"] && package.apt.state == "present" && package.use == "auto")
    #expect(ModuleRegistry.lookup("ansible.builtin.package") == PackageModule.self)
    for (options, message) in [
      (["name": "hello"] as ValueDict, "missing required arguments: state"),
      (["name": "hello", "state": "present", "colour": "red"], "Unsupported parameters for (package) module: colour."),
      (["name": "hello", "state": "gone"], "value of state must be one of"),
    ] {
      #expect(throws: ModuleError.self) { try PackageModule(arguments: ModuleArguments(options: options)) }
      do {
        _ = try PackageModule(arguments: ModuleArguments(options: options))
      } catch {
        #expect(error.message.hasPrefix(message), "\(error.message)")
      }
    }
  }

  /// Expected orders are dpkg's own: `dpkg --compare-versions A lt|gt B` on Debian 12.
  @Test(arguments: [
    ("1.0", "1.0", 0), ("1.0", "1.0-1", -1), ("1.0~rc1", "1.0", -1), ("1:1.0", "2.0", 1), ("1.10", "1.9", 1),
    ("1.0a", "1.0", 1), ("1.0+b1", "1.0", 1), ("2.10-3", "2.10-2", 1), ("5.2.15-2+b13", "5.2.15-2+b8", 1),
    ("1.0~", "1.0~~", 1), ("1.0-1", "1.0-1~bpo1", 1), ("1.00", "1.0", 0), ("1.28.2-1.1", "1.28.10-1.1", -1),
    ("0:1.2", "1.2", 0), ("1.0.0", "1.0", 1),
  ] as [(String, String, Int)])
  func debianVersionsOrderLikeDpkg(a: String, b: String, expected: Int) {
    #expect(DebianVersion.compare(a, b) == expected)
    #expect(DebianVersion.compare(b, a) == -expected)
  }

  @Test func atLeastSpecs() {
    #expect(AptSpec("hello>=2.10") == AptSpec(name: "hello", version: "2.10", atLeast: true))
    let dpkg = AptParse.dpkgQuery(Self.dpkgOutput)
    let policy = AptParse.policy(Self.policyOutput)
    func words(_ spec: String, latest: Bool = false) -> Result<[String], AptFailure> {
      AptModule.installWords([AptSpec(spec)], dpkg: dpkg, policy: policy, latest: latest, onlyUpgrade: false)
    }
    #expect(words("bash>=5.2") == .success([]), "installed and new enough")
    #expect(words("bash>=5.2.15-2+b10") == .success(["bash=5.2.15-2+b13"]), "too old: the candidate")
    #expect(words("hello>=2.0") == .success(["hello=2.10-3"]))
    #expect(AptModule.removeWords([AptSpec("bash>=6")], dpkg: dpkg, purge: false) == [])
    #expect(AptModule.removeWords([AptSpec("bash>=5")], dpkg: dpkg, purge: false) == ["bash"])
  }

  @Test func policyRcDWrapsTheRealCommand() throws {
    #expect(AptCommandLine.withPolicyRcD(nil, "apt-get install x") == "apt-get install x")
    let script = AptCommandLine.withPolicyRcD(101, "apt-get install x")
    #expect(script.contains("printf '#!/bin/sh\\nexit %d\\n' 101 > /usr/sbin/policy-rc.d"))
    #expect(script.split(separator: "\n")[2] == "apt-get install x")
    #expect(try Self.apt(["name": "x", "policy_rc_d": "101"]).options.policyRcD == 101)
  }
}
