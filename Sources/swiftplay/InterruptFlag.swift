@preconcurrency import Dispatch
import Foundation
import Synchronization
import SwiftPlayCore

/// Set by Ctrl-C (SIGINT) or SIGTERM: the engine stops starting new work, makes what runs
/// end, prints the recap and exits 99, as ansible-playbook does. A second Ctrl-C
/// stops at once.
final class InterruptFlag: Sendable {
  private final class Box: Sendable {
    let value = Atomic<Bool>(false)
  }

  private let box = Box()
  /// Kept so the handlers stay installed; only read in init.
  private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

  init() {
    let box = self.box
    sources = [SIGINT, SIGTERM].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        if box.value.exchange(true, ordering: .relaxed) { Foundation.exit(99) }
        FileHandle.standardError.write(Data("\n [ERROR]: User interrupted execution\n".utf8))
        ConnectionInterruption.trigger()
      }
      source.resume()
      return source
    }
  }

  var isSet: Bool { box.value.load(ordering: .relaxed) }
}
