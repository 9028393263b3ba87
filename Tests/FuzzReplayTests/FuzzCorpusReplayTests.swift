import Foundation
import FuzzTargets
import Testing

/// Replays every input the fuzzers ever found that crashed or hung a parser
/// (Tests/FuzzCorpus/<target>/, kept there by `scripts/fuzz`), through the same entry
/// points the fuzzers call. A regression shows as a crash of this test or as an input that
/// takes too long; an input fixed for good stays here forever.
@Suite struct FuzzCorpusReplayTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

  /// Far above what any input needs in a debug build, far below a hang.
  static let limit = Duration.seconds(10)

  static func inputs(of target: FuzzTarget) -> [URL] {
    let folder = corpus.appendingPathComponent(target.rawValue)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  @Test(arguments: FuzzTarget.allCases)
  func replaysCorpus(_ target: FuzzTarget) throws {
    for input in Self.inputs(of: target) {
      let bytes = try [UInt8](Data(contentsOf: input))
      let clock = ContinuousClock()
      let elapsed = clock.measure { target.run(bytes) }
      #expect(elapsed < Self.limit, "\(target.rawValue)/\(input.lastPathComponent) took \(elapsed)")
    }
  }

  /// Every folder in the corpus belongs to a target (or is the Jinja engine's pending
  /// folder), so an input saved under a wrong name is not silently skipped.
  @Test func everyCorpusFolderIsATarget() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { name in
      var isFolder: ObjCBool = false
      let path = Self.corpus.appendingPathComponent(name).path
      return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
    let known = Set(FuzzTarget.allCases.map(\.rawValue)).union(["pending-jinja"])
    #expect(folders.filter { !known.contains($0) }.isEmpty, "unknown corpus folders")
  }
}
