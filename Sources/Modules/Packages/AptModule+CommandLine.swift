import SwiftPlayCore

/// The options that shape every apt-get command line, as the task gave them.
struct AptOptions: Sendable, Equatable {
  static let defaultDpkgOptions = "force-confdef,force-confold"

  var dpkgOptions = defaultDpkgOptions
  var lockTimeout = 60
  var force = false
  var purge = false
  var autoremove = false
  var autoclean = false
  var clean = false
  var failOnAutoremove = false
  var onlyUpgrade = false
  var allowUnauthenticated = false
  var allowDowngrade = false
  var allowChangeHeldPackages = false
  /// nil leaves the system's default, as Ansible does.
  var installRecommends: Bool?
  var defaultRelease: String?
  var policyRcD: Int?
}

/// The command lines the apt module runs, as argument vectors: pure, so tests compare
/// them, and rendered for /bin/sh with the environment Ansible sets for apt.
enum AptCommandLine {
  /// Ansible's APT_ENV_VARS: no questions, and output in the C locale it screen-scrapes.
  static let environment = [
    "DEBIAN_FRONTEND=noninteractive", "DEBIAN_PRIORITY=critical", "LANG=C", "LC_ALL=C", "LC_MESSAGES=C",
    "LC_CTYPE=C", "LANGUAGE=C",
  ]

  /// apt-get's own "nothing to do" line, which Ansible looks for.
  static let nothingToDo = "\n0 upgraded, 0 newly installed, 0 to remove"

  /// `-o "Dpkg::Options::=--force-confdef"` for each comma-separated dpkg option, then the
  /// lock wait: apt-get waits up to `lockTimeout` seconds for another apt or dpkg.
  static func dpkgArguments(_ options: AptOptions) -> [String] {
    options.dpkgOptions.split(separator: ",").flatMap { ["-o", "Dpkg::Options::=--\($0.trimmingCharacters(in: .whitespaces))"] }
      + ["-o", "DPkg::Lock::Timeout=\(options.lockTimeout)"]
  }

  /// `--force-yes` is deprecated in apt; these are what it stood for.
  static let forceArguments = ["--allow-unauthenticated", "--allow-downgrades", "--allow-remove-essential", "--allow-change-held-packages"]

  /// `apt-get install` (or `build-dep`) of package words such as `nginx` or `nginx=1.24.0-1`.
  static func install(
    _ words: [String], _ options: AptOptions, simulate: Bool, latest: Bool = false, buildDep: Bool = false,
    fixed: Bool = false
  ) -> [String] {
    var argv = ["apt-get", "-y"] + dpkgArguments(options)
    if options.onlyUpgrade { argv.append("--only-upgrade") }
    if fixed { argv.append("--fix-broken") }
    if options.force { argv += forceArguments }
    if options.autoremove && !buildDep { argv.append("--auto-remove") }
    if options.failOnAutoremove { argv.append("--no-remove") }
    if simulate { argv.append("--simulate") }
    argv.append(buildDep ? "build-dep" : "install")
    argv += words
    if let release = options.defaultRelease { argv += ["-t", release] }
    if let recommends = options.installRecommends { argv += ["-o", "APT::Install-Recommends=\(recommends ? "yes" : "no")"] }
    argv += allowArguments(options)
    return argv
  }

  /// `apt-get remove`, with `--purge` and `--auto-remove` when asked.
  static func remove(_ words: [String], _ options: AptOptions, simulate: Bool) -> [String] {
    var argv = ["apt-get", "-q", "-y"] + dpkgArguments(options)
    if options.purge { argv.append("--purge") }
    if options.force { argv += forceArguments }
    if options.autoremove { argv.append("--auto-remove") }
    if simulate { argv.append("--simulate") }
    if options.allowChangeHeldPackages && !options.force { argv.append("--allow-change-held-packages") }
    return argv + ["remove"] + words
  }

