import Foundation
import Modules
import Testing

@testable import SwiftPlayCore

/// The one resolver and the packing of Ansible's own modules, against the controller's
/// real Ansible installation (scripts/install-dependencies installs PyPI `ansible`).
@Suite struct ModuleResolverTests {
  static func resolver(library: [String] = []) throws -> ModuleResolver {
    let ansible = try #require(ControllerAnsible.installed, "scripts/install-dependencies installs ansible")
    return ModuleResolver(native: ModuleRegistry.all, controller: ansible, library: library)
  }

  static func source(_ resolved: ResolvedModule?) -> AnsibleModuleSource? {
    if case let .ansible(source)? = resolved { return source }
    return nil
  }

  @Test func namesResolveAsAnsibleResolvesThem() throws {
    let resolver = try Self.resolver()
    // Swift modules first, under every spelling and alias.
    for name in ["copy", "ansible.builtin.copy", "ansible.legacy.copy"] {
      guard case let .native(module)? = resolver.resolve(name, collections: []) else { Issue.record("\(name)"); continue }
      #expect(module.name == "copy")
    }
    guard case .native? = resolver.resolve("ansible.posix.sysctl", collections: []) else { Issue.record("alias"); return }
    guard case .engine("include_tasks")? = resolver.resolve("ansible.builtin.include_tasks", collections: []) else {
      Issue.record("engine action")
      return
    }
    // Ansible's builtin modules without a Swift twin.
    let getent = try #require(Self.source(resolver.resolve("getent", collections: [])))
    #expect(getent.name == "ansible.builtin.getent" && getent.importName == "ansible.modules.getent")
    #expect(resolver.resolve("getent", collections: [])?.canonicalName == "getent")
    // A collection's module by FQCN, and a short name through the `collections:` keyword.
    let key = try #require(Self.source(resolver.resolve("ansible.posix.authorized_key", collections: [])))
    #expect(key.importName == "ansible_collections.ansible.posix.plugins.modules.authorized_key")
    #expect(Self.source(resolver.resolve("authorized_key", collections: ["ansible.posix"]))?.name == key.name)
    // The builtin runtime's redirect of an old short name into its collection.
    #expect(Self.source(resolver.resolve("mysql_user", collections: []))?.name == "community.mysql.mysql_user")
    #expect(resolver.resolve("no_such_module_anywhere", collections: []) == nil)
    #expect(resolver.resolve("no.such.module", collections: []) == nil)
  }

