/// `$NAME`, `${NAME}` and a leading `~` or `~user` in a path, expanded as Ansible's modules
/// expand the options they type as paths (and command's arguments) on the host:
/// Python's `os.path.expandvars`, then `os.path.expanduser`, in the environment and as the
/// user the module runs as. A name that is not set, or a user that does not exist, stays as
/// written. So `dest: ~/.bashrc` is the become user's file, and `dest: d/$HOME` is
/// `d//home/lab`, exactly as under Ansible.
///
/// Nothing is expanded by a shell: one read-only command brings back the environment and
/// the home folders named, and the expansion happens here, so `${x:-$(id)}` or a name a
/// shell would split is never run or split. Paths with neither `$` nor a leading `~` cost
/// nothing.
package enum HostPathExpansion {
  /// Whether `path` has anything to expand on the host.
  package static func isNeeded(_ path: String) -> Bool {
    path.hasPrefix("~") || path.contains("$")
  }

  /// `paths` expanded on the target; one command when any of them needs it.
  package static func expand(_ paths: [String], on target: Target) async throws(ConnectionError) -> [String] {
    guard paths.contains(where: isNeeded) else { return paths }
    let users = Set(paths.compactMap(tildeUser)).sorted()
    let result = try await target.run(query(users: users))
    let host = HostFacts(parsing: result.stdout, users: users)
    return paths.map { expand($0, on: host) }
  }

  /// What the expansion reads from the host.
  package struct HostFacts: Sendable, Equatable {
    package var environment: [String: String] = [:]
    /// The running user's home from the password database (used when HOME is not set).
    package var ownHome: String?
    /// Homes of the users named by `~user`; a user missing here does not exist.
    package var homes: [String: String] = [:]

    package init(environment: [String: String] = [:], ownHome: String? = nil, homes: [String: String] = [:]) {
      self.environment = environment
      self.ownHome = ownHome
      self.homes = homes
    }

    /// Reads what `query` printed.
    init(parsing output: String, users: [String]) {
      for line in output.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "="), let bytes = ProbeWord.bytes(line[line.index(after: equals)...]) else { continue }
        let key = line[..<equals]
        if key == "env" {
          environment = Self.environment(bytes)
        } else if key == "self" {
          ownHome = Self.home(passwdLine: bytes)
        } else if key.hasPrefix("user"), let index = Int(key.dropFirst(4)), users.indices.contains(index) {
          homes[users[index]] = Self.home(passwdLine: bytes)
        }
      }
    }

    /// `env -0` output, or plain `env` where `-0` is missing (busybox).
    static func environment(_ bytes: [UInt8]) -> [String: String] {
      let separator: UInt8 = bytes.contains(0) ? 0 : UInt8(ascii: "\n")
      var variables: [String: String] = [:]
      for entry in bytes.split(separator: separator) {
        guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
        variables[String(decoding: entry[..<equals], as: UTF8.self)] = String(decoding: entry[(equals + 1)...], as: UTF8.self)
      }
      return variables
    }

    /// The sixth field of a passwd line; nil for no line (no such user).
    static func home(passwdLine bytes: [UInt8]) -> String? {
      let fields = String(decoding: bytes, as: UTF8.self).split(separator: ":", omittingEmptySubsequences: false)
      return fields.count >= 6 ? String(fields[5]) : nil
    }
  }

  /// The shell command that prints the environment, the running user's passwd home and
  /// the homes of `users`, each as `key=hex`. Reads only.
  static func query(users: [String]) -> String {
    var lines = [
      ProbeWord.echo("env", output: "env -0 2>/dev/null || env"),
      ProbeWord.echo("self", output: "getent passwd \"$(id -u)\""),
    ]
    for (index, user) in users.enumerated() {
      lines.append(ProbeWord.echo("user\(index)", output: "getent passwd -- \(ShellQuote.quote(user))"))
    }
    return (lines + ["exit 0"]).joined(separator: "\n")
  }

  /// The user a leading `~user` names (empty for a bare `~`); nil when `path` has none, and
  /// for a user written with `$` or as a number, which `getent` would read differently than
  /// Python's `getpwnam` (those stay as written).
  static func tildeUser(_ path: String) -> String? {
    guard path.hasPrefix("~") else { return nil }
    let user = path.dropFirst().prefix { $0 != "/" }
    if user.contains("$") || (!user.isEmpty && user.allSatisfy(\.isASCIIDigit)) { return nil }
    return String(user)
  }

  /// `path` expanded against `host`: Python's expandvars, then expanduser.
  package static func expand(_ path: String, on host: HostFacts) -> String {
    expandUser(expandVariables(path, environment: host.environment), host: host)
  }

  /// Python's `posixpath.expandvars`: `$name` (ASCII letters, digits, `_`) and `${anything}`
  /// replaced by the variable when it is set (even to nothing), left alone when not.
  static func expandVariables(_ path: String, environment: [String: String]) -> String {
    guard path.contains("$") else { return path }
    let characters = Array(path.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < characters.count {
      guard characters[index] == "$", let (name, end) = variableName(characters, after: index) else {
        out.append(characters[index])
        index += 1
        continue
      }
      if let value = environment[name] {
        out.append(contentsOf: value.unicodeScalars)
      } else {
        out.append(contentsOf: characters[index..<end])
      }
      index = end
    }
    return String(out)
  }

  /// The name after the `$` at `dollar` and the index after it, as Python's
  /// `\$(\w+|\{[^}]*\})` (ASCII) matches it.
  private static func variableName(_ characters: [Unicode.Scalar], after dollar: Int) -> (String, Int)? {
    let start = dollar + 1
    guard start < characters.count else { return nil }
    if characters[start] == "{" {
      guard let close = characters[(start + 1)...].firstIndex(of: "}") else { return nil }
      return (String(String.UnicodeScalarView(characters[(start + 1)..<close])), close + 1)
    }
    var end = start
    while end < characters.count, characters[end].isASCII,
      characters[end].properties.isAlphabetic || ("0"..."9").contains(characters[end]) || characters[end] == "_"
    {
      end += 1
    }
    return end > start ? (String(String.UnicodeScalarView(characters[start..<end])), end) : nil
  }

  /// Python's `posixpath.expanduser`: `~` is HOME (the passwd home when HOME is not set),
  /// `~user` that user's home; trailing slashes of the home are dropped.
  static func expandUser(_ path: String, host: HostFacts) -> String {
    guard path.hasPrefix("~") else { return path }
    let user = path.dropFirst().prefix { $0 != "/" }
    let rest = path.dropFirst(1 + user.count)
    let home: String?
    if user.isEmpty {
      home = host.environment["HOME"] ?? host.ownHome
    } else {
      home = host.homes[String(user)]
    }
    guard var home else { return path }
    while home.hasSuffix("/") { home.removeLast() }
    let expanded = home + rest
    return expanded.isEmpty ? "/" : expanded
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
