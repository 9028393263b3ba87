import Foundation
import FuzzTargets

/// The target this process fuzzes, named by SWIFTPLAY_FUZZ_TARGET (libFuzzer owns the
/// command line). An unknown name stops the run before the first input.
let selectedTarget: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["SWIFTPLAY_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("swiftplay-fuzz: set SWIFTPLAY_FUZZ_TARGET to one of: \(known)\n".utf8))
    exit(2)
  }
  return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  selectedTarget.run(bytes)
  return 0
}