  /// A whole-system upgrade: `safe`/`yes` is apt-get's upgrade that may add new
  /// dependencies, `full`/`dist` its dist-upgrade (Ansible uses the same when aptitude is
  /// absent).
  static func upgrade(_ mode: String, _ options: AptOptions, simulate: Bool) -> [String] {
    var argv = ["apt-get", "-y"] + dpkgArguments(options)
    if options.force { argv += forceArguments }
    if options.autoremove { argv.append("--auto-remove") }
    if options.failOnAutoremove { argv.append("--no-remove") }
    if simulate { argv.append("--simulate") }
    argv += (mode == "full" || mode == "dist") ? ["dist-upgrade"] : ["upgrade", "--with-new-pkgs"]
    if let release = options.defaultRelease { argv += ["-t", release] }
    return argv + allowArguments(options)
  }

  /// `apt-get autoclean` or `apt-get autoremove`.
  static func cleanup(_ operation: String, _ options: AptOptions, simulate: Bool) -> [String] {
    var argv = ["apt-get", "-y"] + dpkgArguments(options)
    if options.purge { argv.append("--purge") }
    if options.force { argv += forceArguments }
    argv.append(operation)
    if simulate { argv.append("--simulate") }
    return argv
  }

  static func allowArguments(_ options: AptOptions) -> [String] {
    var argv: [String] = []
    if options.allowUnauthenticated { argv.append("--allow-unauthenticated") }
    if options.allowDowngrade { argv.append("--allow-downgrades") }
    if options.allowChangeHeldPackages { argv.append("--allow-change-held-packages") }
    return options.force ? argv.filter { !forceArguments.contains($0) } : argv
  }

  /// What output marks a cleanup that did something.
  static func cleanupChanged(_ operation: String, output: String) -> Bool {
    output.contains(operation == "autoremove" ? "The following packages will be REMOVED" : "Del ")
  }

  /// The argument vector as a /bin/sh line, with apt's environment in front.
  static func render(_ argv: [String]) -> String {
    (environment + argv.map(ShellQuote.quote)).joined(separator: " ")
  }

  /// `apt-get update`, waiting for the lists lock up to `lockTimeout` seconds and retrying
  /// other failures `retries` times with Ansible's backoff (1, 2, 4 ... seconds, at most
  /// `maxDelay`). stderr holds the last failure.
  static func updateScript(lockTimeout: Int, retries: Int, maxDelay: Int) -> String {
    let update = render(["apt-get", "-q", "-o", "DPkg::Lock::Timeout=\(lockTimeout)", "update"])
    return """
      end=$(( $(date +%s) + \(lockTimeout) )); i=0; f=$(mktemp) || exit 1
      while :; do
        if \(update) >/dev/null 2>"$f" && ! grep -q '^E:' "$f"; then rm -f "$f"; exit 0; fi
        if grep -q 'Could not get lock' "$f" && [ "$(date +%s)" -lt "$end" ]; then sleep 1; continue; fi
        i=$((i + 1))
        if [ "$i" -ge \(max(retries, 1)) ]; then cat "$f" >&2; rm -f "$f"; exit 1; fi
        d=$((1 << (i - 1))); [ "$d" -gt \(maxDelay) ] && d=\(maxDelay); sleep "$d"
      done
      """
  }

  /// `line` run with /usr/sbin/policy-rc.d answering `exit code` (101: services are not
  /// started), as Ansible's policy_rc_d does; the file there before, if any, is put back.
  static func withPolicyRcD(_ code: Int?, _ line: String) -> String {
    guard let code else { return line }
    let file = "/usr/sbin/policy-rc.d"
    return """
      b=; if [ -e \(file) ]; then b=$(mktemp -d) && mv \(file) "$b/" || exit 1; fi
      printf '#!/bin/sh\\nexit %d\\n' \(code) > \(file) && chmod 0755 \(file) || exit 1
      \(line)
      rc=$?; rm -f \(file); if [ -n "$b" ]; then mv "$b/policy-rc.d" \(file) && rmdir "$b"; fi; exit $rc
      """
  }
}
