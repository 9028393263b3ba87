import Foundation

/// A thread of its own that runs submitted jobs in order. Connections do their blocking I/O
/// here so that Swift's cooperative pool (two threads on a two-core machine) never waits on
/// a socket, and fifty hosts progress side by side.
final class DedicatedThread: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [() -> Void] = []
  private var stopping = false

  init(name: String) {
    let thread = Thread { [self] in loop() }
    thread.name = name
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Runs `body` on the thread and returns its result to the awaiting task.
  func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      submit {
        do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
      }
    }
  }

  /// Lets queued jobs finish, then ends the thread.
  func stop() {
    condition.lock()
    stopping = true
    condition.signal()
    condition.unlock()
  }

  private func submit(_ job: @escaping () -> Void) {
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  private func loop() {
    while true {
      condition.lock()
      while jobs.isEmpty && !stopping { condition.wait() }
      if jobs.isEmpty {
        condition.unlock()
        return
      }
      let job = jobs.removeFirst()
      condition.unlock()
      job()
    }
  }
}
