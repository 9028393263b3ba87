import AnsibleYAML
import Foundation
import Yams
import ValueModel

/// A YAML file the loader read, kept whole so that every error can name file:line:column
/// and quote the offending line with a caret under it.
struct SourceFile {
  let path: String
  let text: String
  let root: Node?
  /// The loader that read it: values taken from its nodes decrypt `!vault` with its secrets.
  var yaml = YAMLLoader()

  /// Folder of the file: relative paths written in it resolve from here.
  var directory: String { (path as NSString).deletingLastPathComponent }

  /// Reads and composes `path`. `reference` is where the file was asked for (an
  /// `import_tasks`, a role), so a missing file is reported there.
  static func read(
    _ path: String, requestedAt reference: SourceLocation?, excerpt: String = "", yaml: YAMLLoader
  ) throws(PlaybookError) -> SourceFile {
    let text: String
    do { text = try ControllerFile.readText(path) } catch {
      let reason = error == .notAFile(path) ? "'\(path)' does not appear to be a file" : "could not find or access '\(path)' on the controller"
      throw PlaybookError(reference ?? SourceLocation(file: path, line: 0, column: 0), reason, excerpt: excerpt)
    }
    do {
      return SourceFile(path: path, text: text, root: try yaml.compose(text, file: path), yaml: yaml)
    } catch {
      throw PlaybookError(
        SourceLocation(file: path, line: error.line, column: error.column), "YAML parsing failed: \(error.message)",
        excerpt: SourceExcerpt.render(text, line: error.line, column: error.column))
    }
  }

  func location(_ node: Node) -> SourceLocation {
    SourceLocation(file: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
  }

  /// An error at `node`, with its line quoted.
  func error(_ node: Node, _ message: String) -> PlaybookError {
    let place = location(node)
    return PlaybookError(place, message, excerpt: SourceExcerpt.render(text, line: place.line, column: place.column))
  }

  /// The node as a plain value, for arguments and variables.
  func value(_ node: Node) throws(PlaybookError) -> Value {
    do { return try yaml.value(node, file: path) } catch {
      let place = SourceLocation(file: path, line: error.line, column: error.column)
      throw PlaybookError(place, error.message, excerpt: SourceExcerpt.render(text, line: place.line, column: place.column))
    }
  }

  /// The node as a mapping with its keys in written order; `what` names it in the error.
  func map(_ node: Node, _ what: String) throws(PlaybookError) -> YAMLMap {
    guard case let .mapping(mapping) = node else { throw error(node, "\(what) must be a mapping, not \(Self.kind(node))") }
    var entries: [YAMLMap.Entry] = []
    for (key, value) in mapping {
      guard let name = key.string, case .scalar = key else { throw error(key, "\(what) keys must be strings") }
      entries.append(YAMLMap.Entry(key: name, keyNode: key, value: value))
    }
    return YAMLMap(node: node, entries: entries)
  }

  /// The items of a sequence; null is an empty list, as Ansible reads `tasks:` with nothing.
  func list(_ node: Node, _ what: String) throws(PlaybookError) -> [Node] {
    switch node {
    case let .sequence(sequence): return Array(sequence)
    case .scalar where node.tag.description == Tag.Name.null.rawValue: return []
    default: throw error(node, "\(what) must be a list, not \(Self.kind(node))")
    }
  }

  /// A word for the YAML type of a node, as error messages show it.
  static func kind(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar:
      switch node.tag.description {
      case Tag.Name.null.rawValue: return "null"
      case Tag.Name.bool.rawValue: return "a boolean"
      case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return "a number"
      default: return "a string"
      }
    }
  }
}

/// A YAML mapping read in the order it was written, each key with its own node so errors
/// can point at the key itself.
struct YAMLMap {
  struct Entry {
    let key: String
    let keyNode: Node
    let value: Node
  }

  let node: Node
  let entries: [Entry]

  subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

  func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

  func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
}
