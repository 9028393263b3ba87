import Foundation
import Testing

/// The files of Tests/VaultTests/Fixtures, made by the real ansible-vault (scripts/vault-fixtures).
enum Fixture {
  struct Missing: Error, CustomStringConvertible {
    let name: String
    var description: String { "fixture \(name) is missing: run scripts/vault-fixtures" }
  }

  static func url(_ name: String) throws -> URL {
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw Missing(name: "Fixtures") }
    let url = folder.appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(name: name) }
    return url
  }

  static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url(name))) }
  static func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }

  /// A password file's password, stripped as ansible-vault strips it.
  static func password(_ name: String) throws -> String {
    try text("password-\(name)").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The text of the `!vault |` block scalar under `key` in a YAML file, dedented as a YAML
  /// parser would give it (enough YAML for encrypt_string's own output).
  static func inlineValue(_ key: String, in yaml: String) -> String? {
    let lines = yaml.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "\(key): !vault |") else { return nil }
    let body = lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
    let indent = body.first.map { $0.prefix { $0 == " " }.count } ?? 0
    return body.map { String($0.dropFirst(indent)) }.joined(separator: "\n") + "\n"
  }
}

/// A folder of its own for one test, removed by `remove()`.
struct Scratch {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("vault-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  @discardableResult
  func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
    let target = file(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target)
    return target
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
