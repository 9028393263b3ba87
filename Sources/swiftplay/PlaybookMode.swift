import AnsibleYAML
import Foundation
import Modules
import SwiftPlayCore
import ValueModel

extension AdHocCommand {
  /// Playbook mode: every playbook is loaded and checked before anything connects, so a
  /// playbook that does not parse runs nothing at all (exit 4, as ansible-playbook).
  func executePlaybooks() async throws -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    let isTerminal = Terminal.stdoutIsTerminal
    let display = Display(colors: Display.wantsColor(environment: environment, config: config, isTerminal: isTerminal))
    config.warnings.forEach(display.warning)
    let yaml = try vaultOptions.runLoader(config, display: display)
    let flags = playbookOptions
    let extra: ValueDict
    do { extra = try ExtraVars.parse(extraVars, yaml: yaml) } catch { throw UsageError(message: error.description) }
    let catalog = RegistryCatalog.make(config)
    let loader = PlaybookLoader(
      catalog: catalog, rolesPath: config.pathList("roles_path"), extraVars: extra,
      collections: CollectionRoots.configured(config), yaml: yaml)
    var playbooks: [Playbook] = []
    for path in targets {
      // A path, or a collection's playbook by its fully qualified name.
      guard loader.locate(path) != nil else {
        display.error("the playbook: \(path) could not be found")
        return 1
      }
      do { playbooks.append(try loader.load(path)) } catch {
        display.error(error.description)
        return error.exitCode
      }
    }
    let deprecations = catalog.takeDeprecations()
    if !deprecations.isEmpty, config["deprecation_warnings"].flatMap(Value.parseBoolean) ?? true {
      display.warning("Deprecation warnings can be disabled by setting `deprecation_warnings=False` in ansible.cfg.")
      for message in deprecations { display.err("[DEPRECATION WARNING]: " + message, color: .warning) }
    }
    if flags.syntaxCheck {
      for path in targets { display.out("\nplaybook: \(path)") }
      return 0
    }
    var defaults = try connectionDefaults(config)
    var loadedInventory = InventoryLoader(yaml: yaml)
    let sources = inventory.isEmpty ? config.inventorySources : inventory
    var hostInventory = try loadedInventory.load(sources: sources, currentDirectory: FileManager.default.currentDirectoryPath)
    loadedInventory.warnings.forEach(display.warning)
    // group_vars/ and host_vars/ beside the playbook rank above the inventory's own.
    for folder in Set(playbooks.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path }).sorted() {
      try VarsFilesLoader(yaml: yaml).load(besides: folder, into: &hostInventory)
    }
    // The slice is taken from the whole inventory before any pattern or --limit, as AWX's.
    try inventoryShard()?.apply(to: &hostInventory)
    if flags.listTasks || flags.listTags || listHosts {
      PlaybookListing(
        inventory: hostInventory, limit: limit, tags: PlaybookOptions.split(flags.tags),
        skipTags: PlaybookOptions.split(flags.skipTags), extraVars: extra, display: display
      ).show(playbooks, hosts: listHosts, tasks: flags.listTasks, tags: flags.listTags)
      return 0
    }

    var options = runOptions(config, extraVars: extra)
    options.yaml = yaml
    options.inventorySources = sources.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    options.tags = PlaybookOptions.split(flags.tags)
    options.skipTags = PlaybookOptions.split(flags.skipTags)
    options.startAtTask = flags.startAtTask
    options.step = flags.step
    options.forceHandlers = flags.forceHandlers
    if askPass { defaults.password = try Terminal.readSecret(prompt: "SSH password: ") }
    if flags.askBecomePass || config.bool("become_ask_pass") {
      options.become.password = try Terminal.readSecret(prompt: "BECOME password: ")
    }
    let verbosity = self.verbosity
    let factory = ConnectionFactory(defaults: defaults, credentials: Credentials()) { level, message in
      if level <= verbosity { display.out(message, color: .verbose) }
    }
    let callback = makeCallback(display: display, environment: environment, options: options, isTerminal: isTerminal)
    let interrupt = InterruptFlag()
    var exitCode: Int32 = 0
    for playbook in playbooks {
      let runner = PlaybookRunner(
        playbook: playbook, inventory: hostInventory, options: options, factory: factory, catalog: catalog,
        loader: loader, callback: callback, prompt: { question in Self.ask(question) })
      exitCode = await runner.run(interrupted: { interrupt.isSet })
      if exitCode != 0 { break }
    }
    return exitCode
  }

  /// A `vars_prompt` question on the terminal (nil without one); with `confirm:` asked
  /// twice until both answers match, as Ansible asks. The engine applies the default.
  static func ask(_ question: VarsPrompt) -> String? {
    let text = question.prompt.isEmpty ? "input for \(question.name)" : question.prompt
    let prompt = text + (question.defaultValue.map { " [\($0)]" } ?? "") + ": "
    while true {
      guard let answer = try? Terminal.readSecret(prompt: prompt, echo: !question.isPrivate) else { return nil }
      guard question.confirm else { return answer }
      guard let again = try? Terminal.readSecret(prompt: "confirm " + prompt, echo: !question.isPrivate) else { return nil }
      if again == answer { return answer }
      print("***** VALUES ENTERED DO NOT MATCH ****")
    }
  }
}

/// The one module resolver of a run: swiftplay's Swift modules first, Ansible's own
/// (builtin, collections, `library/`) as the fallback, with the settings that say where
/// to find them and how to run them.
enum RegistryCatalog {
  static func make(_ config: AnsibleConfig) -> ModuleResolver {
    ModuleResolver(
      native: ModuleRegistry.all, collectionsPath: config.pathList("collections_path"), library: config.pathList("library"),
      moduleUtils: config.pathList("module_utils"), interpreter: config["interpreter_python"] ?? "auto",
      remoteTmp: config["remote_tmp"] ?? "~/.ansible/tmp")
  }
}

