import Glibc

/// What a command writes to one stream, held once. Bytes land straight from the channel
/// (or pipe) in fixed-size chunks of memory mapped for them, so a growing output is never
/// copied to grow, and `text()` hands each chunk back to the system as soon as it has been
/// copied into the string (`takeText()`): 20 hosts printing 100 MB each need about 2 GB, not a multiple.
package struct OutputBuffer: @unchecked Sendable {
  /// 1 MiB: the most a buffer holds beyond its bytes.
  static let chunkSize = 1 << 20
  private var chunks: [OutputChunk] = []
  package private(set) var count = 0

  package init() {}

  /// Lets `fill` write into free space (at most `limit` bytes) and keeps what it reports
  /// written; a negative or zero report keeps nothing and is returned as is.
  @discardableResult
  mutating func fill(limit: Int = Int.max, _ fill: (UnsafeMutableRawBufferPointer) -> Int) throws -> Int {
    if chunks.last.map({ $0.used == Self.chunkSize }) ?? true { chunks.append(try OutputChunk(size: Self.chunkSize)) }
    let chunk = chunks[chunks.count - 1]
    let space = UnsafeMutableRawBufferPointer(
      start: chunk.base + chunk.used, count: min(limit, Self.chunkSize - chunk.used))
    let written = fill(space)
    if written > 0 {
      chunk.used += written
      count += written
    }
    return written
  }

  /// Appends `bytes` (a prompt's leftovers, a small amount).
  mutating func append(_ bytes: some Collection<UInt8>) throws {
    var rest = bytes[...]
    while !rest.isEmpty {
      try fill { space in
        let part = rest.prefix(space.count)
        _ = space.initializeMemory(as: UInt8.self, from: part)
        rest = rest.dropFirst(part.count)
        return part.count
      }
    }
  }

  /// A copy of the last `n` bytes (fewer when the buffer holds fewer), for end markers.
  package func suffix(_ n: Int) -> [UInt8] {
    var wanted = min(max(0, n), count)
    var parts: [UnsafeRawBufferPointer] = []
    for chunk in chunks.reversed() where wanted > 0 {
      let take = min(wanted, chunk.used)
      parts.append(UnsafeRawBufferPointer(start: chunk.base + (chunk.used - take), count: take))
      wanted -= take
    }
    return parts.reversed().flatMap { Array($0) }
  }

  /// Drops the last `n` bytes (an end marker), keeping the rest where it is.
  package mutating func removeLast(_ n: Int) {
    var left = min(max(0, n), count)
    count -= left
    while left > 0, let chunk = chunks.last {
      let take = min(left, chunk.used)
      chunk.used -= take
      left -= take
      if chunk.used == 0 { chunks.removeLast() }
    }
  }

  /// A copy of the bytes, for outputs known to be small.
  package var bytes: [UInt8] {
    var all: [UInt8] = []
    all.reserveCapacity(count)
    for chunk in chunks { all += UnsafeRawBufferPointer(start: chunk.base, count: chunk.used) }
    return all
  }

  /// The bytes as UTF-8 text (invalid sequences replaced, as `String(decoding:as:)` does),
  /// taken out: the buffer is left empty, its chunks released one by one while the string
  /// is filled.
  package mutating func takeText() -> String {
    guard count > 0 else { return "" }
    var pending = chunks
    let total = count
    (chunks, count) = ([], 0)
    return String(unsafeUninitializedCapacity: total) { target in
      var offset = 0
      // Oldest chunk first; each is unmapped as soon as it is copied.
      pending.reverse()
      while let chunk = pending.popLast() {
        guard let base = target.baseAddress, offset + chunk.used <= target.count else { break }
        (base + offset).initialize(from: chunk.base.assumingMemoryBound(to: UInt8.self), count: chunk.used)
        offset += chunk.used
      }
      return offset
    }
  }
}

/// One chunk of anonymous memory, unmapped when the last reference goes, so its pages go
/// back to the system at once (malloc would keep them for reuse).
final class OutputChunk {
  let base: UnsafeMutableRawPointer
  let size: Int
  var used = 0

  init(size: Int) throws {
    guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      mapped != MAP_FAILED
    else { throw SSHError.library(operation: "holding command output", code: -1, message: "out of memory") }
    base = mapped
    self.size = size
  }

  deinit { munmap(base, size) }
}