  @Test func libraryFoldersJoinTheSearchPath() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder + "/library", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "print('{}')\n".write(toFile: folder + "/library/my_module.py", atomically: true, encoding: .utf8)
    let resolver = try Self.resolver()
    #expect(resolver.resolve("my_module", collections: []) == nil)
    resolver.registerLibrary(folder + "/library")
    let found = try #require(Self.source(resolver.resolve("my_module", collections: [])))
    #expect(found.path == folder + "/library/my_module.py" && found.importName == "ansible.modules.my_module")
  }

  /// A playbook's own `collections/` folder, with a collection whose meta/runtime.yml
  /// redirects an old name to a module of another collection.
  @Test func aPlaybooksCollectionsFolderAndItsRedirects() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)").path
    let collection = folder + "/collections/ansible_collections/my/coll"
    try FileManager.default.createDirectory(atPath: collection + "/plugins/modules", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: collection + "/meta", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "print('{}')\n".write(toFile: collection + "/plugins/modules/thing.py", atomically: true, encoding: .utf8)
    try "plugin_routing:\n  modules:\n    old_key:\n      redirect: ansible.posix.authorized_key\n"
      .write(toFile: collection + "/meta/runtime.yml", atomically: true, encoding: .utf8)
    let resolver = try Self.resolver()
    #expect(resolver.resolve("my.coll.thing", collections: []) == nil)
    resolver.registerCollections(folder + "/collections")
    let thing = try #require(Self.source(resolver.resolve("my.coll.thing", collections: [])))
    #expect(thing.importName == "ansible_collections.my.coll.plugins.modules.thing" && thing.collectionsRoot == folder + "/collections")
    #expect(Self.source(resolver.resolve("thing", collections: ["my.coll"]))?.name == "my.coll.thing")
    #expect(Self.source(resolver.resolve("my.coll.old_key", collections: []))?.name == "ansible.posix.authorized_key")
  }

  @Test func deprecatedRoutesAreReportedOnceInAnsiblesWords() throws {
    let resolver = try Self.resolver()
    _ = resolver.resolve("community.general.atomic_host", collections: [])
    _ = resolver.resolve("community.general.atomic_host", collections: [])
    let notices = resolver.takeDeprecations()
    #expect(notices.count == 1)
    #expect(notices.first?.hasPrefix("community.general.atomic_host has been deprecated. ") == true)
    #expect(notices.first?.hasSuffix(" This feature will be removed from collection 'community.general' version 13.0.0.") == true)
    #expect(resolver.takeDeprecations().isEmpty)
  }

  @Test func actionPluginsAreKnown() throws {
    let resolver = try Self.resolver()
    let copy = try #require(resolver.ansibleTwin(of: CopyModule.self))
    #expect(resolver.needsActionPlugin(copy))
    #expect(!resolver.needsActionPlugin(try #require(resolver.ansibleTwin(of: UserModule.self))))
    #expect(!resolver.needsActionPlugin(try #require(Self.source(resolver.resolve("getent", collections: [])))))
    #expect(resolver.needsActionPlugin(try #require(Self.source(resolver.resolve("ansible.posix.synchronize", collections: [])))))
  }

  @Test func importsAreReadFromEveryStatementForm() {
    let source = """
      import os, ansible.module_utils.six as six
      from ansible.module_utils.basic import AnsibleModule
      from ansible.module_utils.common.text.converters import (
          to_bytes,  # a comment
          to_native,
      )
      def f():
          from ansible.module_utils.urls import \\
              fetch_url
      from . import sibling
      from ..common import warnings
      """
    let imports = PythonImports.scan(source, selfName: "ansible.module_utils.facts.thing", isPackage: false)
    #expect(imports.map(\.module) == [
      "os", "ansible.module_utils.six", "ansible.module_utils.basic", "ansible.module_utils.common.text.converters",
      "ansible.module_utils.urls", "ansible.module_utils.facts", "ansible.module_utils.common",
    ])
    #expect(imports[3].names == ["to_bytes", "to_native"])
    #expect(imports[4].names == ["fetch_url"])
    #expect(imports[5].names == ["sibling"])
  }

  /// The payload is a zip Python's own zipfile reads, holding the module, basic, the
  /// module_utils it imports (transitively) and a package `__init__.py` for every folder.
  @Test func thePayloadHoldsTheModuleAndWhatItImports() throws {
    let resolver = try Self.resolver()
    let runner = try #require(resolver.runner)
    let zip = try runner.packed(try #require(Self.source(resolver.resolve("ansible.posix.authorized_key", collections: []))))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("payload-\(UUID().uuidString).zip").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    FileManager.default.createFile(atPath: path, contents: Data(zip))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); z.testzip(); print('\\n'.join(z.namelist()))", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let names = Set(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init))
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    for name in [
      "ansible/__init__.py", "ansible/module_utils/__init__.py", "ansible/module_utils/basic.py",
      "ansible/module_utils/urls.py", "ansible/module_utils/common/text/converters.py",
      "ansible_collections/__init__.py", "ansible_collections/ansible/posix/plugins/modules/__init__.py",
      "ansible_collections/ansible/posix/plugins/modules/authorized_key.py",
    ] {
      #expect(names.contains(name), "\(name) missing")
    }
    #expect(!names.contains("ansible/module_utils/facts/__init__.py"), "packed module_utils it does not import")
  }

  /// A playbook's `library/` module importing a helper from the `module_utils/` beside it.
  @Test func aLibraryModuleCarriesTheModuleUtilsBesideIt() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)").path
    for sub in ["library", "module_utils"] {
      try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "from ansible.module_utils.my_helper import answer\nfrom ansible.module_utils.basic import AnsibleModule\n"
      .write(toFile: folder + "/library/uses_helper.py", atomically: true, encoding: .utf8)
    try "answer = 42\n".write(toFile: folder + "/module_utils/my_helper.py", atomically: true, encoding: .utf8)
    let resolver = try Self.resolver()
    resolver.registerLibrary(folder + "/library")
    let source = try #require(Self.source(resolver.resolve("uses_helper", collections: [])))
    let zip = try #require(resolver.runner).packed(source)
    let text = String(decoding: zip, as: UTF8.self)
    #expect(text.contains("ansible/module_utils/my_helper.py") && text.contains("answer = 42"))
    #expect(text.contains("ansible/modules/uses_helper.py"))
  }

  @Test func moduleOutputBecomesTheResult() {
    let output = CommandResult(
      stdout: "banner line\n{\"changed\": true, \"rc\": 0, \"stdout\": \"a\\nb\\n\", \"diff\": {\"before\": \"x\", \"after\": \"y\"}, "
        + "\"warnings\": [], \"n\": 1.5, \"_ansible_no_log\": false}\n", stderr: "", exitStatus: 0)
    let result = AnsibleModuleRunner.result(of: output, python: "/usr/bin/python3")
    #expect(result.changed && !result.failed)
    #expect(result.values["stdout_lines"] == .list(["a", "b"]))
    #expect(result.values["n"] == .double(1.5) && result.values["rc"] == .int(0))
    #expect(result.values["warnings"] == nil && result.values["_ansible_no_log"] == nil)
    #expect(result.diff == [["before": "x", "after": "y"]])
    let broken = AnsibleModuleRunner.result(of: CommandResult(stdout: "not json\n", stderr: "boom\n", exitStatus: 1), python: "/x")
    #expect(broken.failed && broken.values["msg"] == "Module result deserialization failed: No start of json char found")
    #expect(broken.values["module_stdout"] == "not json\n" && broken.values["module_stderr"] == "boom\n" && broken.values["rc"] == .int(1))
    let rcOnly = AnsibleModuleRunner.result(of: CommandResult(stdout: "{\"rc\": 2}", stderr: "", exitStatus: 0), python: "/x")
    #expect(rcOnly.failed)
  }
}
