import ArgumentParser
import SwiftPlayCore

/// ansible-playbook's own options, and become options both modes share.
struct PlaybookOptions: ParsableArguments {
  @Option(name: [.customShort("t"), .customLong("tags")], help: "Run only tasks with these tags (comma separated; repeatable). In ad-hoc mode: the --tree folder.")
  var tags: [String] = []

  @Option(name: .customLong("skip-tags"), help: "Skip tasks with these tags (comma separated; repeatable).")
  var skipTags: [String] = []

  @Flag(name: [.customShort("C"), .customLong("check")], help: "Change nothing: report what would change.")
  var check = false

  @Flag(name: [.customShort("D"), .customLong("diff")], help: "Show what changes in files, as unified diffs.")
  var diff = false

  @Flag(name: .customLong("syntax-check"), help: "Load and check the playbooks, run nothing.")
  var syntaxCheck = false

  @Flag(name: .customLong("list-tasks"), help: "List the tasks that would run, and stop.")
  var listTasks = false

  @Flag(name: .customLong("list-tags"), help: "List the tags of the tasks, and stop.")
  var listTags = false

  @Option(name: .customLong("start-at-task"), help: "Start at the task with this name.")
  var startAtTask: String?

  @Flag(name: .customLong("step"), help: "Confirm each task before it runs.")
  var step = false

  @Flag(name: [.customShort("b"), .customLong("become")], help: "Run tasks as another user (sudo by default).")
  var become = false

  @Option(name: .customLong("become-user"), help: "The user to become (default root).")
  var becomeUser: String?

  @Option(name: .customLong("become-method"), help: "sudo (default) or su.")
  var becomeMethod: String?

  @Flag(name: [.customShort("K"), .customLong("ask-become-pass")], help: "Ask for the become (sudo) password once.")
  var askBecomePass = false

  @Option(name: .customLong("output"), help: "Output format: default, or json (as ANSIBLE_STDOUT_CALLBACK=json).")
  var output: String?

  @Flag(name: .customLong("profile"), help: "After the recap, list the slowest tasks.")
  var profile = false

  @Flag(name: .customLong("force-handlers"), help: "Run notified handlers even on hosts that failed.")
  var forceHandlers = false

  /// `-t a,b -t c` → [a, b, c].
  static func split(_ values: [String]) -> Set<String> {
    Set(values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty })
  }

  /// Become as these flags and ansible.cfg ask for it (the -K password is asked later,
  /// after the SSH password, as Ansible asks them).
  func becomeDefaults(_ config: AnsibleConfig) -> BecomeDefaults {
    var become = BecomeDefaults()
    become.become = self.become || config.bool("become")
    become.user = becomeUser ?? config["become_user"] ?? "root"
    become.method = becomeMethod ?? config["become_method"] ?? "sudo"
    become.flags = config["become_flags"]
    return become
  }
}
