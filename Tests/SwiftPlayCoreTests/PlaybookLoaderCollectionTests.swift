import Foundation
import Testing

@testable import SwiftPlayCore

/// Roles and playbooks from installed collections, on a small collection each test writes:
/// found by fully qualified name, by short name through the play's `collections:` or from
/// inside their own collection, across collections in `meta/main.yml`, and the error
/// naming every place searched when a role is nowhere.
extension PlaybookLoaderTests {
  /// Two collections (`acme.tools`, `other.pack`) in `<folder>/<root>/ansible_collections`.
  func collectionFiles(root: String = "collections") -> [String: String] {
    let acme = "\(root)/ansible_collections/acme/tools"
    return [
      "\(acme)/roles/base/tasks/main.yml": "- debug: msg=base\n",
      "\(acme)/roles/base/handlers/main.yml": "- name: base handler\n  debug: msg=h\n",
      // A short dependency resolves in the role's own collection first; the other by FQCN.
      "\(acme)/roles/web/meta/main.yml": "dependencies:\n  - base\n  - role: other.pack.util\n    level: 2\n",
      "\(acme)/roles/web/tasks/main.yml": "- name: web task\n  debug: msg=web\n",
      "\(acme)/playbooks/site.yml": "- hosts: all\n  roles: [web]\n",
      "\(acme)/playbooks/sub/inner.yaml": "- hosts: all\n  tasks:\n    - import_role: {name: base}\n",
      "\(root)/ansible_collections/other/pack/roles/util/tasks/main.yml": "- name: util task\n  debug: msg=util\n",
    ]
  }

  @Test func collectionRolesByFullyQualifiedName() throws {
    let playbook = try load("""
      - hosts: all
        roles:
          - acme.tools.web
        tasks:
          - import_role:
              name: other.pack.util
      """, files: collectionFiles())
    let play = playbook.plays[0]
    #expect(play.roles.map(\.name) == ["acme.tools.web"])
    #expect(names(play.roles[0].tasks) == ["acme.tools.base : debug", "other.pack.util : util task", "acme.tools.web : web task"])
    let web = try #require(tasks(play.roles[0].tasks).last?.role)
    #expect(web.collection == "acme.tools" && web.collections == ["acme.tools", "ansible.builtin"])
    #expect(web.path.hasSuffix("collections/ansible_collections/acme/tools/roles/web"))
    #expect(tasks(play.roles[0].tasks)[1].role?.parameters["level"] == 2)
    #expect(names(play.tasks) == ["other.pack.util : util task"])
    #expect(play.handlers.map { $0.name ?? "" } == ["base handler"])
  }

  @Test func playCollectionsKeywordFindsShortRoleNames() throws {
    let playbook = try load("""
      - hosts: all
        collections: [acme.tools]
        roles: [base]
        tasks:
          - import_role: {name: web}
      """, files: collectionFiles())
    #expect(playbook.plays[0].roles.map(\.name) == ["acme.tools.base"])
    #expect(names(playbook.plays[0].tasks).last == "acme.tools.web : web task")
    // A role in the playbook's roles/ folder loses to the collection, as in Ansible.
    var files = collectionFiles()
    files["roles/base/tasks/main.yml"] = "- debug: msg=legacy\n"
    let shadowed = try load("- hosts: all\n  collections: [acme.tools]\n  roles: [base]\n", files: files)
    #expect(shadowed.plays[0].roles[0].name == "acme.tools.base")
    let legacy = try load("- hosts: all\n  roles: [base]\n", files: files)
    #expect(legacy.plays[0].roles[0].name == "base" && legacy.plays[0].roles[0].path.hasSuffix("/roles/base"))
  }

  @Test func legacyRoleMetaCollectionsAndRolesPath() throws {
    let path = try write(collectionFiles(root: "installed").merging([
      "play.yml": "- hosts: all\n  roles: [site_role]\n",
      "shelf/site_role/meta/main.yml": "collections: [acme.tools]\ndependencies: [base]\n",
      "shelf/site_role/tasks/main.yml": "- debug: msg=site\n",
    ]) { $1 })
    let folder = (path as NSString).deletingLastPathComponent
    let loader = PlaybookLoader(
      catalog: FakeCatalog(), rolesPath: [folder + "/shelf"], collections: CollectionRoots([folder + "/installed/ansible_collections"]))
    let role = try loader.load(path).plays[0].roles[0]
    #expect(names(role.tasks) == ["acme.tools.base : debug", "site_role : debug"])
    #expect(tasks(role.tasks).last?.role?.collections == ["acme.tools", "ansible.legacy"])
  }

