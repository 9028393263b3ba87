import AnsibleYAML
import Foundation
import Modules
import Testing

@testable import SwiftPlayCore
import ValueModel

/// `examples/kubernetes-shards`: no cluster runs here, so this checks what can be checked
/// without one: every manifest parses as YAML, the Indexed Job turns its index into
/// `--shard`, N agrees everywhere, the names the manifests share match, and the project
/// the ConfigMap carries loads (the playbook with swiftplay's modules, the inventory).
struct KubernetesShardsExampleTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../examples/kubernetes-shards").standardizedFileURL.path

  struct Registry: ModuleCatalog {
    func moduleType(named name: String) -> (any Module.Type)? { ModuleRegistry.lookup(name) }
    func unknownModuleError(_ name: String) -> ModuleError { ModuleRegistry.unknownModuleError(name) }
  }

  func manifest(_ name: String) throws -> ValueDict {
    let path = Self.folder + "/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let loader = YAMLLoader()
    let documents = try loader.composeAll(text, file: path)
    #expect(documents.count == 1, "\(name) holds one document")
    guard let node = documents.first, case let .dict(members) = try loader.value(node, file: path) else {
      Issue.record("\(name) is no mapping")
      return [:]
    }
    return members
  }

  /// `a.b.c` in nested mappings; `#0` picks a list's first item.
  func at(_ value: ValueDict, _ path: String) -> Value? {
    var current: Value? = .dict(value)
    for key in path.split(separator: ".") {
      if key.hasPrefix("#"), case let .list(items)? = current, let index = Int(key.dropFirst()), items.indices.contains(index) {
        current = items[index]
      } else if case let .dict(members)? = current {
        current = members[String(key)]
      } else {
        return nil
      }
    }
    return current
  }

  @Test func everyManifestParses() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(names == ["kustomization.yaml", "merge-job.yaml", "reports-pvc.yaml", "shards-job.yaml"])
    for name in names { #expect(try manifest(name)["kind"] != nil, "\(name) has no kind") }
  }

  @Test func theIndexedJobRunsOneShardPerPod() throws {
    let job = try manifest("shards-job.yaml")
    #expect(at(job, "kind") == "Job" && at(job, "apiVersion") == "batch/v1")
    #expect(at(job, "spec.completionMode") == "Indexed")
    let container = try #require(at(job, "spec.template.spec.containers.#0"))
    guard case let .dict(fields) = container else { Issue.record("no container"); return }
    let env = at(fields, "env")
    let shardCount: Value? = {
      guard case let .list(items)? = env else { return nil }
      for case let .dict(variable) in items where variable["name"] == "SHARD_COUNT" { return variable["value"] }
      return nil
    }()
    // N three times: pods, pods at once, and what each pod passes to --shard.
    let count = try #require(shardCount?.text)
    #expect(at(job, "spec.completions")?.text == count && at(job, "spec.parallelism")?.text == count)
    #expect(at(job, "spec.template.spec.restartPolicy") == "Never")
    #expect(at(job, "spec.backoffLimitPerIndex") == .int(0))
    let script = try #require(at(fields, "args.#0")?.text)
    #expect(script.contains("shard=$((JOB_COMPLETION_INDEX + 1))"))
    #expect(script.contains("--shard \"$shard/$SHARD_COUNT\" --output json site.yml > \"$report.partial\""))
    #expect(script.contains("report=\"/reports/shard-$shard-of-$SHARD_COUNT.json\""))
    // The volumes the container mounts exist, and name what the other manifests make.
    let mounts = Set(mountNames(at(fields, "volumeMounts")))
    let volumes = try #require(at(job, "spec.template.spec.volumes"))
    guard case let .list(items) = volumes else { Issue.record("no volumes"); return }
    var byName: ValueDict = [:]
    for case let .dict(volume) in items { byName[volume["name"]?.text ?? ""] = .dict(volume) }
    #expect(mounts == Set(byName.keys) && mounts == ["project", "ssh", "reports"])
    let kustomization = try manifest("kustomization.yaml")
    #expect(at(kustomization, "configMapGenerator.#0.name") == byName["project"].flatMap { at(["v": $0], "v.configMap.name") })
    #expect(at(kustomization, "resources") == .list(["reports-pvc.yaml", "shards-job.yaml"]))
    let claim = try manifest("reports-pvc.yaml")
    #expect(byName["reports"].flatMap { at(["v": $0], "v.persistentVolumeClaim.claimName") } == at(claim, "metadata.name"))
    #expect(byName["ssh"].flatMap { at(["v": $0], "v.secret.defaultMode") } == .int(0o400))
  }

  @Test func theMergeJobReadsTheShardsReports() throws {
    let merge = try manifest("merge-job.yaml")
    let shards = try manifest("shards-job.yaml")
    #expect(at(merge, "spec.completionMode") == nil && at(merge, "spec.backoffLimit") == .int(0))
    let script = try #require(at(merge, "spec.template.spec.containers.#0.args.#0")?.text)
    #expect(script.contains("swiftplay report merge --output /reports/merged.json /reports/shard-*-of-$SHARD_COUNT.json"))
    #expect(at(merge, "spec.template.spec.containers.#0.env") == at(shards, "spec.template.spec.containers.#0.env.#0").map { .list([$0]) })
    #expect(at(merge, "spec.template.spec.volumes") == .list([
      .dict(["name": "reports", "persistentVolumeClaim": .dict(["claimName": "swiftplay-reports"])]),
    ]))
  }

  /// What the ConfigMap carries loads as swiftplay loads it, and slices as the README says.
  @Test func theProjectLoads() throws {
    let playbook = try PlaybookLoader(catalog: Registry()).load(Self.folder + "/project/site.yml")
    #expect(playbook.plays.count == 1 && playbook.plays[0].tasks.count == 3)
    var loader = InventoryLoader()
    var inventory = try loader.load(sources: [Self.folder + "/project/inventory.ini"], currentDirectory: Self.folder)
    #expect(inventory.hostNames.count == 16)
    #expect(inventory.variables(for: "db1.example.internal")["ansible_ssh_private_key_file"] == "/ssh/id_ed25519")
    try InventoryShard(index: 1, count: 4).apply(to: &inventory)
    // Sorted by name: db1…db4, web01…web12; the first of 4 slices takes every 4th from the first.
    #expect(inventory.hostNames == ["web01.example.internal", "web05.example.internal", "web09.example.internal", "db1.example.internal"])
  }

  private func mountNames(_ value: Value?) -> [String] {
    guard case let .list(items)? = value else { return [] }
    return items.compactMap { item in
      guard case let .dict(mount) = item else { return nil }
      return mount["name"]?.text
    }
  }
}
