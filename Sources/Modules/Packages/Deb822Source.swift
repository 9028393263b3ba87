import Foundation

/// The text of a deb822 `.sources` file as Ansible's deb822_repository writes it: one
/// `Field: value` line per option given, in the alphabetical order of the option names
/// (so `X-Repolib-Name`, from `name`, sits between `Languages` and `Pdiffs`), booleans as
/// `yes`/`no`, lists joined by spaces, and text of several lines (an inline key) as a
/// continuation block indented four spaces with `.` for each empty line.
enum Deb822Source {
  /// A value of one option: Ansible's types for them.
  enum Field: Equatable, Sendable {
    case flag(Bool)
    case number(Int)
    case list([String])
    case text(String)
  }

  /// The file name part for `name`: lowercased, blanks and `_` runs made `-`, every other
  /// character but `a-z`, `0-9` and `-` dropped.
  static func slug(_ name: String) -> String {
    let dashed = name.lowercased().replacingOccurrences(of: #"[_\s]+"#, with: "-", options: .regularExpression)
    return dashed.replacingOccurrences(of: #"[^a-z0-9-]+"#, with: "", options: .regularExpression)
  }

  /// The field name for an option: `name` → `X-Repolib-Name`, `uris` → `URIs`, else each
  /// `_`-separated word capitalised and joined by `-` (`check_valid_until` → `Check-Valid-Until`).
  static func field(_ option: String) -> String {
    switch option {
    case "name": return "X-Repolib-Name"
    case "uris": return "URIs"
    default:
      return option.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: "-")
    }
  }

  /// The file: options in alphabetical order of their names, each on its line.
  static func render(_ options: [String: Field]) -> String {
    options.keys.sorted().map { key -> String in
      let value: String
      switch options[key] {
      case let .flag(flag): value = flag ? "yes" : "no"
      case let .number(number): value = String(number)
      case let .list(items): value = items.joined(separator: " ")
      case let .text(text): value = text
      case nil: value = ""
      }
      if value.contains("\n") { return "\(field(key)):\(multiline(value))\n" }
      // An empty value has no blank after the colon, as python-debian writes it.
      return value.isEmpty ? "\(field(key)):\n" : "\(field(key)): \(value)\n"
    }.joined()
  }

  /// Text of several lines as a deb822 continuation: each line trimmed and indented by
  /// four spaces, an empty one written `.`.
  static func multiline(_ text: String) -> String {
    let lines = text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
    return "\n" + lines.map { line in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      return "    " + (trimmed.isEmpty ? "." : trimmed)
    }.joined(separator: "\n")
  }

  /// Whether `signed_by` is a URL to download: a scheme (a letter, then letters, digits,
  /// `+`, `-` or `.`) before the first `:`. Key text and fingerprints have none.
  static func isURL(_ text: String) -> Bool {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
    let scheme = text[..<colon]
    guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
    return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
  }
}
