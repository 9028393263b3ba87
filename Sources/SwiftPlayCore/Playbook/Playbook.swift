import ValueModel

/// A playbook as loaded: `import_playbook` already expanded, so `plays` is every play in
/// the order it runs.
package struct Playbook: Sendable {
  /// The path given on the command line.
  package var path: String
  package var plays: [Play]

  package init(path: String, plays: [Play]) {
    self.path = path
    self.plays = plays
  }
}

/// One play. Keywords that tasks inherit (become, environment, tags, ...) are already
/// copied into each task by the loader; the play keeps what only the play uses.
package struct Play: Sendable {
  package var location: SourceLocation
  /// Folder of the file that holds the play: relative paths (vars_files, src:, lookups,
  /// `playbook_dir`) resolve from here.
  package var directory: String
  /// May hold a template; the raw text when absent is the `hosts` value, as Ansible shows.
  package var name: String?
  /// A host pattern, possibly a template rendered with extra vars and play vars.
  package var hosts: String
  /// Play `vars`, in the order written (later ones may refer to earlier ones).
  package var vars: ValueDict
  /// Each entry a file path or a list of paths of which the first that exists is read.
  package var varsFiles: [Value]
  package var varsPrompt: [VarsPrompt]
  /// nil: the configuration's `gathering` decides (implicit: gather).
  package var gatherFacts: Bool?
  /// Numbers, or percentages written "30%"; empty for the whole play at once.
  package var serial: [Value]
  package var strategy: String
  package var anyErrorsFatal: Bool
  package var maxFailPercentage: Double?
  package var forceHandlers: Bool
  /// Sections in the order they run; handlers are flushed after each.
  package var preTasks: [TaskNode]
  /// The play's roles, each already expanded (dependencies first) to its blocks.
  package var roles: [Role]
  package var tasks: [TaskNode]
  package var postTasks: [TaskNode]
  /// The play's handlers and its roles' handlers, in definition order.
  package var handlers: [PlaybookTask]
  /// Play-level tags, already inherited by every task; kept for `--list-tags`.
  package var tags: [String]
  /// Connection keywords: remote_user, become, become_user, become_method, connection, port.
  package var connectionKeywords: ValueDict
  /// Conditions of an `import_playbook` that brought the play in: tasks already carry them;
  /// the engine evaluates them before gathering facts, as Ansible does.
  package var when: [Value] = []
  /// `order:` of hosts (inventory, reverse_inventory, sorted, reverse_sorted, shuffle).
  package var order: String?
  /// `gather_subset`, `gather_timeout` and `fact_path`, raw, for the implicit setup task.
  package var gatherSubset: Value?
  package var gatherTimeout: Value?
  package var factPath: Value?
  /// Every play-level keyword tasks inherit (also what the implicit fact-gathering task uses).
  package var scope = KeywordScope()

  package init(location: SourceLocation, directory: String, hosts: String) {
    self.location = location
    self.directory = directory
    self.hosts = hosts
    self.vars = [:]
    self.varsFiles = []
    self.varsPrompt = []
    self.serial = []
    self.strategy = "linear"
    self.anyErrorsFatal = false
    self.forceHandlers = false
    self.preTasks = []
    self.roles = []
    self.tasks = []
    self.postTasks = []
    self.handlers = []
    self.tags = []
    self.connectionKeywords = [:]
  }
}

/// One `vars_prompt` entry.
package struct VarsPrompt: Sendable {
  package var name: String
  package var prompt: String
  package var defaultValue: String?
  package var isPrivate: Bool
  package var confirm: Bool
  /// `encrypt:` a passlib scheme name (`sha512_crypt`...): the answer is stored hashed.
  package var encrypt: String?
  package var saltSize: Int?
  package var salt: String?
  /// `unsafe: true`: the answer is never templated (Ansible keeps it untrusted).
  package var unsafe = false

  package init(name: String, prompt: String, defaultValue: String? = nil, isPrivate: Bool = true, confirm: Bool = false) {
    self.name = name
    self.prompt = prompt
    self.defaultValue = defaultValue
    self.isPrivate = isPrivate
    self.confirm = confirm
  }
}