  @Test func playbooksFromCollections() throws {
    let playbook = try load("""
      - import_playbook: acme.tools.site
      - ansible.builtin.import_playbook: acme.tools.sub.inner
      - hosts: all
        roles: [acme.tools.base]
      """, files: collectionFiles())
    // The collection's playbook finds `web` in its own collection (its default collection).
    #expect(playbook.plays.map { $0.roles.map(\.name) } == [["acme.tools.web"], [], ["acme.tools.base"]])
    #expect(names(playbook.plays[1].tasks) == ["acme.tools.base : debug"])

    let folder = (try write(collectionFiles()) as NSString).deletingLastPathComponent
    let loader = PlaybookLoader(catalog: FakeCatalog(), collections: CollectionRoots([folder + "/collections"]))
    let located = try #require(loader.locate("acme.tools.site"))
    #expect(located.collection == "acme.tools" && located.path.hasSuffix("acme/tools/playbooks/site.yml"))
    #expect(loader.locate("acme.tools.nosuch") == nil && loader.locate("acme.nosuch.site") == nil)
    #expect(try loader.load("acme.tools.site").plays[0].roles.map(\.name) == ["acme.tools.web"])
  }

  @Test func includeRoleAtRunTimeFromACollectionRole() throws {
    let folder = (try write(collectionFiles()) as NSString).deletingLastPathComponent
    let loader = PlaybookLoader(catalog: FakeCatalog(), collections: CollectionRoots([folder + "/collections"]))
    let web = try loader.loadRole("acme.tools.web", from: folder, tasksFrom: nil, parameters: [:], inheriting: nil)
    let inner = try #require(tasks(web.tasks).last)
    // include_role of a short name in a task of the collection's role: its sibling.
    let base = try loader.loadRole("base", from: folder, tasksFrom: nil, parameters: [:], inheriting: inner)
    #expect(base.name == "acme.tools.base")
  }

  @Test func missingRoleNamesEveryPlaceSearched() throws {
    let path = try write(collectionFiles().merging(["play.yml": "- hosts: all\n  collections: [acme.tools]\n  roles:\n    - nosuch\n"]) { $1 })
    let folder = (path as NSString).deletingLastPathComponent
    let loader = PlaybookLoader(catalog: FakeCatalog(), rolesPath: ["/nonexistent/roles"])
    do {
      _ = try loader.load(path)
      Issue.record("a missing role must fail to load")
    } catch {
      #expect(error.location.line == 4 && error.location.column == 7)
      #expect(error.message == "the role 'nosuch' was not found in acme.tools:ansible.legacy:\(folder)/roles:/nonexistent/roles:\(folder)")
      #expect(error.exitCode == 1)
    }
    let missingFQCN = try failure("- hosts: all\n  roles: [acme.tools.nosuch]\n", files: collectionFiles())
    #expect(missingFQCN.message.hasPrefix("the role 'acme.tools.nosuch' was not found in /"))
    let badKeyword = try failure("- hosts: all\n  collections: [acme]\n  tasks: []\n")
    #expect(badKeyword.message.contains("namespace.name"))
  }

  @Test func collectionRootsNormalizeAndSplit() {
    #expect(CollectionRoots(["/a/ansible_collections", "/a", "~/x"]).roots == ["/a", NSString(string: "~/x").expandingTildeInPath])
    #expect(CollectionRoots.split("ns.coll.role")! == ("ns.coll", ["role"]))
    #expect(CollectionRoots.split("ns.coll.sub.play")?.rest == ["sub", "play"])
    #expect(CollectionRoots.split("geerlingguy.mysql") == nil && CollectionRoots.split("a.b-c.d") == nil)
  }
}
