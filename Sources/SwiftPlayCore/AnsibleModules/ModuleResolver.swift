import AnsibleYAML
import Foundation
import Synchronization
import ValueModel

/// The one place a module name is resolved, as Ansible resolves it: the engine's own
/// actions, then for a short (or `ansible.legacy.`) name the play's `collections:`
/// search list, the `library/` folders, swiftplay's Swift modules and Ansible's builtin
/// modules, and the builtin runtime's redirects (`mysql_user` →
/// `community.mysql.mysql_user`); for a FQCN the collection's module under the collections
/// paths, following its `meta/runtime.yml` redirects.
package final class ModuleResolver: ModuleCatalog {
  package let native: [any Module.Type]
  package let controller: ControllerAnsible?
  /// Folders holding `ansible_collections/`, searched in order; a playbook's own
  /// `collections/` folder joins in front as it loads.
  private let roots: Mutex<[String]>
  package var collectionRoots: [String] { roots.withLock { $0 } }
  /// `library` setting folders; playbook and role `library/` folders join as they load.
  private let libraries: Mutex<[String]>
  package let runner: AnsibleModuleRunner?
  private let routing = Mutex<[String: ValueDict]>([:])
  /// Deprecation warnings of the routes taken so far, each once, in Ansible's words.
  private let notices = Mutex<[String]>([])

  package init(
    native: [any Module.Type], controller: ControllerAnsible? = ControllerAnsible.installed, collectionsPath: [String] = [],
    library: [String] = [], moduleUtils: [String] = [], interpreter: String = "auto", remoteTmp: String = "~/.ansible/tmp"
  ) {
    self.native = native
    self.controller = controller
    // The same roots, in the same order, as the loader finds collection roles in.
    let roots = CollectionRoots(collectionsPath + [controller?.bundledCollections].compactMap { $0 }).roots
    self.roots = Mutex(roots)
    libraries = Mutex(library)
    runner = controller.map { controller in
      AnsibleModuleRunner(
        moduleUtilsPaths: moduleUtils + [controller.moduleUtils], collectionRoots: roots, interpreter: interpreter,
        remoteTmp: remoteTmp, ansibleVersion: controller.version)
    }
  }

  package func moduleType(named name: String) -> (any Module.Type)? {
    let short = Keywords.shortName(name)
    return native.first { $0.name == short || $0.aliases.contains(short) }
  }

  /// Also adds the `module_utils/` folder beside it (a playbook's, a role's), as Ansible
  /// adds both when it loads a play or role.
  package func registerLibrary(_ folder: String) {
    let utils = (folder as NSString).deletingLastPathComponent + "/module_utils"
    if folder.hasSuffix("/library"), LoadState.exists(utils, directory: true) { runner?.addModuleUtils(utils) }
    guard LoadState.exists(folder, directory: true) else { return }
    libraries.withLock { if !$0.contains(folder) { $0.append(folder) } }
  }

  package func registerCollections(_ folder: String) {
    guard LoadState.exists(folder + "/ansible_collections", directory: true) else { return }
    roots.withLock { if !$0.contains(folder) { $0.insert(folder, at: 0) } }
    runner?.addCollections(folder)
  }

  package func resolve(_ name: String, collections: [String]) -> ResolvedModule? {
    resolve(name, collections: collections, depth: 0)
  }

  private func resolve(_ name: String, collections: [String], depth: Int) -> ResolvedModule? {
    guard depth < 10 else { return nil }
    let short = Keywords.shortName(name)
    if EngineActions.all.contains(short) { return .engine(short) }
    let isBuiltin = name.hasPrefix("ansible.builtin.") || name.hasPrefix("ansible.legacy.")
    if !isBuiltin && name.contains(".") {
      // A Swift module may stand for a collection's (`ansible.posix.sysctl`).
      if let module = native.first(where: { $0.aliases.contains(name) }) { return .native(module) }
      return collectionModule(name, depth: depth)
    }
    if !name.hasPrefix("ansible.builtin.") {
      for collection in collections where collection != "ansible.builtin" && collection != "ansible.legacy" {
        if let found = collectionModule(collection + "." + short, depth: depth) { return found }
      }
    }
    if let module = moduleType(named: short) { return .native(module) }
    if !name.hasPrefix("ansible.builtin.") {
      for folder in libraries.withLock({ $0 }) {
        let path = folder + "/" + short + ".py"
        if FileManager.default.fileExists(atPath: path) {
          return .ansible(AnsibleModuleSource(name: short, path: path, importName: "ansible.modules." + short))
        }
      }
    }
    return builtinModule(short, depth: depth)
  }

  /// Ansible's builtin module of that name, or where the builtin runtime redirects it: a
  /// module route (`mysql_user`), else an action route (`yum` runs the `dnf` action).
  private func builtinModule(_ short: String, depth: Int) -> ResolvedModule? {
    guard let controller else { return nil }
    let path = controller.builtinModules + "/" + short + ".py"
    if FileManager.default.fileExists(atPath: path) {
      return .ansible(AnsibleModuleSource(name: "ansible.builtin." + short, path: path, importName: "ansible.modules." + short))
    }
    for kind in ["modules", "action"] {
      if case let .string(target)? = routes(of: controller.builtinRuntime, kind: kind)[short]?["redirect"] {
        return resolve(target, collections: [], depth: depth + 1)
      }
    }
    return nil
  }

  /// `ns.coll.name` (or `ns.coll.sub.name`) under the collections roots.
  private func collectionModule(_ name: String, depth: Int) -> ResolvedModule? {
    let parts = name.split(separator: ".").map(String.init)
    guard parts.count >= 3 else { return nil }
    let collection = parts[0] + "/" + parts[1]
    let rest = parts.dropFirst(2)
    for root in collectionRoots {
      let base = root + "/ansible_collections/" + collection
      guard LoadState.exists(base, directory: true) else { continue }
      let route = routes(of: base + "/meta/runtime.yml")[rest.joined(separator: ".")]
      if let route { note(route, name: name, collection: parts[0] + "." + parts[1]) }
      if route?["tombstone"] != nil { return nil }
      if case let .string(target)? = route?["redirect"], target != name {
        return resolve(target, collections: [], depth: depth + 1)
      }
      let path = base + "/plugins/modules/" + rest.joined(separator: "/") + ".py"
      if FileManager.default.fileExists(atPath: path) {
        return .ansible(AnsibleModuleSource(
          name: name, path: path,
          importName: "ansible_collections." + parts[0] + "." + parts[1] + ".plugins.modules." + rest.joined(separator: "."),
          collectionsRoot: root))
      }
    }
    return nil
  }

  /// Records a route's deprecation as Ansible words it.
  private func note(_ route: ValueDict, name: String, collection: String) {
    guard case let .dict(deprecation)? = route["deprecation"] else { return }
    var message = "\(name) has been deprecated."
    if let text = deprecation["warning_text"]?.plainText, !text.isEmpty { message += " " + text }
    if let version = deprecation["removal_version"]?.plainText {
      message += " This feature will be removed from collection '\(collection)' version \(version)."
    } else if let date = deprecation["removal_date"]?.plainText {
      message += " This feature will be removed from collection '\(collection)' in a release after \(date)."
    }
    notices.withLock { if !$0.contains(message) { $0.append(message) } }
  }

  /// The deprecation warnings gathered since the last call, for the output to print.
  package func takeDeprecations() -> [String] {
    notices.withLock { taken in
      defer { taken = [] }
      return taken
    }
  }

  /// `plugin_routing.<kind>` (`modules`, `action`) of a runtime file, the file read once.
  private func routes(of file: String, kind: String = "modules") -> [String: ValueDict] {
    let plugins: ValueDict
    if let known = routing.withLock({ $0[file] }) {
      plugins = known
    } else {
      plugins = Self.pluginRouting(file)
      routing.withLock { $0[file] = plugins }
    }
    guard case let .dict(table)? = plugins[kind] else { return [:] }
    return Dictionary(uniqueKeysWithValues: table.compactMap { key, value in
      if case let .dict(entry) = value { return (key, entry) } else { return nil }
    })
  }

  private static func pluginRouting(_ file: String) -> ValueDict {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
      case let .dict(top)? = try? YAMLLoader().load(text, file: file), case let .dict(plugins)? = top["plugin_routing"]
    else { return [:] }
    return plugins
  }

  /// The Ansible module behind a Swift one, for options the Swift one does not implement.
  package func ansibleTwin(of module: any Module.Type) -> AnsibleModuleSource? {
    guard case let .ansible(source)? = builtinModule(module.name, depth: 0) else { return nil }
    return source
  }

  /// Whether the Ansible module needs a controller-side action plugin (copy, template,
  /// synchronize...) that swiftplay does not have: such a module cannot run on its own.
  package func needsActionPlugin(_ source: AnsibleModuleSource) -> Bool {
    let short = source.shortName
    if source.name.hasPrefix("ansible.builtin.") {
      guard let controller else { return false }
      return !EngineActions.moduleOnlyActionPlugins.contains(short)
        && FileManager.default.fileExists(atPath: controller.package + "/plugins/action/" + short + ".py")
    }
    guard let root = source.collectionsRoot else { return false }
    let parts = source.name.split(separator: ".").map(String.init)
    guard parts.count >= 3 else { return false }
    return FileManager.default.fileExists(
      atPath: root + "/ansible_collections/" + parts[0] + "/" + parts[1] + "/plugins/action/" + short + ".py")
  }
}

extension ModuleResolver {
  /// Ansible's message for a name nothing answers to.
  package func unknownModuleError(_ name: String) -> ModuleError {
    var message = "couldn't resolve module/action '\(name)'. This often indicates a misspelling, missing collection, "
      + "or incorrect module path"
    if controller == nil {
      message += ". Ansible is not installed on this controller, so only swiftplay's own modules are available: "
        + "`pip install ansible` provides Ansible's modules and collections"
    }
    return ModuleError(module: name, message: message)
  }
}
