import FuzzTargets

/// Hands libFuzzer's inputs to the chosen target. libFuzzer calls back through a C
/// function pointer, which cannot capture the target, so it is kept here.
enum FuzzDriver {
  nonisolated(unsafe) static var target = FuzzTarget.playbook

  static func run(_ data: UnsafePointer<UInt8>?, _ size: Int) {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
  }
}
