import Foundation
import ValueModel

/// The settings in force, read like Ansible reads them: the first of ANSIBLE_CONFIG,
/// ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg; then ANSIBLE_* environment
/// variables over the file; then built-in defaults. Unknown keys are ignored, as Ansible does.
package struct AnsibleConfig: Sendable {
  /// One setting swiftplay understands.
  package struct Definition: Sendable {
    package let key: String
    package let environment: String
    package let defaultValue: String?
    /// Paths in the file are relative to the file's folder, as in Ansible.
    package let isPath: Bool
    /// A boolean that does not parse is an error, never quietly false: a typo must not
    /// turn host key checking off.
    package var isBoolean = false
    /// The ansible.cfg section it is read from.
    package var section = "defaults"
  }

  package struct Setting: Sendable {
    package let text: String
    /// Where it came from: "default", "env: NAME" or "PATH:LINE".
    package let origin: String
  }

  package static let definitions: [Definition] = [
    .init(key: "inventory", environment: "ANSIBLE_INVENTORY", defaultValue: nil, isPath: true),
    .init(key: "remote_user", environment: "ANSIBLE_REMOTE_USER", defaultValue: nil, isPath: false),
    .init(key: "forks", environment: "ANSIBLE_FORKS", defaultValue: "50", isPath: false),
    .init(key: "timeout", environment: "ANSIBLE_TIMEOUT", defaultValue: "10", isPath: false),
    .init(key: "task_timeout", environment: "ANSIBLE_TASK_TIMEOUT", defaultValue: "0", isPath: false),
    .init(key: "host_key_checking", environment: "ANSIBLE_HOST_KEY_CHECKING", defaultValue: "True", isPath: false, isBoolean: true),
    .init(key: "private_key_file", environment: "ANSIBLE_PRIVATE_KEY_FILE", defaultValue: nil, isPath: true),
    .init(key: "transport", environment: "ANSIBLE_TRANSPORT", defaultValue: "libssh2", isPath: false),
    .init(key: "nocolor", environment: "ANSIBLE_NOCOLOR", defaultValue: "False", isPath: false, isBoolean: true),
    .init(key: "force_color", environment: "ANSIBLE_FORCE_COLOR", defaultValue: "False", isPath: false, isBoolean: true),
    .init(key: "roles_path", environment: "ANSIBLE_ROLES_PATH",
          defaultValue: "~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles", isPath: true),
    .init(key: "collections_path", environment: "ANSIBLE_COLLECTIONS_PATH",
          defaultValue: "~/.ansible/collections:/usr/share/ansible/collections", isPath: true),
    .init(key: "library", environment: "ANSIBLE_LIBRARY",
          defaultValue: "~/.ansible/plugins/modules:/usr/share/ansible/plugins/modules", isPath: true),
    .init(key: "module_utils", environment: "ANSIBLE_MODULE_UTILS",
          defaultValue: "~/.ansible/plugins/module_utils:/usr/share/ansible/plugins/module_utils", isPath: true),
    .init(key: "interpreter_python", environment: "ANSIBLE_PYTHON_INTERPRETER", defaultValue: "auto", isPath: false),
    .init(key: "remote_tmp", environment: "ANSIBLE_REMOTE_TEMP", defaultValue: "~/.ansible/tmp", isPath: false),
    .init(key: "gathering", environment: "ANSIBLE_GATHERING", defaultValue: "implicit", isPath: false),
    .init(key: "vault_password_file", environment: "ANSIBLE_VAULT_PASSWORD_FILE", defaultValue: nil, isPath: true),
    .init(key: "vault_identity_list", environment: "ANSIBLE_VAULT_IDENTITY_LIST", defaultValue: nil, isPath: false),
    .init(key: "vault_id_match", environment: "ANSIBLE_VAULT_ID_MATCH", defaultValue: "False", isPath: false, isBoolean: true),
    .init(key: "ask_vault_pass", environment: "ANSIBLE_ASK_VAULT_PASS", defaultValue: "False", isPath: false, isBoolean: true),
    .init(key: "duplicate_dict_key", environment: "ANSIBLE_DUPLICATE_YAML_DICT_KEY", defaultValue: "warn", isPath: false),
    .init(key: "become", environment: "ANSIBLE_BECOME", defaultValue: "False", isPath: false, isBoolean: true,
          section: "privilege_escalation"),
    .init(key: "become_method", environment: "ANSIBLE_BECOME_METHOD", defaultValue: "sudo", isPath: false,
          section: "privilege_escalation"),
    .init(key: "become_user", environment: "ANSIBLE_BECOME_USER", defaultValue: "root", isPath: false,
          section: "privilege_escalation"),
    .init(key: "become_flags", environment: "ANSIBLE_BECOME_FLAGS", defaultValue: nil, isPath: false,
          section: "privilege_escalation"),
    .init(key: "become_ask_pass", environment: "ANSIBLE_BECOME_ASK_PASS", defaultValue: "False", isPath: false,
          isBoolean: true, section: "privilege_escalation"),
  ]

  /// The ansible.cfg that was read, if any.
  package let file: String?
  package let values: [String: Setting]
  /// Files passed over, with the reason (a world-writable folder).
  package let warnings: [String]

  package subscript(key: String) -> String? { values[key]?.text }

  package func bool(_ key: String) -> Bool { values[key].flatMap { Value.parseBoolean($0.text) } ?? false }

  /// The `inventory` setting as a list of sources (it may name several, comma-separated).
  package var inventorySources: [String] {
    self["inventory"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
  }

  package func int(_ key: String) -> Int? { values[key].flatMap { Int($0.text) } }

  /// A `:`-separated path list setting (roles_path, collections_path, library), each entry
  /// with a leading `~` expanded on the controller, empty entries dropped.
  package func pathList(_ key: String) -> [String] {
    (self[key] ?? "").split(separator: ":").map { entry in
      entry.hasPrefix("~") ? NSString(string: String(entry)).expandingTildeInPath : String(entry)
    }
  }

  package static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(ConfigError) -> AnsibleConfig {
    var warnings: [String] = []
    let file = findFile(environment: environment, currentDirectory: currentDirectory, warnings: &warnings)
    let fileValues = try file.map(parse) ?? [:]
    var values: [String: Setting] = [:]
    for definition in definitions {
      let value: Setting
      if let text = environment[definition.environment] {
        value = Setting(text: text, origin: "env: \(definition.environment)")
      } else if let (text, line) = fileValues[definition.section]?[definition.key], let file {
        value = Setting(text: definition.isPath ? resolvePath(text, relativeTo: file) : text, origin: "\(file):\(line)")
      } else if let text = definition.defaultValue {
        value = Setting(text: text, origin: "default")
      } else {
        continue
      }
      if definition.isBoolean && Value.parseBoolean(value.text) == nil {
        let (source, line) = value.origin.hasPrefix("env:") ? (value.origin, 0) : (file ?? "", fileValues[definition.section]?[definition.key]?.1 ?? 0)
        throw ConfigError(
          file: source, line: line,
          message: "\(definition.key) = '\(value.text)' is not a boolean: use True or False")
      }
      values[definition.key] = value
    }
    return AnsibleConfig(file: file, values: values, warnings: warnings)
  }

  static func findFile(environment: [String: String], currentDirectory: String, warnings: inout [String]) -> String? {
    var candidates: [String] = []
    if let explicit = environment["ANSIBLE_CONFIG"] {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: explicit, isDirectory: &isFolder)
      candidates.append(exists && isFolder.boolValue ? explicit + "/ansible.cfg" : explicit)
    }
    // Anyone could drop an ansible.cfg into a world-writable folder: Ansible skips it.
    let local = currentDirectory + "/ansible.cfg"
    let folderMode = (try? FileManager.default.attributesOfItem(atPath: currentDirectory)[.posixPermissions] as? Int) ?? 0
    if folderMode & 0o002 != 0 {
      if FileManager.default.fileExists(atPath: local) {
        warnings.append("Ansible is being run in a world writable directory (\(currentDirectory)), ignoring it as an ansible.cfg source.")
      }
    } else {
      candidates.append(local)
    }
    if let home = environment["HOME"] { candidates.append(home + "/.ansible.cfg") }
    candidates.append("/etc/ansible/ansible.cfg")
    return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
  }

  /// Reads every section: section to key to (value, line number).
  static func parse(_ file: String) throws(ConfigError) -> [String: [String: (String, Int)]] {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      throw ConfigError(file: file, line: 0, message: "cannot read the file")
    }
    var section = ""
    var result: [String: [String: (String, Int)]] = [:]
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
      let key = line[..<separator].trimmingCharacters(in: .whitespaces)
      let value = stripInlineComment(line[line.index(after: separator)...]).trimmingCharacters(in: .whitespaces)
      result[section, default: [:]][key] = (value, index + 1)
    }
    return result
  }

  /// Ansible's parser ends a value at a `;` that follows whitespace: `True ; note`.
  static func stripInlineComment(_ value: Substring) -> Substring {
    var previous: Character = " "
    for index in value.indices {
      if value[index] == ";" && previous.isWhitespace { return value[..<index] }
      previous = value[index]
    }
    return value
  }

  /// A path (or a `:`-separated list of paths, like roles_path) relative to the file's folder.
  static func resolvePath(_ path: String, relativeTo file: String) -> String {
    if path.contains(":") {
      return path.split(separator: ":").map { resolvePath(String($0), relativeTo: file) }.joined(separator: ":")
    }
    if path.hasPrefix("~") { return NSString(string: path).expandingTildeInPath }
    if path.hasPrefix("/") || path.contains(",") { return path }
    return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
  }
}

package struct ConfigError: Error, CustomStringConvertible {
  package let file: String
  package let line: Int
  package let message: String
  package var description: String { "\(file):\(line): \(message)" }
}
