import Glibc
import Testing

@testable import SSH

/// When a quiet host counts as gone: only after keepalive intervals of real silence on
/// its TCP connection, not after our own wake-ups.
struct LivenessTests {
  static let second: UInt64 = 1_000_000_000

  /// Nothing from the host for countMax + 1 intervals of waiting: gone, as before.
  @Test func silenceForCountMaxPlusOneIntervalsIsGone() {
    var liveness = Liveness(interval: 1, countMax: 3)
    let verdicts = (0..<4).map { _ in liveness.quietWait(waited: Self.second, received: 100, acked: 50, writing: false) }
    #expect(verdicts == [false, false, false, true])
  }

  /// libssh2 read the keepalive's answer inside a channel read, so no poll saw it; the
  /// kernel's received count shows it. The old count of poll timeouts called this host gone.
  @Test func anAnswerReadByLibssh2CountsAsLife() {
    var liveness = Liveness(interval: 1, countMax: 3)
    for round in 0..<10 {
      let gone = liveness.quietWait(waited: Self.second, received: Int64(100 + round * 40), acked: 50, writing: false)
      #expect(!gone)
    }
  }

  /// A write blocked on a slow host that still drains it is alive; acknowledgements
  /// while not writing are only the kernel taking our keepalives (a frozen sshd's does).
  @Test func drainingCountsOnlyWhileWriting() {
    var writing = Liveness(interval: 1, countMax: 1)
    var frozen = Liveness(interval: 1, countMax: 1)
    var verdicts: [Bool] = []
    for round in 0..<4 {
      let gone = writing.quietWait(waited: Self.second, received: 7, acked: Int64(1000 + round * 10), writing: true)
      #expect(!gone)
      verdicts.append(frozen.quietWait(waited: Self.second, received: 7, acked: Int64(1000 + round * 10), writing: false))
    }
    #expect(verdicts.contains(true))
  }

  /// Time not spent waiting (busy elsewhere, not scheduled) is not silence; data heard resets it.
  @Test func onlyTimeWaitedCounts() {
    var liveness = Liveness(interval: 10, countMax: 3)
    var verdicts = (0..<39).map { _ in liveness.quietWait(waited: Self.second, received: 1, acked: 1, writing: false) }
    #expect(!verdicts.contains(true))
    liveness.heard()
    #expect(liveness.silence == 0)
    verdicts = [39 * Self.second, Self.second].map { liveness.quietWait(waited: $0, received: 1, acked: 1, writing: false) }
    #expect(verdicts == [false, true])
  }

  /// The counters are the kernel's: bytes the peer sent show before anyone reads them.
  @Test func countersComeFromTheKernel() throws {
    let server = try DeadlineTests.SilentServer()
    let client = try TCPSocket.connect(host: "127.0.0.1", port: server.port, deadline: .after(seconds: 5))
    defer { close(client) }
    let peer = accept(server.fd, nil, nil)
    try #require(peer >= 0)
    defer { close(peer) }
    let before = Liveness.counters(socket: client)
    try #require(before.received >= 0, "this kernel does not report tcpi_bytes_received")
    #expect(write(peer, "hello", 5) == 5)
    var after = before
    for _ in 0..<100 where after.received == before.received {
      usleep(10_000)
      after = Liveness.counters(socket: client)
    }
    #expect(after.received == before.received + 5)
    #expect(write(client, "abc", 3) == 3)
    usleep(50_000)
    #expect(Liveness.counters(socket: client).acked >= before.acked + 3)
  }
}
