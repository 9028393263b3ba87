import Foundation
import Testing
import ValueModel

/// `--shard I/N` and `swiftplay report merge` end to end: one playbook on the lab hosts
/// (and one host that cannot be reached) unsharded, then as 2 and as 3 shards whose json
/// reports merge into the unsharded run's report, recap and exit code.
extension LabTests {
  @Suite struct ShardTests {
    /// Every kind of outcome: ok, changed, skipped, a loop, an ignored failure, a rescue, a
    /// failure for good, an unreachable host, and a second play the failed hosts sit out.
    static let playbook = """
      - name: Sharded work
        hosts: all
        gather_facts: false
        vars:
          marker: "WORK/{{ inventory_hostname }}"
        tasks:
          - name: Say who
            ansible.builtin.command: echo {{ inventory_hostname }}
            register: who
            changed_when: false
          - name: Leave a marker
            ansible.builtin.copy:
              dest: "{{ marker }}"
              content: "{{ who.stdout }}\\n"
              mode: "0600"
          - name: Only on lab2
            ansible.builtin.debug:
              msg: second host
            when: inventory_hostname == 'lab2'
          - name: A loop
            ansible.builtin.command: echo {{ item }}
            loop: [a, b]
            changed_when: item == 'b'
          - name: An ignored failure on lab4
            ansible.builtin.command: "false"
            when: inventory_hostname == 'lab4'
            ignore_errors: true
          - block:
              - name: Fails on lab3
                ansible.builtin.fail:
                  msg: planned
                when: inventory_hostname == 'lab3'
            rescue:
              - name: Rescue lab3
                ansible.builtin.debug:
                  msg: rescued
          - name: lab5 fails for good
            ansible.builtin.fail:
              msg: planned failure
            when: inventory_hostname == 'lab5'
          - name: The others go on
            ansible.builtin.stat:
              path: "{{ marker }}"
      - name: Second play
        hosts: lab
        gather_facts: false
        tasks:
          - name: Still here
            ansible.builtin.debug:
              msg: "{{ inventory_hostname }} is still here"
      """

    /// The lab's five hosts and `down1`, where nothing listens: sorted by name, down1 is
    /// first, so slices are [down1 lab2 lab4] [lab1 lab3 lab5] and [down1 lab3] [lab1 lab4] [lab2 lab5].
    static func inventory() throws -> String {
      var lines = ["[lab]"]
      for index in 1...Lab.hostCount { lines.append("lab\(index) ansible_host=\(Lab.address(index))") }
      lines += ["[down]", "down1 ansible_host=127.0.0.1 ansible_port=1", "[all:vars]", Lab.connectionVars(separator: "\n")]
      return try Lab.writeInventory(lines.joined(separator: "\n") + "\n")
    }

    struct Workspace {
      let folder: String
      let playbook: String
      let inventory: String

      /// Each run starts from no markers, so every run changes the same things.
      func clean() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("lab") {
          try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
      }

      /// One run (a shard, or the whole inventory) with its json report written to `report`.
      func run(shard: String?, report: String) throws -> Int32 {
        try clean()
        let result = try Lab.swiftplay(["-i", inventory] + (shard.map { ["--shard", $0] } ?? []) + ["--output", "json", playbook])
        try result.stdout.write(toFile: report, atomically: true, encoding: .utf8)
        return result.code
      }
    }

    static func workspace() throws -> Workspace {
      let folder = try Lab.scratch()
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
      let playbook = folder + "/site.yml"
      try Self.playbook.replacingOccurrences(of: "WORK", with: folder).write(toFile: playbook, atomically: true, encoding: .utf8)
      return Workspace(folder: folder, playbook: playbook, inventory: try inventory())
    }

    /// What differs between two runs of the same tasks: time stamps, the temporary source
    /// path of a copy, and what stat says of a file made anew (its times and inode).
    static let volatileKeys: Set<String> = ["duration", "start", "end", "delta", "src", "atime", "mtime", "ctime", "inode", "version"]

