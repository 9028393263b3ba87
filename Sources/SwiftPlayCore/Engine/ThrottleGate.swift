/// `throttle:` across the hosts of a play: at most N hosts inside one task at once, also
/// under the free strategy, where each host reaches the task on its own.
actor ThrottleGate {
  private var running: [String: Int] = [:]
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  /// Waits until fewer than `limit` hosts run the task `key`, then counts this one in.
  func enter(_ key: String, limit: Int) async {
    while running[key, default: 0] >= limit {
      await withCheckedContinuation { waiting[key, default: []].append($0) }
    }
    running[key, default: 0] += 1
  }

  /// Counts a host out of the task and lets the next waiting one try.
  func leave(_ key: String) {
    running[key, default: 1] -= 1
    if var queue = waiting[key], !queue.isEmpty {
      queue.removeFirst().resume()
      waiting[key] = queue
    }
  }
}
