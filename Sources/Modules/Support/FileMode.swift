import SwiftPlayCore
import ValueModel

/// A `mode:` option as Ansible reads it: an octal string (`"0644"`, `"644"`), a number
/// (YAML's `0644` is already octal; a bare `644` is taken as decimal, as Ansible does), or
/// chmod's symbolic form (`u+x,g-w`, `u=rwX,go=rX`), which depends on the current mode and
/// so is worked out per file at plan time.
enum FileMode: Sendable, Equatable {
  case absolute(Int)
  case symbolic(String)

  static let invalidMessage = "mode must be in octal or symbolic form"

  /// Reads the option; nil when absent. `preserve` is left to the caller.
  static func parse(_ value: Value?, module: String) throws(ModuleError) -> FileMode? {
    guard let value else { return nil }
    switch value {
    case .null: return nil
    case let .int(number) where number >= 0 && number <= 0o7777: return .absolute(number)
    case let .string(text):
      if !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }), let number = Int(text, radix: 8), number <= 0o7777 {
        return .absolute(number)
      }
      if text.allSatisfy({ ("0"..."9").contains($0) }) && !text.isEmpty {
        throw ModuleError(module: module, message: invalidMessage)
      }
      guard apply(symbolic: text, to: 0, isDirectory: false) != nil else {
        throw ModuleError(module: module, message: invalidMessage)
      }
      return .symbolic(text)
    default:
      throw ModuleError(module: module, message: invalidMessage)
    }
  }

  /// The permission bits this mode gives a file that has `current` now.
  func resolve(current: Int, isDirectory: Bool) -> Int {
    switch self {
    case let .absolute(bits): return bits
    case let .symbolic(text): return Self.apply(symbolic: text, to: current, isDirectory: isDirectory) ?? current
    }
  }

  /// Ansible's octal text for permission bits: `"0644"`, `"01777"`.
  static func text(_ bits: Int) -> String {
    let octal = String(bits & 0o7777, radix: 8)
    return String(repeating: "0", count: max(0, 4 - octal.count)) + (octal.count >= 4 ? "0" + octal : octal)
  }

  /// chmod's symbolic clauses (`[ugoa]*[-+=][rwxXst]*` separated by commas); nil when the
  /// text is not of that form. Without a who letter the umask is not applied (Ansible
  /// does the same: `+x` means `a+x`).
  static func apply(symbolic text: String, to current: Int, isDirectory: Bool) -> Int? {
    var mode = current
    for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
      var characters = Substring(clause)
      var who = 0
      while let first = characters.first, "ugoa".contains(first) {
        who |= ["u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777][String(first)] ?? 0
        characters = characters.dropFirst()
      }
      if who == 0 { who = 0o7777 }
      guard let op = characters.first, "+-=".contains(op) else { return nil }
      characters = characters.dropFirst()
      var bits = 0
      for permission in characters {
        switch permission {
        case "r": bits |= 0o444
        case "w": bits |= 0o222
        case "x": bits |= 0o111
        case "X": if isDirectory || mode & 0o111 != 0 { bits |= 0o111 }
        case "s": bits |= 0o6000
        case "t": bits |= 0o1000
        default: return nil
        }
      }
      switch op {
      case "+": mode |= who & bits
      case "-": mode &= ~(who & bits)
      default: mode = (mode & ~who) | (who & bits)
      }
    }
    return mode & 0o7777
  }
}
