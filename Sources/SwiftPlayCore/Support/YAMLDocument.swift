import Foundation
import Vault
import Yams

/// Reads YAML (and JSON, which is YAML) into `JSONValue`s, with errors that name the
/// file, line and column.
public enum YAMLDocument {
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
  }

  /// The document's value; an empty document is null.
  public static func load(_ text: String, file: String) throws(ParseError) -> JSONValue {
    guard let node = try compose(text, file: file) else { return .null }
    return try value(node, file: file)
  }

  /// The document as Yams nodes, for readers that need the order of mapping keys. A
  /// vault-encrypted file is decrypted first with the run's `VaultSecrets`.
  static func compose(_ text: String, file: String) throws(ParseError) -> Node? {
    var text = text
    if VaultKeyring.isVault(text) {
      do { text = try VaultSecrets.keyring.decryptString(text, source: file) } catch {
        throw ParseError(file: file, line: 1, column: 1, message: error.description)
      }
    }
    // Depth and alias expansion are bounded before composing, which would otherwise
    // recurse as deep as the text nests and hand every reader the aliases' full size.
    try YAMLLimits.check(text, file: file)
    do {
      return try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw parseError(error, file: file)
    } catch {
      throw ParseError(file: file, line: 0, column: 0, message: "\(error)")
    }
  }

  /// A node as a value: scalars by the tag the YAML resolver gave them.
  static func value(_ node: Node, file: String) throws(ParseError) -> JSONValue {
    switch node {
    case let .scalar(scalar) where node.tag.description == "!vault":
      // An inline `!vault |` value: its plaintext, as a string.
      do { return .string(try VaultSecrets.keyring.decryptString(scalar.string, source: "\(file):\(node.mark?.line ?? 0)")) } catch {
        throw ParseError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: error.description)
      }
    case let .scalar(scalar):
      // The tag the resolver gave: quoted "2222" stays a string, bare 2222 is an int.
      switch node.tag.description {
      case Tag.Name.null.rawValue: return .null
      case Tag.Name.bool.rawValue: return .bool(node.bool ?? false)
      case Tag.Name.int.rawValue: return node.int.map(JSONValue.int) ?? .string(scalar.string)
      case Tag.Name.float.rawValue: return node.float.map(JSONValue.double) ?? .string(scalar.string)
      default: return .string(scalar.string)
      }
    case let .sequence(sequence):
      var items: [JSONValue] = []
      for item in sequence { items.append(try value(item, file: file)) }
      return .array(items)
    case let .mapping(mapping):
      var members: [String: JSONValue] = [:]
      for (key, item) in mapping {
        guard let name = key.string else {
          let mark = key.mark
          throw ParseError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: "mapping keys must be strings")
        }
        members[name] = try value(item, file: file)
      }
      return .object(members)
    case let .alias(alias):
      throw ParseError(file: file, line: alias.mark?.line ?? 0, column: alias.mark?.column ?? 0, message: "unresolved alias")
    }
  }

  static func parseError(_ error: YamlError, file: String) -> ParseError {
    // When the parser knows where the unfinished construct began (an unclosed `[`), point
    // there: that is where the fix goes, not at the line where parsing gave up.
    func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ParseError {
      guard let context else { return ParseError(file: file, line: mark.line, column: mark.column, message: problem) }
      return ParseError(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "\(problem), \(context.text) that starts here")
    }
    switch error {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
      return located(context, problem, mark)
    case let .composer(context, problem, mark, _):
      return located(context, problem, mark)
    default:
      return ParseError(file: file, line: 0, column: 0, message: "\(error)")
    }
  }
}