    static func stable(_ value: JSON) -> JSON {
      switch value {
      case let dict as [String: JSON]:
        return dict.filter { !volatileKeys.contains($0.key) }.mapValues(stable)
      case let list as [JSON]:
        return list.map(stable)
      default:
        return value
      }
    }

    typealias JSON = Any

    static func document(_ path: String) throws -> [String: JSON] {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: JSON], "\(path) holds no json object")
    }

    static func canonical(_ value: JSON) throws -> String {
      String(decoding: try JSONSerialization.data(withJSONObject: stable(value), options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    /// The PLAY RECAP block of a default-output run or of `report merge`.
    static func recap(_ text: String) -> String {
      guard let range = text.range(of: "PLAY RECAP") else { return "" }
      return String(text[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func mergedShardReportsAreTheUnshardedRun() throws {
      let work = try Self.workspace()
      defer { try? work.clean() }
      let whole = work.folder + "/whole.json"
      let wholeCode = try work.run(shard: nil, report: whole)
      #expect(wholeCode == 4, "an unreachable host makes ansible-playbook exit 4")
      let unsharded = try Self.document(whole)
      try work.clean()
      let text = try Lab.swiftplay(["-i", work.inventory, work.playbook])
      #expect(text.code == 4)
      let wholeRecap = Self.recap(text.stdout)
      #expect(wholeRecap.contains("lab3                       : ok=6    changed=2    unreachable=0    failed=0    skipped=3    rescued=1    ignored=0"), "\(wholeRecap)")

      for count in [2, 3] {
        var reports: [String] = []
        var codes: [Int32] = []
        for index in 1...count {
          let report = work.folder + "/shard-\(index)-of-\(count).json"
          codes.append(try work.run(shard: "\(index)/\(count)", report: report))
          reports.append(report)
        }
        // Each shard exits for its own hosts: 4 where down1 is (it sorts first), 2 where lab5
        // failed, 0 for [lab1 lab4] of 3 (an ignored failure is no failure).
        #expect(codes == (count == 2 ? [4, 2] : [4, 0, 2]), "\(count) shards exited \(codes)")
        let merged = work.folder + "/merged-\(count).json"
        let merge = try Lab.swiftplay(["report", "merge", "--output", merged] + reports.reversed())
        #expect(merge.code == wholeCode, "\(merge.stdout)\(merge.stderr)")
        #expect(merge.stderr.isEmpty, "\(merge.stderr)")
        #expect(Self.recap(merge.stdout) == wholeRecap, "\(count) shards:\n\(merge.stdout)\nunsharded:\n\(wholeRecap)")
        let document = try Self.document(merged)
        #expect(try Self.canonical(document["stats"] as Any) == Self.canonical(unsharded["stats"] as Any))
        // Every task's results on every host, as the unsharded run reported them.
        let got = try Self.canonical(document["plays"] as Any)
        let want = try Self.canonical(unsharded["plays"] as Any)
        #expect(got == want, "\(count) shards: the merged plays differ from the unsharded ones")
        if got != want { Self.reportFirstDifference(got, want) }
        // Without --output the merged report is standard output and the recap standard error.
        let piped = try Lab.swiftplay(["report", "merge"] + reports)
        #expect(try Self.canonical(JSONSerialization.jsonObject(with: Data(piped.stdout.utf8))) == Self.canonical(document))
        #expect(Self.recap(piped.stderr) == wholeRecap)
      }
    }

    static func reportFirstDifference(_ got: String, _ want: String) {
      let gotLines = got.components(separatedBy: "\n"), wantLines = want.components(separatedBy: "\n")
      for index in 0..<max(gotLines.count, wantLines.count) {
        let a = index < gotLines.count ? gotLines[index] : "<end>", b = index < wantLines.count ? wantLines[index] : "<end>"
        if a != b {
          Issue.record("line \(index + 1): merged \(a) | unsharded \(b)")
          return
        }
      }
    }

    /// The shell steps of `examples/kubernetes-shards`, as the pods would run them: each
    /// shard's script with its JOB_COMPLETION_INDEX in the project folder (the ConfigMap's
    /// mount), then the merge Job's script, the reports in a scratch folder instead of the
    /// volume. What is not run: Kubernetes itself (see KubernetesShardsExampleTests).
    @Test func theKubernetesExampleScriptsRunTheShardsAndTheMerge() throws {
      let work = try Self.workspace()
      defer { try? work.clean() }
      let example = Lab.root + "/examples/kubernetes-shards/"
      let shardJob = try String(contentsOfFile: example + "shards-job.yaml", encoding: .utf8)
      let mergeJob = try String(contentsOfFile: example + "merge-job.yaml", encoding: .utf8)
      #expect(shardJob.contains("completions: 4\n") && shardJob.contains("value: \"4\"\n"))
      let project = work.folder + "/project", reports = work.folder + "/reports"
      for folder in [project, reports] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) }
      try FileManager.default.copyItem(atPath: work.playbook, toPath: project + "/site.yml")
      try FileManager.default.copyItem(atPath: work.inventory, toPath: project + "/inventory.ini")
      let environment = [
        "PATH": URL(fileURLWithPath: Lab.binary).deletingLastPathComponent().path + ":/usr/bin:/bin", "SHARD_COUNT": "4", "HOME": "/tmp",
      ]
      try work.clean()
      let whole = try Lab.swiftplay(["-i", work.inventory, work.playbook])
      try work.clean()
      let shardScript = Self.literalBlock(shardJob).replacingOccurrences(of: "/reports", with: reports)
      for index in 0..<4 {
        try Lab.ensureUp()
        let pod = try Lab.run(["sh", "-c", shardScript], environment: environment.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 }, in: project)
        // Failed and unreachable hosts are results: the pod completes, the merge tells.
        #expect(pod.code == 0, "pod \(index): \(pod.stdout)\(pod.stderr)")
        #expect(pod.stdout.hasPrefix("shard \(index + 1)/4: exit "), "\(pod.stdout)")
      }
      let reportNames = try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
      #expect(reportNames == (1...4).map { "shard-\($0)-of-4.json" })
      let merge = try Lab.run(["sh", "-c", Self.literalBlock(mergeJob).replacingOccurrences(of: "/reports", with: reports)], environment: environment)
      #expect(merge.code == whole.code && merge.code == 4, "\(merge.stdout)\(merge.stderr)")
      #expect(Self.recap(merge.stdout) == Self.recap(whole.stdout), "\(merge.stdout)\n\(whole.stdout)")
      #expect(FileManager.default.fileExists(atPath: reports + "/merged.json"))
    }

    /// The first `- |` literal block of a manifest, without its indentation.
    static func literalBlock(_ yaml: String) -> String {
      let lines = yaml.components(separatedBy: "\n")
      guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- |" }) else { return "" }
      let dash = lines[start].prefix { $0 == " " }.count
      var block: [String] = []
      for line in lines[(start + 1)...] {
        if !line.trimmingCharacters(in: .whitespaces).isEmpty && line.prefix(while: { $0 == " " }).count <= dash { break }
        block.append(line)
      }
      let indent = block.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
      return block.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
    }

    /// Each shard lists its own slice, every host in exactly one; `--limit` narrows a
    /// slice and never moves a host to another.
    @Test func slicesPartitionTheInventoryWhateverTheLimit() throws {
      let work = try Self.workspace()
      func hosts(_ arguments: [String]) throws -> [String] {
        let result = try Lab.swiftplay(["-i", work.inventory, "--list-hosts"] + arguments + ["all"])
        #expect(result.code == 0, "\(result.stderr)")
        return result.stdout.components(separatedBy: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      }
      #expect(try hosts(["--shard", "1/3"]) == ["lab3", "down1"])
      #expect(try hosts(["--shard", "2/3"]) == ["lab1", "lab4"])
      #expect(try hosts(["--shard", "3/3"]) == ["lab2", "lab5"])
      #expect(try hosts(["--shard", "2/3", "--limit", "lab4:lab5"]) == ["lab4"])
      #expect(try hosts(["--shard", "1/3", "--limit", "lab1"]).isEmpty)
      var seen: [String] = []
      for index in 1...4 { seen += try hosts(["--shard", "\(index)/4"]) }
      #expect(seen.sorted() == ["down1", "lab1", "lab2", "lab3", "lab4", "lab5"])
      let playbookHosts = try Lab.swiftplay(["-i", work.inventory, "--shard", "2/2", "--list-hosts", work.playbook])
      #expect(playbookHosts.stdout.contains("pattern: ['all']\n    hosts (3):\n      lab1\n      lab3\n      lab5\n"), "\(playbookHosts.stdout)")
    }

    /// The slice is the run's whole inventory: run_once runs once per shard, and
    /// `groups` and `hostvars` hold the shard's hosts only.
    @Test func aShardSeesOnlyItsHosts() throws {
      let work = try Self.workspace()
      let playbook = work.folder + "/once.yml"
      try """
        - hosts: lab
          gather_facts: false
          tasks:
            - debug:
                msg: "{{ groups['lab'] | join(',') }} / {{ hostvars.keys() | sort | join(',') }}"
              run_once: true
        """.write(toFile: playbook, atomically: true, encoding: .utf8)
      for (shard, expected) in [("1/2", "lab2,lab4 / down1,lab2,lab4"), ("2/2", "lab1,lab3,lab5 / lab1,lab3,lab5")] {
        let result = try Lab.swiftplay(["-i", work.inventory, "--shard", shard, playbook])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\"msg\": \"\(expected)\""), "\(shard): \(result.stdout)")
        #expect(result.stdout.occurrences(of: "ok: [") == 1, "run_once ran once in shard \(shard)")
      }
    }

    @Test(arguments: [
      ("0/3", "ERROR! --shard 0/3: slices are numbered 1 to 3: use --shard 1/3 to --shard 3/3\n"),
      ("4/3", "ERROR! --shard 4/3: slices are numbered 1 to 3: use --shard 1/3 to --shard 3/3\n"),
      ("x", "ERROR! --shard takes I/N, the I-th of N slices of the inventory (e.g. --shard 2/3), not 'x'\n"),
    ])
    func badShardsAreUsageErrors(value: String, message: String) throws {
      for mode in [["site.yml"], ["-m", "ping", "all"]] {
        let result = try Lab.swiftplay(["-i", Lab.inventory, "--shard", value] + mode)
        #expect(result.code == 5 && result.stderr == message && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
      }
    }

    @Test func mergeNamesTheFileThatIsNoReport() throws {
      let folder = try Lab.scratch()
      let good = folder + "/good.json", bad = folder + "/bad.json"
      try #"{"plays": [], "stats": {"lab1": {"ok": 1, "changed": 0, "failures": 0, "unreachable": 0}}}"#.write(toFile: good, atomically: true, encoding: .utf8)
      try "PLAY RECAP *****\n".write(toFile: bad, atomically: true, encoding: .utf8)
      let result = try Lab.swiftplay(["report", "merge", good, bad])
      #expect(result.code == 1 && result.stdout.isEmpty)
      #expect(result.stderr.hasPrefix("ERROR! \(bad) is not JSON ("), "\(result.stderr)")
      #expect(result.stderr.contains("write each shard's report with `swiftplay --shard I/N --output json PLAYBOOK > FILE`"))
      let missing = try Lab.swiftplay(["report", "merge", folder + "/nothing.json"])
      #expect(missing.code == 1 && missing.stderr.hasPrefix("ERROR! cannot read \(folder)/nothing.json"), "\(missing.stderr)")
      let none = try Lab.swiftplay(["report", "merge"])
      #expect(none.code == 5, "\(none.stderr)")
    }
  }
}
