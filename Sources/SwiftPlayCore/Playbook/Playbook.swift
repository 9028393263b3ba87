/// A playbook as loaded: `import_playbook` already expanded, so `plays` is every play in
/// the order it runs.
public struct Playbook: Sendable {
  /// The path given on the command line.
  public var path: String
  public var plays: [Play]

  public init(path: String, plays: [Play]) {
    self.path = path
    self.plays = plays
  }
}

/// One play. Keywords that tasks inherit (become, environment, tags, ...) are already
/// copied into each task by the loader; the play keeps what only the play uses.
public struct Play: Sendable {
  public var location: SourceLocation
  /// Folder of the file that holds the play: relative paths (vars_files, src:, lookups,
  /// `playbook_dir`) resolve from here.
  public var directory: String
  /// May hold a template; the raw text when absent is the `hosts` value, as Ansible shows.
  public var name: String?
  /// A host pattern, possibly a template rendered with extra vars and play vars.
  public var hosts: String
  /// Play `vars`, in the order written (later ones may refer to earlier ones).
  public var vars: [String: JSONValue]
  /// Each entry a file path or a list of paths of which the first that exists is read.
  public var varsFiles: [JSONValue]
  public var varsPrompt: [VarsPrompt]
  /// nil: the configuration's `gathering` decides (implicit: gather).
  public var gatherFacts: Bool?
  /// Numbers, or percentages written "30%"; empty for the whole play at once.
  public var serial: [JSONValue]
  public var strategy: String
  public var anyErrorsFatal: Bool
  public var maxFailPercentage: Double?
  public var forceHandlers: Bool
  /// Sections in the order they run; handlers are flushed after each.
  public var preTasks: [TaskNode]
  /// The play's roles, each already expanded (dependencies first) to its blocks.
  public var roles: [Role]
  public var tasks: [TaskNode]
  public var postTasks: [TaskNode]
  /// The play's handlers and its roles' handlers, in definition order.
  public var handlers: [Task]
  /// Play-level tags, already inherited by every task; kept for `--list-tags`.
  public var tags: [String]
  /// Connection keywords: remote_user, become, become_user, become_method, connection, port.
  public var connectionKeywords: [String: JSONValue]
  /// Conditions of an `import_playbook` that brought the play in: tasks already carry them;
  /// the engine evaluates them before gathering facts, as Ansible does.
  public var when: [JSONValue] = []
  /// `order:` of hosts (inventory, reverse_inventory, sorted, reverse_sorted, shuffle).
  public var order: String?
  /// `gather_subset`, `gather_timeout` and `fact_path`, raw, for the implicit setup task.
  public var gatherSubset: JSONValue?
  public var gatherTimeout: JSONValue?
  public var factPath: JSONValue?
  /// Every play-level keyword tasks inherit (also what the implicit fact-gathering task uses).
  public var scope = KeywordScope()

  public init(location: SourceLocation, directory: String, hosts: String) {
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
public struct VarsPrompt: Sendable {
  public var name: String
  public var prompt: String
  public var defaultValue: String?
  public var isPrivate: Bool
  public var confirm: Bool
  /// `encrypt:` a passlib scheme name (`sha512_crypt`...): the answer is stored hashed.
  public var encrypt: String?
  public var saltSize: Int?
  public var salt: String?
  /// `unsafe: true`: the answer is never templated (Ansible keeps it untrusted).
  public var unsafe = false

  public init(name: String, prompt: String, defaultValue: String? = nil, isPrivate: Bool = true, confirm: Bool = false) {
    self.name = name
    self.prompt = prompt
    self.defaultValue = defaultValue
    self.isPrivate = isPrivate
    self.confirm = confirm
  }
}
