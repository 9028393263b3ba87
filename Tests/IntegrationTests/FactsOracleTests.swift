import Foundation
import Testing

/// swiftplay's setup against Ansible's own setup module on the same lab host: every key
/// Ansible returns must be there with the same value, except the few listed in `varying`
/// (the clock, the load, free memory and space, the session's environment), which are
/// compared by what does not change between two calls. gather_subset forms and local
/// facts (fact_path) are checked against Ansible in the same way.
extension LabTests {
  @Suite struct FactsOracleTests {
    /// Keys whose values change between two gathers, and what is compared instead.
    static let varying: Set<String> = [
      "ansible_date_time",  // the clock: the keys, the date and the zone
      "ansible_env",  // the session: SSH_CLIENT's port, SHLVL, `_`, TERM; the user's own variables are compared
      "ansible_loadavg",  // the load: the three keys
      "ansible_memfree_mb", "ansible_memory_mb",  // free memory: the totals
      "ansible_mounts",  // free space: each mount's steady fields
      "ansible_uptime_seconds",  // the clock: within an hour
      "ansible_interfaces", "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host",  // Python sets: order is random
    ]

    static func facts(_ output: Lab.Output) throws -> [String: Any] {
      let json = output.stdout.drop { $0 != "{" }
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      return try #require(object?["ansible_facts"] as? [String: Any], "\(output.stdout.prefix(300))\(output.stderr)")
    }

    static func ansible(_ arguments: [String]) throws -> [String: Any] {
      let ansiblePlaybook = try #require(DifferentialRunner.findAnsiblePlaybook(), "ansible is not installed: run scripts/install-dependencies")
      let ansible = URL(fileURLWithPath: ansiblePlaybook).deletingLastPathComponent().appendingPathComponent("ansible").path
      try Lab.ensureUp()
      return try facts(try Lab.run(
        [ansible, "-i", Lab.inventory, "-m", "setup"] + arguments + ["lab1"],
        environment: ["ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_LOAD_CALLBACK_PLUGINS": "0"]))
    }

    static func swiftplay(_ arguments: [String]) throws -> [String: Any] {
      try facts(try Lab.swiftplay(["-i", Lab.inventory, "-m", "setup"] + arguments + ["lab1"]))
    }

    /// Equal as JSON values (key order aside); JSONSerialization's Foundation objects do
    /// not compare nested mappings reliably on Linux, their sorted JSON text does.
    static func same(_ a: Any?, _ b: Any?) -> Bool {
      guard let a, let b else { return a == nil && b == nil }
      return canonical(a) == canonical(b)
    }

    static func canonical(_ value: Any) -> String? {
      guard let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) else { return nil }
      return String(decoding: data, as: UTF8.self)
    }

