import Foundation
import SwiftPlayCore
import ValueModel

/// Runs one playbook of the differential suite with one tool against the lab, in a fresh
/// sandbox, and collects what is compared: exit code, recap and the sandbox's state, and
/// on request the json callback's document and the `--list-tasks`/`--list-tags` output.
///
/// Both tools get the same argv after the program name, the same environment and the same
/// working directory (Tests/Differential), and the sandbox has the same path for both, so
/// a symlink target or a path in a file cannot differ for no reason.
struct DifferentialRunner: Sendable {
  enum Tool: Sendable {
    case ansible(String)
    case swiftplay(String)

    var name: String {
      switch self {
      case .ansible: return "ansible-playbook"
      case .swiftplay: return "swiftplay"
      }
    }
    var executable: String {
      switch self {
      case .ansible(let path), .swiftplay(let path): return path
      }
    }
  }

  struct Outcome: Sendable {
    let tool: String
    let command: String
    let code: Int32
    let stdout: String
    let stderr: String
    let recap: DifferentialRecap
    let snapshot: DifferentialSnapshot
    let seconds: Double
    /// The json callback's document when the playbook compares it (else nil), or why
    /// stdout held none.
    var document: Result<Value, DifferentialJSON.DocumentError>?
    /// The output of the extra listing runs the playbook asks for.
    var listings: [DifferentialPlaybook.Comparison: Listing] = [:]

    /// Everything the tool said and left, for a failure report.
    var report: String {
      """
      ----- \(tool): exit \(code), \(String(format: "%.1f", seconds)) s
      $ \(command)
      ----- \(tool) stdout
      \(stdout)
      ----- \(tool) stderr
      \(stderr)
      ----- \(tool) recap
      \(recap)
      ----- \(tool) sandbox
      \(snapshot.listing)
      """ + listings.keys.sorted { $0.rawValue < $1.rawValue }.map { key in
        guard let listing = listings[key] else { return "" }
        return "\n----- \(tool) --\(key.rawValue): exit \(listing.code)\n$ \(listing.command)\n\(listing.stdout)\(listing.stderr)"
      }.joined()
    }
  }

  /// What one `--list-tasks` or `--list-tags` run printed.
  struct Listing: Sendable {
    let command: String
    let code: Int32
    let stdout: String
    let stderr: String
  }

  /// A folder of this test process under /tmp (the lab user must reach the sandbox, so
  /// not $TMPDIR, which may be private): sandbox/ and a 0700 secret/ for the become vars.
  let root = "/tmp/swiftplay-diff-\(getpid())"
  var sandbox: String { root + "/sandbox" }
  var becomeVars: String { root + "/secret/become.yml" }

  /// The hosts whose sandbox folder exists before a run, owned by the lab user.
  static let labHosts = (1...Lab.hostCount).map { "lab\($0)" }

