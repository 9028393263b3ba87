import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// lineinfile, blockinfile, replace and ini_file's text transformations against what
/// Ansible's own modules did to the same text with the same arguments (recorded by
/// scripts/text-edit-oracle in TextEditOracleCases.swift): new text, changed, msg.
struct TextEditOracleTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let module: String
    let before: String?
    let arguments: ValueDict
    let after: String?
    let changed: Bool
    let message: String

    init(
      _ module: String, _ before: String?, _ arguments: ValueDict, after: String?, changed: Bool, message: String
    ) {
      self.module = module
      self.before = before
      self.arguments = arguments
      self.after = after
      self.changed = changed
      self.message = message
    }

    var testDescription: String {
      "\(module) \(arguments.keys.sorted().map { "\($0)=\(arguments[$0]?.plainText ?? "")" }.joined(separator: " ")) on \(before.debugDescription)"
    }
  }

  static func transform(_ testCase: Case) throws -> TextEditResult {
    var options = testCase.arguments
    options["path"] = "/oracle/f"
    let arguments = ModuleArguments(options: options)
    switch testCase.module {
    case "lineinfile": return try LineInFileModule(arguments: arguments).transform(testCase.before)
    case "blockinfile": return try BlockInFileModule(arguments: arguments).transform(testCase.before)
    case "replace": return try ReplaceModule(arguments: arguments).transform(testCase.before)
    default: return try IniFileModule(arguments: arguments).transform(testCase.before)
    }
  }

  /// A case Ansible failed has its message as `message`: the module must refuse too.
  @Test(arguments: cases) func sameAsAnsible(_ testCase: Case) throws {
    let result: TextEditResult
    do {
      result = try Self.transform(testCase)
    } catch let error as ModuleError {
      #expect(error.message == testCase.message)
      return
    }
    #expect(result.changed == testCase.changed)
    #expect(result.message == testCase.message)
    #expect((result.changed ? result.text : testCase.before) == testCase.after)
  }
}
