import Foundation
import Testing

@testable import SwiftPlayCore

/// `--list-tasks` and `--list-tags` where ansible-playbook's rule is not obvious
/// (Tests/Differential/85-list-tasks.yml compares the whole listing on the lab).
struct PlaybookListingTests {
  final class Lines: @unchecked Sendable {
    var stdout = ""
    let lock = NSLock()
    func sink() -> Display.Sink { { line, toStandardError in if !toStandardError { self.lock.withLock { self.stdout += line } } } }
  }

  func listing(_ yaml: String, tags: Set<String> = [], skipTags: Set<String> = [], listTasks: Bool, listTags: Bool) throws -> String {
    let folder = NSTemporaryDirectory() + "/swiftplay-listing-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try yaml.write(toFile: folder + "/site.yml", atomically: true, encoding: .utf8)
    let playbook = try PlaybookLoader(catalog: FakeCatalog()).load(folder + "/site.yml")
    let lines = Lines()
    PlaybookListing(
      inventory: Inventory(), limit: nil, tags: tags, skipTags: skipTags, extraVars: [:],
      display: Display(colors: false, sink: lines.sink())
    ).show([playbook], hosts: false, tasks: listTasks, tags: listTags)
    return lines.stdout
  }

  static let play = """
    - hosts: all
      tasks:
        - name: plain
          debug: {msg: a}
          tags: [x]
        - name: hidden
          debug: {msg: b}
          tags: [never, special]
    """

  /// ansible-playbook lists tags as if `--tags never,all` were given when no tags are,
  /// so a `never` task's tags are listed though the task would not run.
  @Test func listTagsAloneSelectsNeverTasks() throws {
    let tags = try listing(Self.play, listTasks: false, listTags: true)
    #expect(tags.contains("TASK TAGS: [never, special, x]"))
    let both = try listing(Self.play, listTasks: true, listTags: true)
    #expect(both.contains("      hidden\tTAGS: [never, special]"))
    #expect(both.contains("TASK TAGS: [never, special, x]"))
  }

  /// `--list-tasks` alone, or any `--tags`/`--skip-tags`, selects as a run would.
  @Test func listTasksAndGivenTagsSelectAsARun() throws {
    let tasks = try listing(Self.play, listTasks: true, listTags: false)
    #expect(tasks.contains("      plain\tTAGS: [x]") && !tasks.contains("hidden"))
    let skipped = try listing(Self.play, skipTags: ["y"], listTasks: false, listTags: true)
    #expect(skipped.contains("TASK TAGS: [x]"))
    let asked = try listing(Self.play, tags: ["special"], listTasks: true, listTags: true)
    #expect(asked.contains("      hidden\tTAGS: [never, special]") && asked.contains("TASK TAGS: [never, special]"))
  }
}
