import Foundation

/// The settings in force, read like Ansible reads them: the first of ANSIBLE_CONFIG,
/// ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg; then ANSIBLE_* environment
/// variables over the file; then built-in defaults. Unknown keys are ignored, as Ansible does.
public struct AnsibleConfig: Sendable {
  /// One setting swiftplay understands.
  public struct Definition: Sendable {
    public let key: String
    public let environment: String
    public let defaultValue: String?
    /// Paths in the file are relative to the file's folder, as in Ansible.
    public let isPath: Bool
  }

  public struct Value: Sendable {
    public let text: String
    /// Where it came from: "default", "env: NAME" or "PATH:LINE".
    public let origin: String
  }

  public static let definitions: [Definition] = [
    .init(key: "inventory", environment: "ANSIBLE_INVENTORY", defaultValue: nil, isPath: true),
    .init(key: "remote_user", environment: "ANSIBLE_REMOTE_USER", defaultValue: nil, isPath: false),
    .init(key: "forks", environment: "ANSIBLE_FORKS", defaultValue: "50", isPath: false),
    .init(key: "timeout", environment: "ANSIBLE_TIMEOUT", defaultValue: "10", isPath: false),
    .init(key: "task_timeout", environment: "ANSIBLE_TASK_TIMEOUT", defaultValue: "0", isPath: false),
    .init(key: "host_key_checking", environment: "ANSIBLE_HOST_KEY_CHECKING", defaultValue: "True", isPath: false),
    .init(key: "private_key_file", environment: "ANSIBLE_PRIVATE_KEY_FILE", defaultValue: nil, isPath: true),
    .init(key: "transport", environment: "ANSIBLE_TRANSPORT", defaultValue: "libssh2", isPath: false),
    .init(key: "nocolor", environment: "ANSIBLE_NOCOLOR", defaultValue: "False", isPath: false),
    .init(key: "force_color", environment: "ANSIBLE_FORCE_COLOR", defaultValue: "False", isPath: false),
  ]

  /// The ansible.cfg that was read, if any.
  public let file: String?
  public let values: [String: Value]

  public subscript(key: String) -> String? { values[key]?.text }

  public func bool(_ key: String) -> Bool { values[key].map { JSONValue.string($0.text).truthy } ?? false }

  public func int(_ key: String) -> Int? { values[key].flatMap { Int($0.text) } }

  public static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(ConfigError) -> AnsibleConfig {
    let file = findFile(environment: environment, currentDirectory: currentDirectory)
    let fileValues = try file.map(parse) ?? [:]
    var values: [String: Value] = [:]
    for definition in definitions {
      if let text = environment[definition.environment] {
        values[definition.key] = Value(text: text, origin: "env: \(definition.environment)")
      } else if let (text, line) = fileValues[definition.key], let file {
        let resolved = definition.isPath ? resolvePath(text, relativeTo: file) : text
        values[definition.key] = Value(text: resolved, origin: "\(file):\(line)")
      } else if let text = definition.defaultValue {
        values[definition.key] = Value(text: text, origin: "default")
      }
    }
    return AnsibleConfig(file: file, values: values)
  }

  static func findFile(environment: [String: String], currentDirectory: String) -> String? {
    var candidates: [String] = []
    if let explicit = environment["ANSIBLE_CONFIG"] {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: explicit, isDirectory: &isFolder)
      candidates.append(exists && isFolder.boolValue ? explicit + "/ansible.cfg" : explicit)
    }
    candidates.append(currentDirectory + "/ansible.cfg")
    if let home = environment["HOME"] { candidates.append(home + "/.ansible.cfg") }
    candidates.append("/etc/ansible/ansible.cfg")
    return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
  }

  /// Reads the `[defaults]` section: key to (value, line number).
  static func parse(_ file: String) throws(ConfigError) -> [String: (String, Int)] {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      throw ConfigError(file: file, line: 0, message: "cannot read the file")
    }
    var section = ""
    var result: [String: (String, Int)] = [:]
    for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else {
          throw ConfigError(file: file, line: index + 1, message: "section header '\(line)' lacks its closing ']'")
        }
        section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        continue
      }
      guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
        throw ConfigError(file: file, line: index + 1, message: "expected 'key = value', found '\(line)'")
      }
      guard section == "defaults" || section == "ssh_connection" else { continue }
      let key = line[..<separator].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      result[key] = (value, index + 1)
    }
    return result
  }

  static func resolvePath(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("~") { return NSString(string: path).expandingTildeInPath }
    if path.hasPrefix("/") || path.contains(",") { return path }
    return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
  }
}

public struct ConfigError: Error, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let message: String
  public var description: String { "\(file):\(line): \(message)" }
}