    static func text(_ value: Any?) -> String {
      guard let value else { return "missing" }
      guard JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
        return "\(value)"
      }
      return String(decoding: data, as: UTF8.self).prefix(400).description
    }

    /// Every key of `theirs` in `ours` with the same value; the varying ones by their
    /// steady parts. Returns the keys compared.
    @discardableResult
    static func compare(ours: [String: Any], theirs: [String: Any], become: Bool = false) -> Int {
      #expect(Set(ours.keys) == Set(theirs.keys), "only Ansible: \(Set(theirs.keys).subtracting(ours.keys).sorted()), only swiftplay: \(Set(ours.keys).subtracting(theirs.keys).sorted())")
      for key in theirs.keys.sorted() where !varying.contains(key) {
        #expect(same(ours[key], theirs[key]), "\(key): swiftplay \(text(ours[key])), ansible \(text(theirs[key]))")
      }
      for key in ["ansible_interfaces", "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host"] where theirs[key] != nil {
        #expect(Set(ours[key] as? [String] ?? []) == Set(theirs[key] as? [String] ?? []), "\(key)")
      }
      if let theirEnv = theirs["ansible_env"] as? [String: Any] {
        let ourEnv = ours["ansible_env"] as? [String: Any] ?? [:]
        for key in ["HOME", "USER", "LOGNAME", "SHELL", "PWD", "PATH", "MAIL"] where theirEnv[key] != nil {
          #expect(same(ourEnv[key], theirEnv[key]), "ansible_env.\(key): swiftplay \(text(ourEnv[key])), ansible \(text(theirEnv[key]))")
        }
      }
      if let theirClock = theirs["ansible_date_time"] as? [String: Any] {
        let ourClock = ours["ansible_date_time"] as? [String: Any] ?? [:]
        #expect(Set(ourClock.keys) == Set(theirClock.keys))
        for key in ["date", "tz", "tz_dst", "tz_offset", "year", "weekday"] { #expect(same(ourClock[key], theirClock[key]), "ansible_date_time.\(key)") }
      }
      if let theirLoad = theirs["ansible_loadavg"] as? [String: Any] {
        #expect(Set((ours["ansible_loadavg"] as? [String: Any] ?? [:]).keys) == Set(theirLoad.keys))
      }
      if let theirMemory = theirs["ansible_memory_mb"] as? [String: [String: Any]] {
        let ourMemory = ours["ansible_memory_mb"] as? [String: [String: Any]] ?? [:]
        #expect(Set(ourMemory.keys) == Set(theirMemory.keys))
        #expect(same(ourMemory["real"]?["total"], theirMemory["real"]?["total"]) && same(ourMemory["swap"]?["total"], theirMemory["swap"]?["total"]))
      }
      if let theirUptime = theirs["ansible_uptime_seconds"] as? Int {
        let ourUptime = ours["ansible_uptime_seconds"] as? Int ?? -1
        #expect(ourUptime >= theirUptime - 5 && ourUptime - theirUptime < 3600, "ansible_uptime_seconds: \(ourUptime) vs \(theirUptime)")
      }
      let steady = ["device", "mount", "fstype", "options", "size_total", "block_size", "block_total", "inode_total", "dump", "passno", "uuid"]
      func mounts(_ facts: [String: Any]) -> [[String: String]] {
        (facts["ansible_mounts"] as? [[String: Any]] ?? []).map { mount in
          Dictionary(uniqueKeysWithValues: steady.map { ($0, "\(mount[$0] ?? "missing")") })
        }.sorted { $0["mount"] ?? "" < $1["mount"] ?? "" }
      }
      #expect(mounts(ours) == mounts(theirs))
      func mountKeys(_ facts: [String: Any]) -> Set<String> { Set((facts["ansible_mounts"] as? [[String: Any]])?.first?.keys ?? [:].keys) }
      #expect(mountKeys(ours) == mountKeys(theirs))
      return theirs.count
    }

    @Test func setupMatchesAnsiblesSetupOnTheSameHost() throws {
      let theirs = try Self.ansible([])
      #expect(theirs.count > 100, "Ansible's setup gave \(theirs.count) facts: the comparison would prove little")
      let ours = try Self.swiftplay([])
      Self.compare(ours: ours, theirs: theirs)
    }

    @Test func setupUnderBecomeMatchesAnsible() throws {
      let vars = try Lab.writeBecomeVars(try Lab.scratch() + "/become.yml")
      let theirs = try Self.ansible(["-b", "-e", "@" + vars])
      #expect(theirs["ansible_user_id"] as? String == "root")
      Self.compare(ours: try Self.swiftplay(["-b", "-e", "@" + vars]), theirs: theirs)
    }

    /// The same keys as Ansible for each form of gather_subset, and filter.
    @Test(arguments: [
      "gather_subset=!all", "gather_subset=!all,!min", "gather_subset=!all,network", "gather_subset=!all,!min,devices",
      "gather_subset=all,!hardware", "gather_subset=!hardware,virtual", "gather_subset=min,facter",
      "filter=ansible_distribution*", "filter=kernel", "gather_subset=!all,!min,dns filter=*",
    ])
    func gatherSubsetFormsMatchAnsible(_ arguments: String) throws {
      let theirs = try Self.ansible(["-a", arguments])
      let ours = try Self.swiftplay(["-a", arguments])
      #expect(Set(ours.keys) == Set(theirs.keys), "\(arguments): only Ansible \(Set(theirs.keys).subtracting(ours.keys).sorted()), only swiftplay \(Set(ours.keys).subtracting(theirs.keys).sorted())")
      Self.compare(ours: ours, theirs: theirs)
    }

    /// Local facts from a scratch fact_path: INI, JSON, an executable printing JSON, a
    /// failing executable, unreadable text, and a file that is not a fact.
    @Test func localFactsMatchAnsible() throws {
      let folder = try Lab.scratch()
      let manager = FileManager.default
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
      func write(_ name: String, _ text: String, mode: Int) throws {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
      }
      try write("web.fact", "[DEFAULT]\nzone = eu\n[server]\nPort = 8080\nname: front-%(zone)s\n\n[paths]\nroot=/srv\n", mode: 0o644)
      try write("app.fact", "{\"version\": \"1.2\", \"features\": [\"a\", \"b\"], \"n\": 3}", mode: 0o644)
      try write("probe.fact", "#!/bin/sh\necho '{\"who\": \"'$(id -un)'\"}'\n", mode: 0o755)
      try write("broken.fact", "#!/bin/sh\necho failing >&2\nexit 3\n", mode: 0o755)
      try write("garbage.fact", "this is neither\n", mode: 0o644)
      try write("skipped.txt", "{}", mode: 0o644)
      let arguments = ["-a", "fact_path=\(folder) gather_subset=!all,!min,local"]
      let theirs = try Self.ansible(arguments)
      let ours = try Self.swiftplay(arguments)
      let theirLocal = try #require(theirs["ansible_local"] as? [String: Any])
      #expect(Set(theirLocal.keys) == ["web", "app", "probe", "broken", "garbage"])
      #expect(Self.same(ours["ansible_local"], theirs["ansible_local"]), "swiftplay \(Self.text(ours["ansible_local"])), ansible \(Self.text(theirs["ansible_local"]))")
      let missing = try Self.swiftplay(["-a", "fact_path=\(folder)/none gather_subset=!all,!min,local"])
      #expect(Self.same(missing["ansible_local"], [String: Any]()))
    }
  }
}
