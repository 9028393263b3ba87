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
  static let limit = Duration.seconds(60)

  static func inputs(of target: FuzzTarget) -> [URL] {
    let folder = corpus.appendingPathComponent(target.rawValue)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  @Test(arguments: FuzzTarget.allCases)
  func replaysCorpus(_ target: FuzzTarget) throws {
    for input in Self.inputs(of: target) {
      let bytes = try [UInt8](Data(contentsOf: input))
      #expect(Self.finishes(target, bytes), "\(target.rawValue)/\(input.lastPathComponent) ran over \(Self.limit)")
    }
  }

  /// Runs one input on a thread of its own (with a main thread's stack, as the command
  /// line has) and waits at most `limit`: an input that hangs again fails the test instead
  /// of hanging it. A thread still spinning is left behind; the test has failed by then.
  static func finishes(_ target: FuzzTarget, _ bytes: [UInt8]) -> Bool {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      target.run(bytes)
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    return done.wait(timeout: .now() + .seconds(Int(limit.components.seconds))) == .success
  }

  /// Every folder in the corpus belongs to a target, so an input saved under a wrong name is not silently skipped.
  @Test func everyCorpusFolderIsATarget() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { name in
      var isFolder: ObjCBool = false
      let path = Self.corpus.appendingPathComponent(name).path
      return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
    let known = Set(FuzzTarget.allCases.map(\.rawValue))
    #expect(folders.filter { !known.contains($0) }.isEmpty, "unknown corpus folders")
  }
}
