import Foundation
import Glibc

/// ansible-playbook's default output: play and task banners, one line per host (and per
/// loop item), failures with their JSON, diffs with `--diff`, and the recap. People read
/// it and scripts grep it, so it is written as Ansible 2.19 writes it, byte for byte.
package final class DefaultCallback: PlaybookCallback, @unchecked Sendable {
  package struct Options: Sendable {
    /// `-v` count: 1 shows every result's JSON, 2 adds `task path:`, 3 indents results
    /// and keeps `invocation`.
    package var verbosity: Int
    /// `--diff`: print each change's diff above its host line.
    package var diff: Bool
    /// The terminal's width, nil when stdout is no terminal (banners are then 80 wide).
    package var terminalWidth: Int?
    /// Redraw a "still running" line while a task runs long; for terminals only.
    package var liveLine: Bool
    /// Reads a playbook file for the excerpt under a failure; nil when unreadable.
    package var readSource: @Sendable (String) -> String?

    package init(
      verbosity: Int = 0, diff: Bool = false, terminalWidth: Int? = nil, liveLine: Bool = false,
      readSource: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) {
      self.verbosity = verbosity
      self.diff = diff
      self.terminalWidth = terminalWidth
      self.liveLine = liveLine
      self.readSource = readSource
    }
  }

  let display: Display
  let options: Options
  private let lock = NSLock()
  private var bannerTaskID: String?
  /// Task id and host of hosts that reported loop items: their final line is not printed.
  private var hostsWithItems: Set<[String]> = []
  /// Internal, not private: tests draw it at a chosen time instead of waiting on its timer.
  let live: LiveLine?
  /// Error blocks already printed: Ansible prints the same error once per run.
  private var printedErrors: Set<String> = []

  package init(display: Display, options: Options = Options()) {
    self.display = display
    self.options = options
    live = options.liveLine ? LiveLine(display: display, columns: Self.columns(options.terminalWidth)) : nil
  }

  /// The width of the terminal on stdout, nil when stdout is no terminal.
  package static func stdoutTerminalWidth() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// Ansible's line width: one less than the terminal, never under 79.
  static func columns(_ terminalWidth: Int?) -> Int { max(79, (terminalWidth ?? 0) - 1) }

  /// `PLAY [x] ****`: the text, a space and stars up to the width (at least three).
  package static func banner(_ text: String, terminalWidth: Int?) -> String {
    let stars = max(3, columns(terminalWidth) - textWidth(text))
    return "\n\(text) " + String(repeating: "*", count: stars)
  }

  /// Columns `text` takes on a terminal: East Asian wide characters take two, combining
  /// marks none, as the width Ansible measures banners with.
  static func textWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
      let value = scalar.value
      switch scalar.properties.generalCategory {
      case .nonspacingMark, .enclosingMark, .format: continue
      default: break
      }
      let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
        0x1F900...0x1F9FF, 0x20000...0x3FFFD,
      ]
      width += wide.contains { $0.contains(value) } ? 2 : 1
    }
    return width
  }

  // MARK: events

  package func playbookStarted(_ path: String) {
    guard options.verbosity > 1 else { return }
    emit(Self.banner("PLAYBOOK: " + (path as NSString).lastPathComponent, terminalWidth: options.terminalWidth))
  }

  package func playStarted(_ play: PlayEvent) {
    emit(Self.banner("PLAY [\(play.name)]", terminalWidth: options.terminalWidth))
  }

  package func taskStarted(_ task: TaskEvent) {
    live?.begin(task.name)
    taskBanner(task)
  }

  /// Ansible's line when a polled job ends, before the host's result.
  package func asyncFinished(host: String, jid: String?, failed: Bool, task: TaskEvent) {
    taskBannerIfOther(task)
    emit("ASYNC \(failed ? "FAILED" : "OK") on \(host): jid=\(jid ?? "None")", color: .debug)
  }

  package func hostStarted(_ host: String, task: TaskEvent) {
    live?.hostStarted(host)
  }

  package func itemFinished(_ result: HostTaskResult, task: TaskEvent) {
    locked { _ = hostsWithItems.insert([task.id, result.host]) }
    taskBannerIfOther(task)
    printDiff(result)
    let label = result.noLog ? ResultDisplay.censoredLabel : (result.itemLabel ?? "")
    let host = hostLabel(result)
    switch result.status {
    case .ok, .changed:
      let word = result.status == .changed ? "changed" : "ok"
      emit("\(word): [\(host)] => (item=\(label))" + verbose(result, task), color: result.status == .changed ? .changed : .ok)
    case .skipped:
      // Ansible names no delegate on a skip: the task never reached it.
      emit("skipping: [\(result.host)] => (item=\(label)) " + verbose(result, task), color: .skip)
    case .failed, .unreachable:
      emitError(result, task)
      emit("failed: [\(host)] (item=\(label)) => " + json(result, task), color: .error)
    }
  }

  package func hostFinished(_ result: HostTaskResult, task: TaskEvent) {
    live?.hostFinished(result.host)
    let hadItems = locked { hostsWithItems.remove([task.id, result.host]) != nil }
    let isLoop = hadItems || { if case .list = result.result["results"] { return true } else { return false } }()
    taskBannerIfOther(task)
    if !isLoop { printDiff(result) }
    printWarnings(result)
    let host = hostLabel(result)
    switch result.status {
    case .ok, .changed:
      // An include's own result says nothing; its `included:` line follows.
      guard !isLoop, !EngineActions.isInclude(task.action) else { return }
      let word = result.status == .changed ? "changed" : "ok"
      emit("\(word): [\(host)]" + verbose(result, task), color: result.status == .changed ? .changed : .ok)
    case .skipped:
      emit("skipping: [\(result.host)]" + verbose(result, task, dropResults: true), color: .skip)
    case .failed:
      if !isLoop {
        emitError(result, task)
        emit("fatal: [\(host)]: FAILED! => " + json(result, task), color: .error)
      }
      if result.ignored { emit("...ignoring", color: .skip) }
    case .unreachable:
      emitError(result, task)
      emit("fatal: [\(host)]: UNREACHABLE! => " + json(result, task), color: .unreachable)
      if result.ignored { emit("...ignoring", color: .skip) }
    }
  }

  package func included(_ file: String, hosts: [String], item: String?, task: TaskEvent) {
    emit("included: \(file) for \(hosts.joined(separator: ", "))" + (item.map { " => (item=\($0))" } ?? ""), color: .skip)
  }

  package func noHostsMatched(_ play: PlayEvent) {
    emit("skipping: no hosts matched", color: .skip)
  }

  package func noMoreHosts() {
    emit(Self.banner("NO MORE HOSTS LEFT", terminalWidth: options.terminalWidth))
  }

  package func warning(_ message: String) {
    output { display.warning(message) }
  }

  package func playbookFinished(_ recap: Recap, interrupted: Bool) {
    live?.stop()
    emit(Self.banner("PLAY RECAP", terminalWidth: options.terminalWidth))
    for host in recap.hosts.keys.sorted() {
      guard let stats = recap.hosts[host] else { continue }
      emit(RecapLine.render(host: host, stats: stats, colors: display.colors))
    }
    emit("")
  }

  // MARK: pieces

  private func taskBanner(_ task: TaskEvent) {
    locked { bannerTaskID = task.id }
    let title = task.isHandler ? "RUNNING HANDLER [\(task.name)]" : "TASK [\(task.name)]"
    emit(Self.banner(title, terminalWidth: options.terminalWidth))
    if options.verbosity > 1, let location = task.location {
      emit("task path: \(location.file):\(location.line)", color: .debug)
    }
  }

  /// With the free strategy results of several tasks interleave: show which task a line is for.
  private func taskBannerIfOther(_ task: TaskEvent) {
    if locked({ bannerTaskID != task.id }) { taskBanner(task) }
  }

  private func hostLabel(_ result: HostTaskResult) -> String {
    guard let delegate = result.delegatedTo, delegate != result.host else { return result.host }
    return "\(result.host) -> \(delegate)"
  }

  private func json(_ result: HostTaskResult, _ task: TaskEvent, dropResults: Bool = false) -> String {
    let shown = ResultDisplay.cleaned(result, action: task.action, verbosity: options.verbosity, dropResults: dropResults)
    return ResultDisplay.dump(shown, forDisplay: result.isForDisplay && !result.noLog, verbosity: options.verbosity)
  }

  /// ` => {json}` for results meant to be read and from -v on, else nothing.
  private func verbose(_ result: HostTaskResult, _ task: TaskEvent, dropResults: Bool = false) -> String {
    guard options.verbosity > 0 || (result.isForDisplay && !result.noLog) else { return "" }
    return " => " + json(result, task, dropResults: dropResults)
  }

  private func emitError(_ result: HostTaskResult, _ task: TaskEvent) {
    let source = task.location.flatMap { options.readSource($0.file) }
    let headline = TaskErrorText.headline(result, action: task.action)
    // "Task failed: ... failed: Error while resolving value for 'msg': ..." names, last,
    // what went wrong at the argument itself.
    let cause = result.origin.map { origin in
      (message: headline.range(of: "Error while resolving").map { String(headline[$0.lowerBound...]) } ?? headline,
       location: origin, source: options.readSource(origin.file))
    }
    let text = TaskErrorText.render(headline: headline, location: task.location, source: source, cause: cause)
    guard locked({ printedErrors.insert(text).inserted }) else { return }
    emit(text, color: .error)
  }

  private func printWarnings(_ result: HostTaskResult) {
    guard !result.noLog, case let .list(warnings)? = result.result["warnings"] else { return }
    for warning in warnings { self.warning(warning.plainText) }
  }

  private func printDiff(_ result: HostTaskResult) {
    guard options.diff, !result.diff.isEmpty, result.status != .skipped, !result.noLog else { return }
    let text = DiffText.render(result.diff, colors: display.colors)
    guard !text.isEmpty else { return }
    // The diff ends with its own blank line; Display adds the last newline.
    emit(String(text.dropLast()))
  }

  private func emit(_ text: String, color: Color? = nil) {
    output { display.out(text, color: color) }
  }

  /// Every line goes through here so the live line is erased first, under its lock.
  private func output(_ body: () -> Void) {
    if let live { live.interrupt(body) } else { body() }
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