  /// ansible-playbook from SWIFTPLAY_ANSIBLE_PLAYBOOK or the first one on PATH.
  static func findAnsiblePlaybook() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["SWIFTPLAY_ANSIBLE_PLAYBOOK"], !path.isEmpty { return path }
    for folder in (environment["PATH"] ?? "").split(separator: ":") {
      let candidate = String(folder) + "/ansible-playbook"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The variables both tools run with: the lab's key for hosts that name none, Python
  /// on the hosts for Ansible, no colour, the default callback, 5 forks, our ansible.cfg.
  static var environment: [String: String] {
    [
      "ANSIBLE_CONFIG": DifferentialPlaybook.folder + "/ansible.cfg",
      "ANSIBLE_PRIVATE_KEY_FILE": Lab.key("id_ed25519"),
      "ANSIBLE_PYTHON_INTERPRETER": "/usr/bin/python3",
      "ANSIBLE_NOCOLOR": "1",
      "ANSIBLE_FORCE_COLOR": "0",
      "NO_COLOR": "1",
      "ANSIBLE_STDOUT_CALLBACK": "default",
      "ANSIBLE_FORKS": "5",
      "ANSIBLE_DEPRECATION_WARNINGS": "False",
      "ANSIBLE_LOCALHOST_WARNING": "False",
      "ANSIBLE_RETRY_FILES_ENABLED": "False",
    ]
  }

  /// Writes the sudo password of the lab user into a 0600 vars file that both tools read
  /// with `-e @file`, so it is never on a command line.
  func prepare() throws {
    let manager = FileManager.default
    try manager.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    try manager.createDirectory(atPath: root + "/secret", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let password = try String(contentsOfFile: Lab.dir + "/password", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let quoted = String(decoding: try JSONEncoder().encode(password), as: UTF8.self)
    let written = manager.createFile(
      atPath: becomeVars, contents: Data("ansible_become_password: \(quoted)\n".utf8),
      attributes: [.posixPermissions: 0o600])
    guard written else { throw Lab.LabError(message: "cannot write \(becomeVars)") }
  }

  /// Removes everything this runner made.
  func cleanUp() {
    try? FileManager.default.removeItem(atPath: root)
  }

  /// An empty sandbox (world-writable and sticky, like /tmp, so a host alias can make its
  /// own folder) with a folder per lab host owned by the lab user.
  func resetSandbox() throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: sandbox) { try manager.removeItem(atPath: sandbox) }
    try manager.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
    chmod(sandbox, 0o1777)
    guard let user = getpwnam("lab") else { throw Lab.LabError(message: "no user 'lab': run lab/lab.sh up") }
    for host in Self.labHosts {
      let path = sandbox + "/" + host
      try manager.createDirectory(atPath: path, withIntermediateDirectories: false)
      chmod(path, 0o755)
      chown(path, user.pointee.pw_uid, user.pointee.pw_gid)
    }
  }

  /// The arguments after the program name, the same for both tools.
  func arguments(for playbook: DifferentialPlaybook) -> [String] {
    ["-i", Lab.inventory, "-i", "inventory/hosts.ini", "-e", "sandbox=\(sandbox)", "-e", "@\(becomeVars)",
     playbook.name] + playbook.arguments
  }

  /// Runs `tool` on `playbook` in a fresh sandbox and snapshots what it left; then the
  /// listing runs the playbook's `# compare:` line asks for.
  ///
  /// With `json` the one run prints the json callback's document instead of the default
  /// text (so the files left and the document come from the same run) and the recap is
  /// read from the document's stats.
  func run(_ tool: Tool, _ playbook: DifferentialPlaybook) throws -> Outcome {
    try resetSandbox()
    let argv = [tool.executable] + arguments(for: playbook)
    let json = playbook.comparisons.contains(.json)
    var environment = Self.environment
    // The collection's name, as ansible-core's own routing of `json` leads to it.
    if json { environment["ANSIBLE_STDOUT_CALLBACK"] = "ansible.posix.json" }
    let clock = ContinuousClock()
    let start = clock.now
    let output = try Lab.run(argv, environment: environment, in: DifferentialPlaybook.folder)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let document = json ? DifferentialJSON.parse(output.stdout) : nil
    var outcome = Outcome(
      tool: tool.name, command: argv.map(Self.quoted).joined(separator: " "), code: output.code,
      stdout: output.stdout, stderr: output.stderr,
      recap: json ? DifferentialJSON.recap(try? document?.get()) : DifferentialRecap(output: output.stdout),
      snapshot: DifferentialSnapshot(root: sandbox), seconds: seconds, document: document)
    for comparison in [DifferentialPlaybook.Comparison.listTasks, .listTags] where playbook.comparisons.contains(comparison) {
      let listArgv = argv + ["--" + comparison.rawValue]
      let listed = try Lab.run(listArgv, environment: Self.environment, in: DifferentialPlaybook.folder)
      outcome.listings[comparison] = Listing(
        command: listArgv.map(Self.quoted).joined(separator: " "), code: listed.code, stdout: listed.stdout,
        stderr: listed.stderr)
    }
    return outcome
  }

  /// A word quoted for `sh` when it needs it, so a printed command can be pasted.
  static func quoted(_ word: String) -> String {
    let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-")
    if !word.isEmpty && word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
