import Foundation
import Testing

@testable import SwiftPlayCore

/// The controller's Ansible installation (scripts/install-dependencies installs PyPI
/// `ansible`), found as a run finds it.
@Suite struct ControllerAnsibleTests {
  @Test func theInstalledPackageIsFoundWithItsModulesAndCollections() throws {
    let ansible = try #require(ControllerAnsible.installed, "scripts/install-dependencies installs ansible")
    #expect(FileManager.default.fileExists(atPath: ansible.builtinModules + "/pip.py"))
    #expect(FileManager.default.fileExists(atPath: ansible.moduleUtils + "/basic.py"))
    #expect(FileManager.default.fileExists(atPath: ansible.builtinRuntime))
    let collections = try #require(ansible.bundledCollections, "PyPI ansible bundles the community collections")
    #expect(FileManager.default.fileExists(atPath: collections + "/ansible_collections/ansible/posix/plugins/modules/authorized_key.py"))
  }

  @Test func settingsListPathsWithTheHomeExpanded() throws {
    let config = try AnsibleConfig.load(environment: ["ANSIBLE_COLLECTIONS_PATH": "~/c::/srv/c", "HOME": "/root"], currentDirectory: "/")
    #expect(config.pathList("collections_path") == [NSHomeDirectory() + "/c", "/srv/c"])
  }
}
