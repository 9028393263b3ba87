import Foundation
import Testing

@testable import SwiftPlayCore

struct ConfigTests {
  func folder(with config: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftplay-config-\(UUID())").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try config.write(toFile: path + "/ansible.cfg", atomically: true, encoding: .utf8)
    return path
  }

  /// The 2019 IIT Bombay team's ansible.cfg shape: an inventory next to it and an
  /// `ansible_python_interpreter=` line under [defaults] that Ansible ignores.
  @Test func readsDefaultsIgnoresUnknownKeysAndResolvesPaths() throws {
    let dir = try folder(with: "[defaults]\ninventory = hosts\nansible_python_interpreter=/usr/bin/python3\nhost_key_checking = False\nforks=7\n[privilege_escalation]\nbecome=True\n")
    let config = try AnsibleConfig.load(environment: [:], currentDirectory: dir)
    #expect(config.file == dir + "/ansible.cfg")
    #expect(config["inventory"] == dir + "/hosts")
    #expect(config.values["inventory"]?.origin == dir + "/ansible.cfg:2")
    #expect(!config.bool("host_key_checking"))
    #expect(config.int("forks") == 7)
    #expect(config["ansible_python_interpreter"] == nil)
    #expect(config.bool("become"))
    #expect(config.values["become"]?.origin == dir + "/ansible.cfg:7")
    #expect(config["become_user"] == "root")
  }

  @Test func environmentWinsOverTheFile() throws {
    let dir = try folder(with: "[defaults]\nhost_key_checking = True\n")
    let config = try AnsibleConfig.load(environment: ["ANSIBLE_HOST_KEY_CHECKING": "False"], currentDirectory: dir)
    #expect(!config.bool("host_key_checking"))
    #expect(config.values["host_key_checking"]?.origin == "env: ANSIBLE_HOST_KEY_CHECKING")
  }

  @Test func defaultsWithoutAFile() throws {
    let config = try AnsibleConfig.load(environment: [:], currentDirectory: "/nonexistent")
    #expect(config.int("forks") == 50)
    #expect(config.int("timeout") == 10)
    #expect(config.bool("host_key_checking"))
  }

  @Test func inlineSemicolonCommentsEndTheValue() throws {
    let dir = try folder(with: "[defaults]\nhost_key_checking = True ; never turn this off\nremote_user = a;b\n")
    let config = try AnsibleConfig.load(environment: [:], currentDirectory: dir)
    #expect(config.bool("host_key_checking"))
    #expect(config["remote_user"] == "a;b")
  }

  /// A boolean that does not parse must not read as False: that would turn checking off.
  @Test func badBooleanIsAnError() throws {
    let dir = try folder(with: "[defaults]\n\nhost_key_checking = Ture\n")
    #expect {
      try AnsibleConfig.load(environment: [:], currentDirectory: dir)
    } throws: { error in
      (error as? ConfigError)?.description == "\(dir)/ansible.cfg:3: host_key_checking = 'Ture' is not a boolean: use True or False"
    }
  }

  @Test func worldWritableFolderIsSkipped() throws {
    let dir = try folder(with: "[defaults]\nforks = 3\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir)
    let config = try AnsibleConfig.load(environment: ["HOME": "/nonexistent"], currentDirectory: dir)
    #expect(config.int("forks") == 50)
    #expect(config.warnings.count == 1)
  }

  @Test func malformedLineNamesFileAndLine() throws {
    let dir = try folder(with: "[defaults]\nforks 5\n")
    #expect {
      try AnsibleConfig.load(environment: [:], currentDirectory: dir)
    } throws: { error in
      (error as? ConfigError)?.description == "\(dir)/ansible.cfg:2: expected 'key = value', found 'forks 5'"
    }
  }
}
