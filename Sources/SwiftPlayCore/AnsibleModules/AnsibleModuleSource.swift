/// Where one of Ansible's own modules (or a `library/` module) lives on the controller,
/// as the resolver found it: the file to pack and the dotted name it is run under.
package struct AnsibleModuleSource: Sendable, Equatable, Hashable {
  /// The name results and messages use: `ansible.builtin.getent`,
  /// `ansible.posix.authorized_key`, or a `library/` module's file name.
  package let name: String
  /// The Python file.
  package let path: String
  /// The dotted name the module runs as inside the payload (`ansible.modules.getent`,
  /// `ansible_collections.ansible.posix.plugins.modules.authorized_key`).
  package let importName: String
  /// The folder holding `ansible_collections` for a collection's module, where its
  /// `plugins/module_utils` imports are found first.
  package let collectionsRoot: String?

  package init(name: String, path: String, importName: String, collectionsRoot: String? = nil) {
    self.name = name
    self.path = path
    self.importName = importName
    self.collectionsRoot = collectionsRoot
  }

  /// The short name (`getent`), which Ansible's module reports in its messages.
  package var shortName: String { name.split(separator: ".").last.map(String.init) ?? name }
}
