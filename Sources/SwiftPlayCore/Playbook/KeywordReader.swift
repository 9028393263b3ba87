import Foundation
import Yams
import ValueModel

/// Reads keyword values as Ansible accepts them (a condition as a string, a bool or a list;
/// tags as a comma-separated string or a list, ...) and fills a `KeywordScope`.
struct KeywordReader {
  let file: SourceFile

  /// Reads `key` into `scope` when it is an inheritable keyword (or `when`, `vars`,
  /// `delegate_to`, `notify`); false when the caller must handle it.
  func read(_ key: String, _ node: Node, into scope: inout KeywordScope) throws(PlaybookError) -> Bool {
    if Keywords.connection.contains(key) {
      scope.connectionKeywords[key] = try file.value(node)
      return true
    }
    switch key {
    case "when": scope.when = try conditions(node)
    case "tags": scope.tags = try tags(node)
    case "vars": scope.vars = try vars(node)
    case "environment":
      let value = try file.value(node)
      if value != .null { scope.environment = [value] }
    case "module_defaults": scope.moduleDefaults = try moduleDefaults(node)
    case "ignore_errors": scope.ignoreErrors = try file.value(node)
    case "ignore_unreachable": scope.ignoreUnreachable = try file.value(node)
    case "no_log": scope.noLog = try file.value(node)
    case "check_mode": scope.checkMode = try file.value(node)
    case "diff": scope.diff = try file.value(node)
    case "run_once": scope.runOnce = try file.value(node).asBoolean
    case "any_errors_fatal": scope.anyErrorsFatal = try file.value(node).asBoolean
    case "delegate_to": scope.delegateTo = try file.value(node)
    case "delegate_facts": scope.delegateFacts = try file.value(node).asBoolean
    case "notify": scope.notify = try names(node, "notify")
    case "throttle": scope.throttle = try file.value(node)
    case "timeout": scope.timeout = try file.value(node)
    case "collections": scope.collections = try names(node, "collections")
    case "debugger": break  // accepted; swiftplay has no debugger
    default: return false
    }
    return true
  }

  /// `when`, `changed_when`, `failed_when`, `until`: each item a condition.
  func conditions(_ node: Node) throws(PlaybookError) -> [Value] {
    switch try file.value(node) {
    case .null: return []
    case let .list(items): return items
    case let value: return [value]
    }
  }

  func tags(_ node: Node) throws(PlaybookError) -> [String] {
    var result: [String] = []
    func add(_ tag: String) {
      let trimmed = tag.trimmingCharacters(in: .whitespaces)
      if !trimmed.isEmpty, !result.contains(trimmed) { result.append(trimmed) }
    }
    switch try file.value(node) {
    case .null: break
    case let .string(text): text.split(separator: ",").forEach { add(String($0)) }
    case let .list(items):
      for item in items {
        switch item {
        case .string, .int, .double: add(item.plainText)
        default: throw file.error(node, "tags must be specified as a list of strings")
        }
      }
    default: throw file.error(node, "tags must be specified as a list")
    }
    return result
  }

  func vars(_ node: Node) throws(PlaybookError) -> ValueDict {
    switch try file.value(node) {
    case .null: return [:]
    case let .dict(members): return members
    case let .list(items):
      // Ansible also takes a list of mappings, merged in order.
      var merged: ValueDict = [:]
      for item in items {
        guard case let .dict(members) = item else { throw file.error(node, "vars must be specified as a dictionary, or a list of dictionaries") }
        merged.merge(members) { _, new in new }
      }
      return merged
    default: throw file.error(node, "vars must be specified as a dictionary, or a list of dictionaries")
    }
  }

  /// `notify` and `listen`: one name or a list of names.
  func names(_ node: Node, _ keyword: String) throws(PlaybookError) -> [String] {
    switch try file.value(node) {
    case .null: return []
    case let .string(name): return [name]
    case let .list(items):
      var result: [String] = []
      for item in items {
        guard case let .string(name) = item else { throw file.error(node, "\(keyword) must be a name or a list of names") }
        result.append(name)
      }
      return result
    default: throw file.error(node, "\(keyword) must be a name or a list of names")
    }
  }

  /// A mapping of module (or `group/...`) names to their defaults, or a list of them.
  func moduleDefaults(_ node: Node) throws(PlaybookError) -> [String: ValueDict] {
    var result: [String: ValueDict] = [:]
    func add(_ value: Value) throws(PlaybookError) {
      guard case let .dict(modules) = value else { throw file.error(node, "module_defaults must be a dictionary, or a list of dictionaries") }
      for (module, defaults) in modules {
        guard case let .dict(arguments) = defaults else {
          throw file.error(node, "the module_defaults of '\(module)' must be a dictionary of arguments")
        }
        result[Keywords.shortName(module), default: [:]].merge(arguments) { _, new in new }
      }
    }
    switch try file.value(node) {
    case .null: break
    case let .list(items): for item in items { try add(item) }
    case let value: try add(value)
    }
    return result
  }

  /// A scalar keyword that must be text (`register`, `hosts`, ...).
  func string(_ node: Node, _ keyword: String) throws(PlaybookError) -> String {
    switch try file.value(node) {
    case let .string(text): return text
    case let value where value != .null: return value.plainText
    default: throw file.error(node, "\(keyword) must be a string")
    }
  }
}
