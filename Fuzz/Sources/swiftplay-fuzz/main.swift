import CFuzzer
import Foundation
import FuzzTargets

// The target this process fuzzes, named by SWIFTPLAY_FUZZ_TARGET (libFuzzer owns the
// command line). An unknown name stops the run before the first input.
let name = ProcessInfo.processInfo.environment["SWIFTPLAY_FUZZ_TARGET"] ?? ""
guard let target = FuzzTarget(rawValue: name) else {
  let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
  FileHandle.standardError.write(Data("swiftplay-fuzz: set SWIFTPLAY_FUZZ_TARGET to one of: \(known)\n".utf8))
  exit(2)
}
FuzzDriver.target = target

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
  FuzzDriver.run(data, size)
  return 0
})
